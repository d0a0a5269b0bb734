/** The external services tests and benchmarks start themselves (built as dist/bench-services.js for the benchmark). */
export { freePort } from './free-port.js';
export { type PostgresService, startPostgres } from './postgres-service.js';
export { type RedisService, startRedis } from './redis-service.js';
export { hasRedisServer, postgresBinDir } from './service-availability.js';
