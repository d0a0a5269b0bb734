import type { RemoteJob, RpcClient } from '@bosonic/cloud';
import { JobNotCompleteError, type JobStatus, JobTimeoutError } from '@bosonic/core';
import { CLOUD_OPTIONS, COMMON_OPTIONS, integerOption, parseCommandArgs, positionals } from '../args.js';
import { ExitCode, UsageError } from '../output/format-error.js';
import { formatResultText, resultSize, resultsToJson } from '../output/format-results.js';
import { formatDuration } from '../output/progress-bar.js';
import { openClient, resolveUrl, resumeRemoteJob } from '../remote/cloud-connection.js';
import type { Terminal } from '../terminal.js';
import { watchJob } from '../watch-job.js';
import type { CommandContext } from './command.js';

const JOB_OPTIONS = {
  ...COMMON_OPTIONS,
  ...CLOUD_OPTIONS,
  top: { type: 'string' },
  timeout: { type: 'string' },
} as const;

const SUBCOMMANDS = ['status', 'results', 'cancel', 'rerun', 'wait'] as const;
type Subcommand = (typeof SUBCOMMANDS)[number];

export const JOB_HELP = `Usage: bosonic job <status|results|cancel|rerun|wait> <job-id> [options]

Works on a remote job from its id (printed by \`bosonic run --platform … --async\`), from any process.

  status    the job's status, progress and times
  results   its results (partial ones for a canceled job); fails while it runs
  cancel    asks the cloud to cancel it
  rerun     starts a copy of a failed or canceled job; prints the new id
  wait      waits for it with a progress bar, then prints its results (Ctrl-C stops waiting, not the job)

Options:
      --url <url>        the cloud's URL (default: BOSONIC_CLOUD_URL, the config file, Quandela Cloud)
      --token <token>    the cloud token (default: BOSONIC_CLOUD_TOKEN, PCVL_CLOUD_TOKEN, the config file)
      --timeout <s>      wait: give up after this many seconds (the job keeps running)
      --top <N>          rows of the results table (default 10)
      --json             machine-readable output on stdout
  -v, --verbose          show stack traces of errors
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

function printStatus(terminal: Terminal, id: string, status: JobStatus): void {
  const progress = `${Math.floor(status.progress * 100)}%`;
  const message = status.progressMessage ? ` (${status.progressMessage})` : '';
  terminal.print(`job ${id}: ${status.status} ${progress}${message}`);
  terminal.print(`  created   ${status.creationTime.toISOString()}`);
  if (status.startTime !== undefined) terminal.print(`  started   ${status.startTime.toISOString()}`);
  if (status.stopTime !== undefined) terminal.print(`  stopped   ${status.stopTime.toISOString()}`);
  terminal.print(`  running   ${formatDuration(status.runningTime)}`);
  if (status.stopMessage) terminal.print(`  message   ${status.stopMessage}`);
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
  subcommand: Subcommand,
  client: RpcClient,
  id: string,
  context: CommandContext,
  options: { top: number | undefined; timeoutSeconds: number | undefined },
): Promise<number> {
  const { terminal } = context;
  const job = await resumeRemoteJob(client, id);
  switch (subcommand) {
    case 'status': {
      const status = job.knownStatus;
      if (terminal.json) terminal.printJson(statusToJson(id, status));
      else printStatus(terminal, id, status);
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

/** `bosonic job <subcommand> <id>`: see {@link JOB_HELP}. */
export async function jobCommand(args: string[], context: CommandContext): Promise<number> {
  const { values, positionals: rest } = parseCommandArgs(args, JOB_OPTIONS);
  const [subcommand, id] = positionals(rest, ['subcommand', 'job-id'], 'job') as [string, string];
  if (!(SUBCOMMANDS as readonly string[]).includes(subcommand)) {
    throw new UsageError(`job: unknown subcommand '${subcommand}' (expected ${SUBCOMMANDS.join(', ')})`);
  }
  if (values.timeout !== undefined && subcommand !== 'wait')
    throw new UsageError('--timeout applies to `job wait` only');
  const options = {
    top: integerOption(values.top, 'top', 1),
    timeoutSeconds: integerOption(values.timeout, 'timeout', 1),
  };
  const cloud = { url: values.url, token: values.token };
  context.errorContext.url = resolveUrl(cloud);
  const client = openClient(cloud);
  try {
    return await runSubcommand(subcommand as Subcommand, client, id, context, options);
  } finally {
    await client.close();
  }
}
