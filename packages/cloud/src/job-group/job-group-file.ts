import { readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { RunningStatus, ValidationError } from '@bosonic/core';
import { isRunningStatus } from '@bosonic/core/internal';
import type { CreateJobRequest } from '@bosonic/protocol';
import { type Environment, userDataDir } from '../config/user-dirs.js';
import { writeAtomically } from '../config/write-atomically.js';
import { RemoteJob, type RemoteJobLink } from '../remote-job.js';
import type { JobGroupEntry } from './job-group-entry.js';

// A group's file, Perceval's layout: `<user data dir>/job_group/<name>.json` holding
// `{created_date, modified_date, job_group_data: [record, …]}`.

/** A job as its group's file stores it. No token, ever; no results (they are fetched again). */
export interface JobRecord {
  id: string | null;
  name: string;
  status: RunningStatus | null;
  metadata: { platform: string; url: string };
  idempotency_key?: string;
  seed?: number;
  request_data?: CreateJobRequest;
}

/** The document of a group's file. */
export interface JobGroupDocument {
  /** Perceval's `%Y%m%d_%H%M%S`, local time ({@link formatDate}). */
  created_date: string;
  modified_date: string;
  job_group_data: JobRecord[];
}

const DIR_NAME = 'job_group';
const EXTENSION = '.json';

/**
 * `name` when it is a plain file name (letters, digits, `_.-`, not starting with a dot), so a group's file stays
 * in the group directory.
 * @throws ValidationError (field `name`) otherwise.
 */
export function checkJobGroupName(name: unknown): string {
  if (typeof name !== 'string' || !/^[A-Za-z0-9_.-]+$/.test(name) || name.startsWith('.')) {
    throw new ValidationError(
      `A job group name must be made of letters, digits, '_', '.', '-' (got ${JSON.stringify(name)})`,
      { field: 'name' },
    );
  }
  return name;
}

/** The file of group `name`: `<user data dir>/job_group/<name>.json`. */
export function jobGroupFilePath(name: string, env: Environment): string {
  return join(userDataDir(env), DIR_NAME, `${name}${EXTENSION}`);
}

/** Names of the groups saved under the user data directory, sorted (none when the directory is missing). */
export function listJobGroupNames(env: Environment): string[] {
  let files: string[];
  try {
    files = readdirSync(join(userDataDir(env), DIR_NAME));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
  return files
    .filter((file) => file.endsWith(EXTENSION) && !file.startsWith('.'))
    .map((file) => file.slice(0, -EXTENSION.length))
    .sort();
}

/** Deletes the file of group `name`. @returns whether it existed. */
export function deleteJobGroupFile(name: string, env: Environment): boolean {
  if (typeof name !== 'string' || !listJobGroupNames(env).includes(name)) return false;
  rmSync(jobGroupFilePath(name, env), { force: true });
  return true;
}

/**
 * Reads and checks a group's file; undefined when there is none.
 * @throws ValidationError (field `jobGroupFile`) for an unreadable file, invalid JSON or a malformed record,
 *   naming the file and the record.
 */
export function readJobGroupFile(path: string): JobGroupDocument | undefined {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new ValidationError(`Cannot read the job group file ${path}: ${(error as Error).message}`, {
      field: 'jobGroupFile',
      cause: error,
    });
  }
  let document: unknown;
  try {
    document = JSON.parse(text);
  } catch (error) {
    throw new ValidationError(`The job group file ${path} is not valid JSON`, {
      field: 'jobGroupFile',
      cause: error,
    });
  }
  const bad = (problem: string): ValidationError =>
    new ValidationError(`The job group file ${path} is malformed: ${problem}`, { field: 'jobGroupFile' });
  if (document === null || typeof document !== 'object') throw bad('not an object');
  const { created_date, job_group_data } = document as Partial<JobGroupDocument>;
  if (!Array.isArray(job_group_data)) throw bad('job_group_data must be an array');
  job_group_data.forEach((record, index) => {
    const where = `job_group_data[${index}]`;
    if (record === null || typeof record !== 'object') throw bad(`${where} is not an object`);
    if (record.id !== null && (typeof record.id !== 'string' || record.id === '')) throw bad(`${where}.id`);
    if (typeof record.name !== 'string') throw bad(`${where}.name`);
    if (record.status !== null && !isRunningStatus(record.status)) throw bad(`${where}.status`);
    const metadata = record.metadata;
    if (metadata === null || typeof metadata !== 'object' || typeof metadata.url !== 'string') {
      throw bad(`${where}.metadata.url`);
    }
    if (typeof metadata.platform !== 'string') throw bad(`${where}.metadata.platform`);
    if (record.id === null && record.request_data === undefined) throw bad(`${where} has no request_data`);
  });
  return {
    created_date: typeof created_date === 'string' ? created_date : formatDate(new Date()),
    modified_date: (document as JobGroupDocument).modified_date,
    job_group_data,
  };
}

/** Writes a group's file atomically (a reader or a crash never sees half of it), dated now. */
export function writeJobGroupFile(path: string, createdDate: string, records: JobRecord[]): void {
  const document: JobGroupDocument = {
    created_date: createdDate,
    modified_date: formatDate(new Date()),
    job_group_data: records,
  };
  writeAtomically(path, `${JSON.stringify(document, null, 2)}\n`);
}

/**
 * The record of a group's job: what it takes to find the job again (id, platform, cloud URL), and for a job not
 * yet successful what it takes to send it again (request, idempotency key, seed).
 */
export function jobRecordOf(entry: JobGroupEntry): JobRecord {
  const { job, status } = entry;
  const record: JobRecord = {
    id: job.id ?? null,
    name: job.name,
    status: job.wasSent ? status : null,
    metadata: { platform: job.platform, url: job.link.rpc.url },
  };
  if (status !== RunningStatus.SUCCESS) {
    record.idempotency_key = job.idempotencyKey;
    if (job.seed !== undefined) record.seed = job.seed;
    if (job.request !== undefined) record.request_data = job.request;
  }
  return record;
}

/**
 * The group entry of a saved record, its job reaching the cloud through `link`. A sent job keeps its recorded
 * status (marked stale) until it is refreshed.
 */
export function entryOfRecord(record: JobRecord, link: RemoteJobLink): JobGroupEntry {
  const job = new RemoteJob({
    link,
    name: record.name,
    ...(record.id === null ? {} : { id: record.id }),
    ...(record.request_data === undefined ? {} : { request: record.request_data }),
    ...(record.idempotency_key === undefined ? {} : { idempotencyKey: record.idempotency_key }),
    ...(record.seed === undefined ? {} : { seed: record.seed }),
  });
  return { job, status: record.id === null ? null : record.status, stale: record.id !== null };
}

/** Perceval's `%Y%m%d_%H%M%S`, local time. */
export function formatDate(date: Date): string {
  const pad = (n: number): string => String(n).padStart(2, '0');
  return (
    `${date.getFullYear()}${pad(date.getMonth() + 1)}${pad(date.getDate())}_` +
    `${pad(date.getHours())}${pad(date.getMinutes())}${pad(date.getSeconds())}`
  );
}
