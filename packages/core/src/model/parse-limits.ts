import { ValidationError } from '../errors/index.js';

/**
 * Bounds that the text parsers (`BasicState.parse`, `new PostSelect(text)`, and the `:PCVL:` decoders of
 * `@bosonic/protocol`) check while they read, before they allocate anything in proportion to a number they
 * read. Text that exceeds one is a ValidationError naming the limit, never a RangeError, a stack overflow or an
 * exhausted heap. A service passes its platform's published limits; a library user may raise them (up to
 * `Infinity`) for trusted input.
 */
export interface ParseLimits {
  /** Most modes a state may have. */
  maxModes: number;
  /** Most photons a state may hold (all modes together). */
  maxPhotons: number;
  /** Deepest nesting accepted: parentheses in a post-selection, nested circuits, nested objects and arrays. */
  maxDepth: number;
  /** Longest text parsed in one piece (a state, a post-selection, a protobuf body, one entry of a mapping). */
  maxStringLength: number;
}

/**
 * The defaults: far above any simulable experiment (the widest circuit the wire format accepts has 4096
 * modes), small enough that a parse stays within a few tens of megabytes.
 */
export const DEFAULT_PARSE_LIMITS: Readonly<ParseLimits> = Object.freeze({
  maxModes: 4096,
  maxPhotons: 4096,
  maxDepth: 64,
  maxStringLength: 2 ** 22,
});

/**
 * Checks the given limits and completes them with `defaults`.
 * @throws ValidationError (field `limits.<name>`) when a limit is not a positive integer or `Infinity`.
 */
export function resolveLimits<L extends object>(given: Partial<L> | undefined, defaults: Readonly<L>): L {
  if (given === undefined) return defaults as L;
  if (given === null || typeof given !== 'object') {
    throw new ValidationError('The parse limits must be an object such as { maxModes: 24 }', {
      field: 'limits',
    });
  }
  const out = { ...defaults } as Record<string, unknown>;
  for (const [name, value] of Object.entries(given)) {
    if (value === undefined) continue;
    if (!(name in defaults)) {
      throw new ValidationError(
        `Unknown parse limit '${name}' (known: ${Object.keys(defaults).join(', ')})`,
        {
          field: `limits.${name}`,
        },
      );
    }
    if (
      typeof value !== 'number' ||
      !(value === Number.POSITIVE_INFINITY || (Number.isSafeInteger(value) && value > 0))
    ) {
      throw new ValidationError(
        `The parse limit ${name} must be a positive integer or Infinity, got ${String(value)}`,
        {
          field: `limits.${name}`,
        },
      );
    }
    out[name] = value;
  }
  return out as L;
}

/** A short excerpt of a text for error messages: an error must never copy a huge input. */
export function textExcerpt(text: string): string {
  return JSON.stringify(text.length > 60 ? `${text.slice(0, 57)}...` : text);
}

/**
 * The error for a text longer than {@link ParseLimits.maxStringLength}; `length` is the text's length when
 * known (a streamed text is refused as soon as it passes the limit).
 */
export function textTooLong(
  what: string,
  limits: ParseLimits,
  field: string,
  length?: number,
): ValidationError {
  const size = length === undefined ? 'is longer than' : `is ${length} characters long, more than`;
  return new ValidationError(
    `${what} ${size} the limit of ${limits.maxStringLength} characters (maxStringLength)`,
    {
      field,
    },
  );
}
