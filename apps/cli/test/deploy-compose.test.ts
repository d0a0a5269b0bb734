// deploy/docker-compose.yml is the distributed topology of @bosonic/server's multi-process tests (PostgreSQL, Redis,
// two API nodes, N workers), for operators. Docker is not on the machines that run this suite, so the file is held
// to the code here: its services and wiring are checked, the environment variables are the names the CLI reads, and
// each bosonic service's command is run through the built CLI (host, port and token file pointed at this machine),
// which must accept every flag and read the URLs from that environment — a renamed flag or variable fails here.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DATABASE_URL_ENV, REDIS_URL_ENV } from '@bosonic/server';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { cleanEnv, runCli, tempDir } from './run-cli.js';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));

interface Service {
  image?: string;
  build?: { context: string; dockerfile: string };
  command?: string[];
  environment?: Record<string, string>;
  volumes?: string[];
  ports?: string[];
  depends_on?: Record<string, { condition: string }>;
  healthcheck?: { test: string[] };
  stop_grace_period?: string;
}

const compose = parse(readFileSync(join(ROOT, 'deploy/docker-compose.yml'), 'utf8'), { merge: true }) as {
  services: Record<string, Service>;
  volumes?: Record<string, unknown>;
};
const { services } = compose;
const API_NODES = ['api-a', 'api-b'] as const;
const BOSONIC = [...API_NODES, 'worker'] as const;

/** A value as compose reads it, `${NAME:-default}` taking its default (nothing else is set). */
function interpolated(value: string): string {
  return value.replace(/\$\{[A-Z_]+:-([^}]*)\}/g, '$1');
}

/** The value after `flag` in a command (undefined when absent). */
function flagValue(command: readonly string[], flag: string): string | undefined {
  const at = command.indexOf(flag);
  return at < 0 ? undefined : command[at + 1];
}

describe('deploy/docker-compose.yml', () => {
  it('runs PostgreSQL, Redis, two API nodes and the workers, from the bosonic image built by deploy/Dockerfile', () => {
    expect(Object.keys(services).sort()).toEqual(['api-a', 'api-b', 'postgres', 'redis', 'worker']);
    expect(services.postgres?.image).toMatch(/^postgres:\d+$/);
    // Redis as BullMQ needs it: nothing evicted; no persistence needed (the reconcilers requeue from PostgreSQL).
    expect(services.redis?.image).toMatch(/^redis:\d+$/);
    expect(flagValue(services.redis?.command ?? [], '--maxmemory-policy')).toBe('noeviction');
    for (const name of BOSONIC) {
      const service = services[name]!;
      expect(service.image, name).toBe('bosonic');
      expect(service.build, name).toEqual({ context: '..', dockerfile: 'deploy/Dockerfile' });
    }
    expect(existsSync(join(ROOT, 'deploy/Dockerfile'))).toBe(true);
    expect(readFileSync(join(ROOT, 'deploy/Dockerfile'), 'utf8')).toMatch(
      /^ENTRYPOINT \["node", "\/app\/node_modules\/@bosonic\/cli\/dist\/cli\.js"\]$/m,
    );
    expect(services['api-a']?.command?.[0]).toBe('serve');
    expect(services['api-b']?.command).toEqual(services['api-a']?.command);
    expect(services.worker?.command?.[0]).toBe('worker');
    // The data to back up lives in a named volume.
    expect(services.postgres?.volumes).toEqual(['pgdata:/var/lib/postgresql/data']);
    expect(compose.volumes).toHaveProperty('pgdata');
  });

  it('gives every bosonic service the URLs of that PostgreSQL and that Redis, under the names the CLI reads', () => {
    const postgresEnv = services.postgres?.environment ?? {};
    for (const name of BOSONIC) {
      const env = services[name]?.environment ?? {};
      expect(Object.keys(env).sort(), name).toEqual([DATABASE_URL_ENV, REDIS_URL_ENV].sort());
      const database = new URL(interpolated(env[DATABASE_URL_ENV]!));
      expect(database.protocol).toBe('postgresql:');
      expect(database.hostname).toBe('postgres');
      expect(database.port).toBe('5432');
      expect(database.username).toBe(postgresEnv.POSTGRES_USER);
      expect(database.password).toBe(interpolated(postgresEnv.POSTGRES_PASSWORD ?? ''));
      expect(database.pathname).toBe(`/${postgresEnv.POSTGRES_DB}`);
      const redis = new URL(env[REDIS_URL_ENV]!);
      expect(`${redis.protocol}//${redis.host}`).toBe('redis://redis:6379');
    }
    for (const name of API_NODES) {
      expect(services[name]?.depends_on, name).toEqual({
        postgres: { condition: 'service_healthy' },
        redis: { condition: 'service_healthy' },
      });
    }
    // SIGTERM puts a worker's running jobs back in the queue: compose must not kill it before (10 s by default).
    expect(services.worker?.stop_grace_period).toMatch(/^\d+s$/);
  });

  it('publishes each API node on its own host port, probed through /api/ready on the port it listens on', () => {
    const hostPorts = new Set<string>();
    for (const name of API_NODES) {
      const service = services[name]!;
      const port = flagValue(service.command!, '--port');
      expect(flagValue(service.command!, '--host'), name).toBe('0.0.0.0');
      expect(flagValue(service.command!, '--workers'), `${name} is an API-only node`).toBe('0');
      expect(service.ports, name).toHaveLength(1);
      const [hostPort, containerPort] = service.ports![0]!.split(':');
      expect(containerPort, name).toBe(port);
      hostPorts.add(hostPort!);
      expect(service.healthcheck?.test.join(' '), name).toContain(`http://127.0.0.1:${port}/api/ready`);
      // The token file is mounted where --token-file reads it.
      const tokenFile = flagValue(service.command!, '--token-file');
      expect(
        service.volumes?.some((volume) => volume.split(':')[1] === tokenFile),
        name,
      ).toBe(true);
    }
    expect(hostPorts.size).toBe(API_NODES.length);
  });

  it("runs each bosonic service's command with the CLI's real flags, reading the URLs from the environment", async () => {
    const dir = tempDir('bosonic-compose-');
    const tokens = join(dir, 'tokens.txt');
    writeFileSync(tokens, 'compose-test-token-0123456789\n');
    // Nothing listens on port 1: each command gets as far as connecting to the job database named by the environment.
    const env = cleanEnv({
      [DATABASE_URL_ENV]: 'postgresql://bosonic:secret@127.0.0.1:1/bosonic',
      [REDIS_URL_ENV]: 'redis://127.0.0.1:1',
    });
    for (const name of BOSONIC) {
      const service = services[name]!;
      const mounts = new Map(
        (service.volumes ?? []).map((volume) => [volume.split(':')[1]!, volume.split(':')[0]!]),
      );
      // Tests listen on 127.0.0.1 and free ports only; mounted files are read from this machine.
      const args = service.command!.map((arg, i, all) => {
        if (all[i - 1] === '--host') return '127.0.0.1';
        if (all[i - 1] === '--port') return '0';
        if (mounts.get(arg) === './tokens.txt') return tokens;
        return arg;
      });
      const { code, stderr } = await runCli(args, { env });
      expect(stderr, name).toContain('The job database cannot be reached');
      expect(code, name).toBe(1);
    }
  });
});
