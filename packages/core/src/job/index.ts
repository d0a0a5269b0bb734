export {
  AuthenticationError,
  BosonicError,
  HttpError,
  JobAlreadyExecutedError,
  JobCanceledError,
  JobError,
  JobNotCompleteError,
  JobTimeoutError,
  ResourceLimitError,
  ValidationError,
} from './errors.js';
export { Job, type JobOptions, type ProgressListener, type WaitOptions } from './job.js';
export { JobStatus, type JobStatusUpdate, type JobTimes } from './job-status.js';
export { LocalJob, type LocalJobOptions, type LocalTask, type TaskContext } from './local-job.js';
export {
  isRunningStatus,
  RunningStatus,
  runningStatusFromWire,
  runningStatusToWire,
} from './running-status.js';
export { stopMessageOf } from './stop-message.js';
