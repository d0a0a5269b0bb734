import { fileURLToPath } from 'node:url';
import type { ServerOptions } from '../server-options.js';
import { type SpawnedChild, spawnChild } from './child-process.js';

/** A server running in a child process (built `dist/`), for tests. */
export interface ServerProcess extends SpawnedChild {
  readonly url: string;
}

const CHILD_SCRIPT = fileURLToPath(new URL('./server-child.mjs', import.meta.url));

/** Starts `runServerFromCli(options)` in a child process and resolves once it listens. */
export async function spawnServer(options: Omit<ServerOptions, 'logger'>): Promise<ServerProcess> {
  const spawned = await spawnChild(CHILD_SCRIPT, {
    args: [JSON.stringify(options)],
    ready: /^READY (\S+)$/m,
    what: 'The server process',
  });
  return Object.assign(spawned, { url: spawned.ready[1]! });
}
