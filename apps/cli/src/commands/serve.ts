import { join } from 'node:path';
import { userDataDir } from '@bosonic/cloud';
import {
  COMMON_OPTIONS,
  integerOption,
  parseCommandArgs,
  positionals,
  positiveNumberOption,
} from '../args.js';
import { ExitCode } from '../output/format-error.js';
import type { CommandContext } from './command.js';
import { loadServer } from './load-server.js';

export const SERVE_HELP = `Usage: bosonic serve [options]

Serves a self-hosted cloud (the Quandela Cloud protocol, backed by the native simulator) until Ctrl-C or
SIGTERM, which close it gracefully. Platforms: sim:slos, sim:naive, sim:clifford2017.

Options:
      --host <host>        interface to listen on (default 127.0.0.1)
      --port <port>        TCP port (default 8080; 0 picks a free one)
      --data-dir <dir>     where jobs are stored (default: <user data dir>/server)
      --token <token>      a token clients may use (repeatable; visible to other users in \`ps\`: prefer
                           --token-file or BOSONIC_SERVER_TOKENS)
      --token-file <file>  a file of tokens, one per line (# starts a comment); keep it chmod 600
                           Configured tokens (--token, --token-file, BOSONIC_SERVER_TOKENS) are the only ones
                           accepted: tokens stored by earlier starts that are not among them are revoked. With
                           none, the stored ones are accepted, and the first start creates one and prints it once
      --max-job-seconds <s>  longest run of any job: caps a job's max_execution_time, applies when it has
                           none (default: no cap); a job past it stops as if canceled, keeping partial results
      --retention-days <N> purge finished jobs N days after they stop (fractions allowed; default: keep them)
      --max-stored-bytes <N>
                           bytes one token's jobs may store (names, tags, requests, results; default 1 GiB);
                           beyond, creations answer 413 until finished jobs are deleted
      --workers <N>        simulation worker threads (default: the server's); with --database-url: jobs this
                           node runs besides the API (0: an API-only node, \`bosonic worker\` runs them)
      --database-url <url> PostgreSQL job store (postgresql://…): the distributed mode, with --redis-url;
                           several API nodes and \`bosonic worker\` processes share it (--data-dir unused)
      --redis-url <url>    Redis of the BullMQ queue (redis://…), with --database-url
      --accept-wal-loss    start even though the job database's write-ahead log, left by a crash, is damaged:
                           keeps the jobs before the damage, loses the later ones (the start is refused
                           otherwise; restoring a backup is the other way out)
  -q, --quiet              log warnings and errors only; without it the log also says when the server starts
                           and stops, which tokens it accepts, and when retention purges old jobs
      --json               print { url, dataDir, createdToken? } as JSON on stdout once listening, and log
                           JSON lines (pino's) instead of text

Output: the URL (and a created token) on stdout; the log on stderr, one line per event (there is no request
log). Warnings and errors always reach stderr, also with -q.

Environment:
  BOSONIC_SERVER_TOKENS    comma-separated tokens, added to --token and --token-file
  BOSONIC_DATABASE_URL     --database-url when not given (keeps a password out of \`ps\`)
  BOSONIC_REDIS_URL        --redis-url when not given
  -v, --verbose            show stack traces of errors
`;

/** `bosonic serve`: see {@link SERVE_HELP}. */
export async function serveCommand(args: string[], context: CommandContext): Promise<number> {
  const { values, positionals: rest } = parseCommandArgs(args, {
    ...COMMON_OPTIONS,
    host: { type: 'string' },
    port: { type: 'string' },
    'data-dir': { type: 'string' },
    token: { type: 'string', multiple: true },
    'token-file': { type: 'string' },
    workers: { type: 'string' },
    'max-job-seconds': { type: 'string' },
    'retention-days': { type: 'string' },
    'max-stored-bytes': { type: 'string' },
    'database-url': { type: 'string' },
    'redis-url': { type: 'string' },
    'accept-wal-loss': { type: 'boolean' },
    quiet: { type: 'boolean', short: 'q' },
  });
  positionals(rest, [], 'serve');
  const port = integerOption(values.port, 'port', 0, 65_535) ?? 8080;
  const maxJobSeconds = positiveNumberOption(values['max-job-seconds'], 'max-job-seconds');
  const retentionDays = positiveNumberOption(values['retention-days'], 'retention-days');
  const maxStoredBytes = integerOption(values['max-stored-bytes'], 'max-stored-bytes', 1024);
  // Loaded on demand: the server (fastify, SQLite) is only needed by this command, an optional peer dependency.
  const { DATABASE_URL_ENV, parseTokenList, REDIS_URL_ENV, runServerFromCli, stderrLogger, TOKENS_ENV } =
    await loadServer('serve');
  const databaseUrl = values['database-url'] ?? context.env[DATABASE_URL_ENV] ?? undefined;
  const redisUrl = values['redis-url'] ?? context.env[REDIS_URL_ENV] ?? undefined;
  const distributed = databaseUrl !== undefined || redisUrl !== undefined;
  const workers = integerOption(values.workers, 'workers', distributed ? 0 : 1);
  const dataDir = values['data-dir'] ?? join(userDataDir(context.env), 'server');
  const { terminal } = context;
  const tokens = [...(values.token ?? []), ...parseTokenList(context.env[TOKENS_ENV] ?? '')];
  if (values.token !== undefined) {
    terminal.note(
      '--token is visible to other users of this machine (ps); prefer --token-file or BOSONIC_SERVER_TOKENS',
    );
  }
  // stdout keeps what users read or parse (the URL, a created token, or --json's document); the log goes to stderr.
  const logger = stderrLogger({ json: terminal.json, quiet: values.quiet === true, stream: terminal.stderr });
  // SIGINT/SIGTERM close the server gracefully (running jobs go back to the queue); a second signal quits.
  const server = await runServerFromCli({
    host: values.host ?? '127.0.0.1',
    port,
    ...(distributed ? {} : { dataDir }),
    ...(databaseUrl === undefined ? {} : { databaseUrl }),
    ...(redisUrl === undefined ? {} : { redisUrl }),
    ...(tokens.length === 0 ? {} : { tokens }),
    ...(values['token-file'] === undefined ? {} : { tokenFile: values['token-file'] }),
    ...(workers === undefined ? {} : { workers }),
    ...(maxJobSeconds === undefined ? {} : { maxJobSeconds }),
    ...(retentionDays === undefined ? {} : { retentionDays }),
    ...(maxStoredBytes === undefined ? {} : { maxStoredBytesPerToken: maxStoredBytes }),
    ...(values['accept-wal-loss'] === true ? { acceptWalLoss: true } : {}),
    logger,
  });
  if (terminal.json) {
    terminal.printJson({
      url: server.url,
      ...(distributed ? { mode: 'distributed' } : { dataDir }),
      ...(server.createdToken ? { createdToken: server.createdToken } : {}),
    });
  } else {
    terminal.print(
      `bosonic cloud listening on ${server.url} (${distributed ? 'jobs in PostgreSQL, queued on Redis' : `data in ${dataDir}`})`,
    );
    if (server.createdToken) {
      terminal.print(`Created a token (shown only once, store it now): ${server.createdToken}`);
      terminal.print(`  e.g. bosonic login --url ${server.url} --token ${server.createdToken}`);
    }
    terminal.note('Press Ctrl-C to stop.');
  }
  const signal = await server.stopped;
  if (!terminal.json) terminal.note(`${signal ?? 'stopped'}: closed.`);
  return ExitCode.ok;
}
