import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from './free-port.js';

/** A Redis server of a test: a child process on a free port of 127.0.0.1, without persistence. */
export interface RedisService {
  /** `redis://127.0.0.1:<port>` */
  readonly url: string;
  readonly port: number;
  /** Kills it (SIGKILL) and starts a new, empty one on the same port: a Redis restarted without persistence. */
  restartEmpty(): Promise<void>;
  /** Kills it (SIGKILL): Redis is down until {@link start}. */
  stop(): Promise<void>;
  /** Starts a new, empty one on the same port. */
  start(): Promise<void>;
  /** Stops it for good and removes its directory. */
  remove(): Promise<void>;
}

/** Starts `redis-server` (no RDB snapshots, no AOF: a restart loses everything, the case to survive). */
export async function startRedis(): Promise<RedisService> {
  const dir = mkdtempSync(join(tmpdir(), 'bosonic-redis-'));
  const port = await freePort();
  let child = await launch(port, dir);
  return {
    url: `redis://127.0.0.1:${port}`,
    port,
    async restartEmpty() {
      await kill(child);
      child = await launch(port, dir);
    },
    async stop() {
      await kill(child);
    },
    async start() {
      if (child.exitCode === null && child.signalCode === null) return;
      child = await launch(port, dir);
    },
    async remove() {
      await kill(child);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

function launch(port: number, dir: string): Promise<ChildProcess> {
  const child = spawn(
    'redis-server',
    ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  return new Promise((resolve, reject) => {
    let output = '';
    const onData = (chunk: Buffer): void => {
      output += chunk.toString('utf8');
      if (output.includes('Ready to accept connections')) {
        child.stdout?.off('data', onData);
        child.stdout?.resume();
        child.off('exit', onExit);
        resolve(child);
      }
    };
    const onExit = (code: number | null): void =>
      reject(new Error(`redis-server exited (${code}):\n${output}`));
    child.stdout?.on('data', onData);
    child.stderr?.on('data', (chunk: Buffer) => {
      output += chunk.toString('utf8');
    });
    child.once('exit', onExit);
  });
}

function kill(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGKILL');
  });
}
