import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';

/**
 * Which of the external services the distributed-mode tests start are installed here. A test file calls
 * {@link servicesOrSkip}: on a machine without them it skips with one line saying how to install them, but with `CI`
 * set a missing service fails the run (CI must exercise the distributed mode).
 */

/** The directory of PostgreSQL's server binaries (Debian: /usr/lib/postgresql/<version>/bin), or undefined. */
export function postgresBinDir(): string | undefined {
  const root = '/usr/lib/postgresql';
  if (existsSync(root)) {
    const versions = readdirSync(root)
      .filter((name) => existsSync(`${root}/${name}/bin/initdb`))
      .sort((a, b) => Number(b) - Number(a));
    if (versions.length > 0) return `${root}/${versions[0]}/bin`;
  }
  try {
    const bin = execFileSync('pg_config', ['--bindir'], { encoding: 'utf8' }).trim();
    return existsSync(`${bin}/initdb`) ? bin : undefined;
  } catch {
    return undefined;
  }
}

/** True when `redis-server` is on the PATH. */
export function hasRedisServer(): boolean {
  try {
    execFileSync('redis-server', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/**
 * True when PostgreSQL and Redis are both installed. Otherwise: throws in CI, or prints one line and returns false
 * (the caller skips its tests).
 */
export function servicesOrSkip(what: string): boolean {
  const missing: string[] = [];
  if (postgresBinDir() === undefined) missing.push('postgresql');
  if (!hasRedisServer()) missing.push('redis-server');
  if (missing.length === 0) return true;
  const line = `${what}: skipped, ${missing.join(' and ')} not installed (Debian: apt-get install ${missing.join(' ')})`;
  if (process.env.CI) throw new Error(`${line.replace(': skipped,', ':')}; CI must run these tests`);
  console.warn(line);
  return false;
}
