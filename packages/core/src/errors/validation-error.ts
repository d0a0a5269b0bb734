import { BosonicError } from './bosonic-error.js';

/** Bad input. `field` names what was wrong (a parameter, an option, a path such as `input.state`). */
export class ValidationError extends BosonicError {
  readonly field: string | undefined;

  constructor(message: string, options?: { field?: string; cause?: unknown }) {
    super(message, 'ERR_VALIDATION', options);
    this.field = options?.field;
  }
}
