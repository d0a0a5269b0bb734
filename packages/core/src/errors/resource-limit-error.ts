import { BosonicError } from './bosonic-error.js';

/** A request would need more memory (or another resource) than the configured limit allows. */
export class ResourceLimitError extends BosonicError {
  readonly requiredBytes: number | undefined;
  readonly limitBytes: number | undefined;

  constructor(message: string, options?: { requiredBytes?: number; limitBytes?: number; cause?: unknown }) {
    super(message, 'ERR_RESOURCE_LIMIT', options);
    this.requiredBytes = options?.requiredBytes;
    this.limitBytes = options?.limitBytes;
  }
}
