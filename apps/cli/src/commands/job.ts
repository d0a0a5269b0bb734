import type { RemoteJob, RpcClient } from '@bosonic/cloud';
import { JobNotCompleteError, type JobStatus, JobTimeoutError } from '@bosonic/core';
import { CLOUD_OPTIONS, COMMON_OPTIONS, integerOption, parseCommandArgs, positionals } from '../args.js';
import { ExitCode, UsageError } from '../output/format-error.js';
import { formatResultText, resultSize, resultsToJson } from '../output/format-results.js';
import { formatDuration } from '../output/progress-bar.js';
import { printable } from '../output/table.js';
import { openClient, resolveUrl, resumeRemoteJob } from '../remote/cloud-connection.js';
import type { Terminal } from '../terminal.js';
import { watchJob } from '../watch-job.js';
import type { CommandContext } from './command.js';
import { listJobsCommand } from './job-list.js';

const JOB_OPTIONS = {
  ...COMMON_OPTIONS,
  ...CLOUD_OPTIONS,
  top: { type: 'string' },
  timeout: { type: 'string' },
  status: { type: 'string', multiple: true },
  platform: { type: 'string' },
  name: { type: 'string' },
  tag: { type: 'string', multiple: true },
  'created-after': { type: 'string' },
  'created-before': { type: 'string' },
  limit: { type: 'string' },
} as const;

const SUBCOMMANDS = ['status', 'results', 'cancel', 'rerun', 'wait', 'delete', 'tag', 'list'] as const;
type Subcommand = (typeof SUBCOMMANDS)[number];

/** Flags that only `job list` takes. */
const LIST_FLAGS = ['status', 'platform', 'name', 'tag', 'created-after', 'created-before', 'limit'] as const;

/** Jobs `job list` shows when `--limit` is not given. */
export const DEFAULT_LIST_LIMIT = 20;

export const JOB_HELP = `Usage: bosonic job <status|results|cancel|rerun|wait|delete> <job-id> [options]
       bosonic job tag <job-id> <tag>…
       bosonic job list [filters]

Works on a remote job from its id (printed by \`bosonic run --platform … --async\`), from any process.

  status    the job's status, progress and times
  results   its results (partial ones for a canceled job); fails while it runs
  cancel    asks the cloud to cancel it
  rerun     starts a copy of a failed or canceled job; prints the new id
  wait      waits for it with a progress bar, then prints its results (Ctrl-C stops waiting, not the job)
  delete    removes a finished job and its results from the cloud (bosonic's server)
  tag       replaces the job's tags with those given (bosonic's server)
  list      the token's jobs, newest first: id, name, platform, status, progress, created, duration
            (bosonic's server)

Options:
      --url <url>        the cloud's URL (default: BOSONIC_CLOUD_URL, the config file, Quandela Cloud)
      --token <token>    the cloud token (default: BOSONIC_CLOUD_TOKEN, PCVL_CLOUD_TOKEN, the config file)
      --timeout <s>      wait: give up after this many seconds (the job keeps running)
      --top <N>          rows of the results table (default 10)
      --json             machine-readable output on stdout
  -v, --verbose          show stack traces of errors

Filters of list (every one given must hold):
      --status <s>       waiting, running, cancel_requested, completed, error or canceled (repeatable, or a,b)
      --platform <name>  e.g. sim:slos
      --name <text>      text contained in the job's name
      --tag <tag>        a tag the job carries (repeatable: every one)
      --created-after <time>, --created-before <time>
                         ISO 8601 (2026-12-05, 2026-12-05T10:00:00Z) or seconds since the epoch
      --limit <N>        jobs to show (default ${DEFAULT_LIST_LIMIT})
`;

/** A status as JSON-ready data. */
export function statusToJson(id: string | undefined, status: JobStatus): Record<string, unknown> {
  return {
    id,
    status: status.status,
    progress: status.progress,
    progressMessage: status.progressMessage ?? null,
    creationTime: status.creationTime.toISOString(),
    startTime: status.startTime?.toISOString() ?? null,
    stopTime: status.stopTime?.toISOString() ?? null,
    runningTime: status.runningTime,
    stopMessage: status.stopMessage ?? null,
  };
}

function printStatus(terminal: Terminal, id: string, job: RemoteJob): void {
  const status = job.knownStatus;
  const progress = `${Math.floor(status.progress * 100)}%`;
  const message = status.progressMessage ? ` (${printable(status.progressMessage)})` : '';
  terminal.print(`job ${id}: ${status.status} ${progress}${message}`);
  terminal.print(`  name      ${printable(job.name)}`);
  if (job.tags.length > 0) terminal.print(`  tags      ${job.tags.map((tag) => printable(tag)).join(', ')}`);
  terminal.print(`  created   ${status.creationTime.toISOString()}`);
  if (status.startTime !== undefined) terminal.print(`  started   ${status.startTime.toISOString()}`);
  if (status.stopTime !== undefined) terminal.print(`  stopped   ${status.stopTime.toISOString()}`);
  terminal.print(`  running   ${formatDuration(status.runningTime)}`);
  if (status.stopMessage) terminal.print(`  message   ${printable(status.stopMessage)}`);
}

function printResults(terminal: Terminal, job: RemoteJob, top: number | undefined): void {
  const results = job.getResults();
  const status = job.status.status;
  if (terminal.json) {
    terminal.printJson({ jobId: job.id, status, ...resultsToJson(results) });
    return;
  }
  terminal.print(
    `job ${job.id}: ${status}${status === 'CANCELED' ? ` (partial results, ${resultSize(results)} kept)` : ''}`,
  );
  terminal.print(formatResultText(results, top === undefined ? {} : { top }));
}

async function runSubcommand(
  subcommand: Exclude<Subcommand, 'list'>,
  client: RpcClient,
  id: string,
  context: CommandContext,
  options: { top: number | undefined; timeoutSeconds: number | undefined; tags: string[] },
): Promise<number> {
  const { terminal } = context;
  const job = await resumeRemoteJob(client, id);
  switch (subcommand) {
    case 'status': {
      if (terminal.json) {
        terminal.printJson({ ...statusToJson(id, job.knownStatus), name: job.name, tags: [...job.tags] });
      } else printStatus(terminal, id, job);
      return ExitCode.ok;
    }
    case 'results': {
      if (!job.isComplete) {
        const status = job.knownStatus;
        throw new JobNotCompleteError(
          `job ${id} is ${status.status} (${Math.floor(status.progress * 100)}%): no results yet — \`bosonic job wait ${id}\` waits for them`,
        );
      }
      printResults(terminal, job, options.top);
      return ExitCode.ok;
    }
    case 'cancel': {
      await job.cancel();
      const status = job.knownStatus;
      if (terminal.json) terminal.printJson(statusToJson(id, status));
      else terminal.print(`job ${id}: ${status.status}`);
      return ExitCode.ok;
    }
    case 'delete': {
      await job.delete();
      if (terminal.json) terminal.printJson({ jobId: id, deleted: true });
      else terminal.print(`job ${id}: deleted`);
      return ExitCode.ok;
    }
    case 'tag': {
      await job.setTags(options.tags);
      if (terminal.json) terminal.printJson({ jobId: id, tags: [...job.tags] });
      else terminal.print(`job ${id}: tags ${job.tags.map((tag) => printable(tag)).join(', ') || '(none)'}`);
      return ExitCode.ok;
    }
    case 'rerun': {
      const again = await job.rerun();
      if (terminal.json)
        terminal.printJson({ jobId: again.id, rerunOf: id, status: again.knownStatus.status });
      else terminal.print(again.id);
      return ExitCode.ok;
    }
    case 'wait': {
      const timeoutMs = options.timeoutSeconds === undefined ? undefined : options.timeoutSeconds * 1000;
      const outcome = await watchJob(job, terminal, { action: 'detach', timeoutMs });
      if (outcome.results !== undefined) {
        printResults(terminal, job, options.top);
        return ExitCode.ok;
      }
      if (outcome.interrupted) {
        const status = job.knownStatus;
        if (terminal.json) terminal.printJson(statusToJson(id, status));
        else terminal.note(`Stopped waiting: job ${id} is ${status.status} and keeps running on the cloud.`);
        return ExitCode.interrupted;
      }
      if (outcome.error instanceof JobTimeoutError) {
        throw new JobTimeoutError(
          `gave up waiting after ${options.timeoutSeconds}s: job ${id} is ${job.knownStatus.status} and keeps running on the cloud`,
          { timeoutMs: timeoutMs ?? 0 },
        );
      }
      throw outcome.error;
    }
  }
}

/** `bosonic job <subcommand> …`: see {@link JOB_HELP}. */
export async function jobCommand(args: string[], context: CommandContext): Promise<number> {
  const { values, positionals: rest } = parseCommandArgs(args, JOB_OPTIONS);
  const [subcommand, ...operands] = rest;
  if (subcommand === undefined) throw new UsageError('job: missing <subcommand>');
  if (!(SUBCOMMANDS as readonly string[]).includes(subcommand)) {
    throw new UsageError(`job: unknown subcommand '${subcommand}' (expected ${SUBCOMMANDS.join(', ')})`);
  }
  if (values.timeout !== undefined && subcommand !== 'wait')
    throw new UsageError('--timeout applies to `job wait` only');
  if (subcommand !== 'list') {
    const flag = LIST_FLAGS.find((name) => values[name] !== undefined);
    if (flag !== undefined) throw new UsageError(`--${flag} applies to \`job list\` only`);
  }
  let id = '';
  let tags: string[] = [];
  if (subcommand === 'list') positionals(operands, [], 'job list');
  else if (subcommand === 'tag') {
    [id = '', ...tags] = operands;
    if (id === '' || tags.length === 0) throw new UsageError('job tag: expected <job-id> <tag>…');
  } else [id] = positionals(operands, ['job-id'], `job ${subcommand}`) as [string];
  const options = {
    top: integerOption(values.top, 'top', 1),
    timeoutSeconds: integerOption(values.timeout, 'timeout', 1),
    tags,
  };
  const cloud = { url: values.url, token: values.token, env: context.env };
  context.errorContext.url = resolveUrl(cloud);
  const client = openClient(cloud);
  try {
    if (subcommand === 'list') {
      await listJobsCommand(
        client,
        {
          status: values.status,
          platform: values.platform,
          name: values.name,
          tag: values.tag,
          createdAfter: values['created-after'],
          createdBefore: values['created-before'],
          limit: integerOption(values.limit, 'limit', 1) ?? DEFAULT_LIST_LIMIT,
        },
        context.terminal,
      );
      return ExitCode.ok;
    }
    return await runSubcommand(subcommand as Exclude<Subcommand, 'list'>, client, id, context, options);
  } finally {
    await client.close();
  }
}
