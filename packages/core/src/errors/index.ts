/**
 * The typed errors of bosonic, one class per file, each with a stable `code`. Transport errors (HTTP,
 * authentication, network) live here too, so every package reports them alike.
 */

export { AuthenticationError } from './authentication-error.js';
export { BosonicError } from './bosonic-error.js';
export { HttpError } from './http-error.js';
export { JobAlreadyExecutedError } from './job-already-executed-error.js';
export { JobCanceledError } from './job-canceled-error.js';
export { JobError } from './job-error.js';
export { JobNotCompleteError } from './job-not-complete-error.js';
export { JobTimeoutError } from './job-timeout-error.js';
export { NetworkError, type NetworkFailure } from './network-error.js';
export { ResourceLimitError } from './resource-limit-error.js';
export { ValidationError } from './validation-error.js';
