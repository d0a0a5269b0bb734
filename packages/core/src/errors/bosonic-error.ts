/**
 * Every error thrown on purpose by a bosonic package extends {@link BosonicError}, carries a stable
 * machine-readable `code`, and sets `name` to its class name.
 */

/** Base class of every bosonic error. */
export class BosonicError extends Error {
  /** A stable, machine-readable code (e.g. `'ERR_VALIDATION'`). */
  readonly code: string;

  constructor(message: string, code = 'ERR_BOSONIC', options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
    this.name = new.target.name;
  }
}
