export * from './availability.js';
export * from './create-job.js';
export * from './error-response.js';
export * from './job-result.js';
export * from './job-status.js';
export * from './paths.js';
export * from './platform.js';
export * from './schema.js';
