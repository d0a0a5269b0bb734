import { BosonicError } from '@bosonic/core';

/** The server package: an optional peer dependency, since only `serve` and `worker` need it (and its native builds). */
export const SERVER_PACKAGE = '@bosonic/server';

/** `bosonic serve` (or `worker`) was run where `@bosonic/server` is not installed. */
export class ServerNotInstalledError extends BosonicError {
  /** @param command the command that needs the server (`serve`, `worker`). */
  constructor(command: string) {
    super(
      `bosonic ${command} needs ${SERVER_PACKAGE}, which is not installed: it is an optional peer dependency of ` +
        `@bosonic/cli (the other commands do without it). Install it where @bosonic/cli is: ` +
        `npm install ${SERVER_PACKAGE} (with -g for a global bosonic)`,
      'ERR_SERVER_NOT_INSTALLED',
    );
  }
}

/**
 * Imports `@bosonic/server` on demand for `command`. `importer` is the import itself (replaceable, so tests can run
 * it from a place without the package).
 * @throws ServerNotInstalledError when the package itself is missing; any other failure (a dependency of the
 *   server missing, a broken install) is rethrown as it is.
 */
export async function loadServer<T = typeof import('@bosonic/server')>(
  command: string,
  importer: () => Promise<T> = () => import('@bosonic/server') as Promise<T>,
): Promise<T> {
  try {
    return await importer();
  } catch (error) {
    const { code, message } = error as { code?: unknown; message?: unknown };
    if (code === 'ERR_MODULE_NOT_FOUND' && String(message).includes(`'${SERVER_PACKAGE}'`)) {
      throw new ServerNotInstalledError(command);
    }
    throw error;
  }
}
