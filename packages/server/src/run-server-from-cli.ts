import type { ServerOptions } from './server-options.js';
import { type RunningServer, startServer } from './start-server.js';

/** Options of {@link runServerFromCli}. */
export interface CliServerOptions extends ServerOptions {
  /** Signals that stop the server gracefully (default SIGTERM and SIGINT). */
  signals?: readonly NodeJS.Signals[];
}

/** A server run by {@link runServerFromCli}. */
export interface CliServer extends RunningServer {
  /** Resolves once the server has stopped (after a signal or `close()`), with the signal if there was one. */
  readonly stopped: Promise<NodeJS.Signals | undefined>;
}

/**
 * Starts a server for a command-line process (`bosonic serve`): on SIGTERM or SIGINT it stops gracefully —
 * requests in flight are answered, running jobs are put back in the queue for the next start — and a second
 * signal exits at once (code 130). The caller prints `url` and `createdToken` and awaits `stopped`.
 */
export async function runServerFromCli(options: CliServerOptions): Promise<CliServer> {
  const { signals = ['SIGTERM', 'SIGINT'], ...serverOptions } = options;
  const server = await startServer(serverOptions);
  let settle!: (signal: NodeJS.Signals | undefined) => void;
  const stopped = new Promise<NodeJS.Signals | undefined>((resolve) => {
    settle = resolve;
  });
  let stopping = false;
  const onSignal = (signal: NodeJS.Signals): void => {
    if (stopping) process.exit(130);
    stopping = true;
    void stop(signal);
  };
  const stop = async (signal: NodeJS.Signals | undefined): Promise<void> => {
    try {
      await server.close();
    } finally {
      for (const name of signals) process.off(name, onSignal);
      settle(signal);
    }
  };
  for (const name of signals) process.on(name, onSignal);
  return {
    url: server.url,
    host: server.host,
    port: server.port,
    ...(server.createdToken === undefined ? {} : { createdToken: server.createdToken }),
    stopped,
    close(): Promise<void> {
      if (!stopping) {
        stopping = true;
        void stop(undefined);
      }
      return stopped.then(() => undefined);
    },
  };
}
