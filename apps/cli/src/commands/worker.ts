import { COMMON_OPTIONS, integerOption, parseCommandArgs, positionals } from '../args.js';
import { ExitCode, UsageError } from '../output/format-error.js';
import type { CommandContext } from './command.js';
import { loadServer } from './load-server.js';

export const WORKER_HELP = `Usage: bosonic worker --database-url <url> --redis-url <url> [options]

Runs jobs of a distributed self-hosted cloud (\`bosonic serve --database-url … --redis-url …\`) on this machine's
native simulator, until Ctrl-C or SIGTERM: running jobs are then put back in the queue for another worker, and a
second signal quits at once. Start as many workers, on as many machines, as the load needs.

Options:
      --database-url <url>   PostgreSQL job store (postgresql://user:password@host:5432/db)
      --redis-url <url>      Redis of the BullMQ queue (redis://host:6379)
      --concurrency <N>      jobs run at the same time (default 1)
      --threads-per-job <N>  native threads per job (default: the cores shared between the concurrent jobs)
  -q, --quiet                log warnings and errors only (the log, on stderr, otherwise also says when the
                             worker starts and stops)
      --json                 log JSON lines (pino's) instead of text
  -v, --verbose              show stack traces of errors

Environment:
  BOSONIC_DATABASE_URL     --database-url when not given (keeps a password out of \`ps\`)
  BOSONIC_REDIS_URL        --redis-url when not given
`;

/** `bosonic worker`: see {@link WORKER_HELP}. */
export async function workerCommand(args: string[], context: CommandContext): Promise<number> {
  const { values, positionals: rest } = parseCommandArgs(args, {
    ...COMMON_OPTIONS,
    'database-url': { type: 'string' },
    'redis-url': { type: 'string' },
    concurrency: { type: 'string' },
    'threads-per-job': { type: 'string' },
    quiet: { type: 'boolean', short: 'q' },
  });
  positionals(rest, [], 'worker');
  const concurrency = integerOption(values.concurrency, 'concurrency', 1);
  const threadsPerJob = integerOption(values['threads-per-job'], 'threads-per-job', 1);
  // Loaded on demand: the server package (BullMQ, pg) is only needed by this command, an optional peer dependency.
  const { DATABASE_URL_ENV, REDIS_URL_ENV, startWorker, stderrLogger } = await loadServer('worker');
  const databaseUrl = values['database-url'] ?? context.env[DATABASE_URL_ENV];
  const redisUrl = values['redis-url'] ?? context.env[REDIS_URL_ENV];
  if (databaseUrl === undefined || redisUrl === undefined) {
    throw new UsageError(
      `bosonic worker needs --database-url and --redis-url (or ${DATABASE_URL_ENV} and ${REDIS_URL_ENV})`,
    );
  }
  const { terminal } = context;
  const worker = await startWorker({
    databaseUrl,
    redisUrl,
    ...(concurrency === undefined ? {} : { concurrency }),
    ...(threadsPerJob === undefined ? {} : { threadsPerJob }),
    logger: stderrLogger({ json: terminal.json, quiet: values.quiet === true, stream: terminal.stderr }),
  });
  if (terminal.json) terminal.printJson({ worker: 'running' });
  else terminal.note('bosonic worker running; press Ctrl-C to stop.');
  // SIGINT/SIGTERM: stop taking jobs, put the running ones back; a second signal exits at once.
  const signal = await new Promise<NodeJS.Signals>((resolve) => {
    let stopping = false;
    const onSignal = (name: NodeJS.Signals): void => {
      if (stopping) process.exit(130);
      stopping = true;
      void worker.close().then(() => resolve(name));
    };
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
  });
  if (!terminal.json) terminal.note(`${signal}: stopped.`);
  return ExitCode.ok;
}
