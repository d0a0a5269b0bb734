// `bosonic worker` and the distributed options of `bosonic serve`: what a mistyped deployment gets told. (The
// distributed mode itself, with PostgreSQL and Redis, is tested in @bosonic/server's e2e suite.) The first check
// spawns the built binary; the others call the CLI's `main` in this process (run-main.ts).
import { describe, expect, it } from 'vitest';
import { cleanEnv, runCli } from './run-cli.js';
import { runMain } from './run-main.js';

describe('bosonic worker', () => {
  it('needs both URLs, from the flags or the environment', async () => {
    const { code, stderr } = await runCli(['worker'], { env: cleanEnv() });
    expect(code).toBe(2);
    expect(stderr).toContain('bosonic worker needs --database-url and --redis-url');
    expect(stderr).toContain('BOSONIC_DATABASE_URL');
  });

  it('refuses a database URL that is not PostgreSQL, naming the option', async () => {
    const env = cleanEnv({ BOSONIC_REDIS_URL: 'redis://127.0.0.1:9' });
    const { code, stderr } = await runMain(['worker', '--database-url', 'mysql://db/x'], { env });
    expect(code).toBe(1);
    expect(stderr).toContain('databaseUrl must be a postgresql:// URL');
  });

  it('documents its flags and environment in --help', async () => {
    const { code, stdout } = await runMain(['worker', '--help'], { env: cleanEnv() });
    expect(code).toBe(0);
    for (const flag of [
      '--database-url',
      '--redis-url',
      '--concurrency',
      '--threads-per-job',
      'BOSONIC_REDIS_URL',
    ]) {
      expect(stdout).toContain(flag);
    }
  });
});

describe('bosonic serve in the distributed mode', () => {
  it('needs the Redis URL with the database URL', async () => {
    const { code, stderr } = await runMain(
      ['serve', '--port', '0', '--database-url', 'postgresql://127.0.0.1:9/x'],
      {
        env: cleanEnv(),
      },
    );
    expect(code).toBe(1);
    expect(stderr).toContain('redisUrl is missing: the distributed mode needs both databaseUrl');
  });
});
