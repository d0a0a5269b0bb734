import { listJobs, type RemoteJob, type RpcClient } from '@bosonic/cloud';
import { LISTED_JOB_STATUSES, type ListedJobStatus } from '@bosonic/protocol';
import { UsageError } from '../output/format-error.js';
import { formatDuration } from '../output/progress-bar.js';
import { formatTable, printable } from '../output/table.js';
import type { Terminal } from '../terminal.js';

const STATUSES: readonly ListedJobStatus[] = LISTED_JOB_STATUSES;

/** The filters of `bosonic job list`, as given on the command line. */
export interface JobListFlags {
  status?: string[] | undefined;
  platform?: string | undefined;
  name?: string | undefined;
  tag?: string[] | undefined;
  createdAfter?: string | undefined;
  createdBefore?: string | undefined;
  limit: number;
}

/** One job of the listing as JSON (`--json`): the server's fields. */
function jobToJson(job: RemoteJob): Record<string, unknown> {
  const status = job.remoteStatus;
  return {
    id: job.id,
    name: status?.name ?? null,
    platform: job.platform,
    tags: [...job.tags],
    status: status?.status,
    progress: status?.progress ?? null,
    createdAt: timeText(status?.creation_datetime),
    startedAt: timeText(status?.start_time),
    stoppedAt: timeText(status?.stop_time),
    duration: status?.duration ?? null,
    statusMessage: status?.status_message ?? null,
  };
}

function timeText(seconds: number | null | undefined): string | null {
  return typeof seconds === 'number' ? new Date(seconds * 1000).toISOString() : null;
}

/**
 * `bosonic job list`: the token's jobs, newest first, as a table (id, name, platform, status, progress, created,
 * duration) or JSON lines' array with `--json`.
 */
export async function listJobsCommand(
  client: RpcClient,
  flags: JobListFlags,
  terminal: Terminal,
): Promise<void> {
  const statuses = (flags.status ?? []).flatMap((value) => value.split(','));
  for (const status of statuses) {
    if (!(STATUSES as readonly string[]).includes(status)) {
      throw new UsageError(`--status must be one of ${STATUSES.join(', ')} (got '${status}')`);
    }
  }
  const jobs: RemoteJob[] = [];
  const listing = listJobs({
    rpc: client,
    limit: flags.limit,
    ...(statuses.length === 0 ? {} : { status: statuses as ListedJobStatus[] }),
    ...(flags.platform === undefined ? {} : { platform: flags.platform }),
    ...(flags.name === undefined ? {} : { name: flags.name }),
    ...(flags.tag === undefined ? {} : { tags: flags.tag }),
    ...(flags.createdAfter === undefined ? {} : { createdAfter: flags.createdAfter }),
    ...(flags.createdBefore === undefined ? {} : { createdBefore: flags.createdBefore }),
  });
  for await (const job of listing) jobs.push(job);
  if (terminal.json) {
    terminal.printJson(jobs.map(jobToJson));
    return;
  }
  if (jobs.length === 0) {
    terminal.note('No jobs match.');
    return;
  }
  const rows = jobs.map((job) => {
    const status = job.remoteStatus;
    const created = timeText(status?.creation_datetime);
    return [
      job.id ?? '',
      printable(status?.name ?? '', 32),
      printable(job.platform, 24),
      status?.status ?? '?',
      `${Math.floor((status?.progress ?? 0) * 100)}%`,
      created === null ? '' : `${created.slice(0, 10)} ${created.slice(11, 19)}`,
      typeof status?.duration === 'number' ? formatDuration(status.duration) : '',
    ];
  });
  terminal.print(
    formatTable(
      [
        { header: 'ID' },
        { header: 'NAME' },
        { header: 'PLATFORM' },
        { header: 'STATUS' },
        { header: 'PROGRESS', align: 'right' },
        { header: 'CREATED (UTC)' },
        { header: 'DURATION', align: 'right' },
      ],
      rows,
    ),
  );
}
