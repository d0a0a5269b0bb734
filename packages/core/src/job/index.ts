export { Job, type JobOptions, type ProgressListener, type WaitOptions } from './job.js';
export { JobStatus, type JobStatusUpdate, type JobTimes } from './job-status.js';
export { LocalJob, type LocalJobOptions, type LocalTask, type TaskContext } from './local-job.js';
export { RunningStatus } from './running-status.js';
