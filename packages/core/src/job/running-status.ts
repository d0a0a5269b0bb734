import { ValidationError } from '../errors/index.js';

/**
 * The life-cycle states of a job, as Perceval's `RunningStatus`, and their names on the Quandela Cloud wire.
 */

/**
 * Where a job is in its life cycle. String-valued, so a status prints and serializes as its name.
 *
 * - `WAITING`: created (or queued remotely), not started.
 * - `RUNNING`: computing.
 * - `SUCCESS`: finished with results.
 * - `ERROR`: failed; `stopMessage` says why.
 * - `CANCELED`: stopped on request; may hold partial results.
 * - `SUSPENDED`: halted by the remote system, may be resumed (remote only).
 * - `CANCEL_REQUESTED`: a cancel was asked for and the work has not stopped yet; ends `CANCELED`.
 * - `UNKNOWN`: the remote system reported a status we do not know.
 */
export enum RunningStatus {
  WAITING = 'WAITING',
  RUNNING = 'RUNNING',
  SUCCESS = 'SUCCESS',
  ERROR = 'ERROR',
  CANCELED = 'CANCELED',
  SUSPENDED = 'SUSPENDED',
  CANCEL_REQUESTED = 'CANCEL_REQUESTED',
  UNKNOWN = 'UNKNOWN',
}

/** The wire spells SUCCESS as "completed"; every other status is its lower-case name. */
const WIRE_SUCCESS = 'completed';

const STATUS_BY_NAME: ReadonlyMap<string, RunningStatus> = new Map(
  Object.values(RunningStatus).map((status) => [status.toLowerCase(), status]),
);

/**
 * Reads a status string from the cloud protocol (`GET /api/job/status/{id}` → `status`).
 *
 * `"completed"` is {@link RunningStatus.SUCCESS}; other names match case-insensitively, as Perceval's
 * `RunningStatus[s.upper()]`. Anything else, including a non-string value from a malformed response, is
 * {@link RunningStatus.UNKNOWN}: a server that invents a new status must not break the client.
 */
export function runningStatusFromWire(wire: string): RunningStatus {
  if (typeof wire !== 'string') return RunningStatus.UNKNOWN;
  const name = wire.toLowerCase();
  if (name === WIRE_SUCCESS) return RunningStatus.SUCCESS;
  return STATUS_BY_NAME.get(name) ?? RunningStatus.UNKNOWN;
}

/** Tells whether a value is one of the {@link RunningStatus} names. */
export function isRunningStatus(value: unknown): value is RunningStatus {
  return typeof value === 'string' && STATUS_BY_NAME.get(value.toLowerCase()) === value;
}

/**
 * Writes a status as the cloud protocol spells it: `"completed"` for SUCCESS, else the lower-case name.
 * @throws ValidationError (field `status`) if `status` is not a {@link RunningStatus}.
 */
export function runningStatusToWire(status: RunningStatus): string {
  if (!isRunningStatus(status)) {
    throw new ValidationError(`status must be a RunningStatus, got ${describe(status)}`, { field: 'status' });
  }
  return status === RunningStatus.SUCCESS ? WIRE_SUCCESS : status.toLowerCase();
}

function describe(value: unknown): string {
  return typeof value === 'string' ? `'${value}'` : typeof value;
}
