import { ResourceLimitError, textTooLong, ValidationError } from '@bosonic/core';
import type { DecodeLimits } from './decode-limits.js';

/**
 * How one kind of object is written after `:PCVL:<tag>:`. Bodies travel as pieces (chunks) in both directions:
 * a full distribution of 20 million states serializes to more text than a JavaScript string can hold, yet its
 * `zip:` form is small, so serialize streams the pieces into the compressor and deserialize streams the
 * inflated text into the parser.
 */
export interface PcvlCodec<T> {
  /** The tag, as Perceval spells it (case-sensitive). */
  readonly tag: string;
  /** Whether Perceval compresses this type by default. */
  readonly compress: boolean;
  /** True for the values this codec writes. */
  accepts(value: unknown): value is T;
  /** Writes the body, in as many pieces as convenient. */
  encode(value: T, write: (piece: string) => void): void;
  /**
   * Reads the body from its pieces, in order, within `limits`.
   * @throws ValidationError naming the tag and the problem (or the limit exceeded).
   */
  decode(pieces: Iterable<string>, limits: DecodeLimits): T;
}

/** Codecs are only called with values their own `accepts` approved, so their types can be erased in lists. */
export function eraseCodec<T>(codec: PcvlCodec<T>): PcvlCodec<unknown> {
  return codec as unknown as PcvlCodec<unknown>;
}

/**
 * The largest text bosonic builds in one piece: V8 strings stop a little above 2^29 characters. Larger bodies
 * only exist compressed (or streamed).
 */
export const MAX_TEXT_LENGTH = 2 ** 29 - 24;

/**
 * Joins pieces into one string.
 * @throws ResourceLimitError when the text would exceed {@link MAX_TEXT_LENGTH}.
 */
export function joinPieces(pieces: Iterable<string>, what: string): string {
  const parts: string[] = [];
  let length = 0;
  for (const piece of pieces) {
    length += piece.length;
    if (length > MAX_TEXT_LENGTH) throw tooLong(what);
    parts.push(piece);
  }
  return parts.length === 1 ? (parts[0] as string) : parts.join('');
}

/** The error for a text too long to hold in one string. */
export function tooLong(what: string): ResourceLimitError {
  return new ResourceLimitError(
    `${what} is longer than the ${MAX_TEXT_LENGTH} characters a JavaScript string can hold; ` +
      'serialize it compressed (the zip: form)',
  );
}

/** A ValidationError for a malformed body of `tag`. */
export function malformed(tag: string, problem: string, cause?: unknown): ValidationError {
  return new ValidationError(`Malformed :PCVL:${tag}: ${problem}`, { field: tag, cause });
}

/**
 * Joins the pieces of a body that is parsed in one piece (a state, a post-selection, a protobuf body).
 * @throws ValidationError (field = tag) as soon as the text passes `limits.maxStringLength`.
 */
export function readBody(pieces: Iterable<string>, tag: string, limits: DecodeLimits): string {
  const parts = [...boundedPieces(pieces, tag, limits)];
  return parts.length === 1 ? (parts[0] as string) : parts.join('');
}

/**
 * The pieces of a body whose decoded objects are much larger than its text (state vectors, whole
 * distributions of them), passed on until their total passes `limits.maxStringLength`.
 * @throws ValidationError (field = tag) at that point.
 */
export function* boundedPieces(
  pieces: Iterable<string>,
  tag: string,
  limits: DecodeLimits,
): Generator<string> {
  let length = 0;
  for (const piece of pieces) {
    length += piece.length;
    if (length > limits.maxStringLength) throw textTooLong(`The :PCVL:${tag} body`, limits, tag);
    yield piece;
  }
}

/**
 * Cuts streamed text at a one-character separator: yields each complete item as soon as its separator
 * arrives, and the last item at the end. Each piece is searched once (linear time however the text is cut),
 * and an item is refused as soon as it passes `limits.maxStringLength`, so a body without separators never
 * piles up.
 * @throws ValidationError (field = tag) for an item longer than the limit.
 */
export function* splitPieces(
  pieces: Iterable<string>,
  separator: string,
  tag: string,
  limits: DecodeLimits,
): Generator<string> {
  const carry: string[] = [];
  let carried = 0;
  const tooLong = () => textTooLong(`An entry of the :PCVL:${tag} body`, limits, tag);
  for (const piece of pieces) {
    let start = 0;
    for (let at = piece.indexOf(separator); at !== -1; at = piece.indexOf(separator, start)) {
      if (carried + at - start > limits.maxStringLength) throw tooLong();
      const tail = piece.slice(start, at);
      start = at + 1;
      if (carried === 0) {
        yield tail;
        continue;
      }
      carry.push(tail);
      const item = carry.join('');
      carry.length = 0;
      carried = 0;
      yield item;
    }
    if (start < piece.length) {
      carried += piece.length - start;
      if (carried > limits.maxStringLength) throw tooLong();
      carry.push(start === 0 ? piece : piece.slice(start));
    }
  }
  yield carry.join('');
}

/**
 * Checks, as entries arrive, that a container decoded from a compact text stays within
 * `limits.maxInflatedBytes`: `count` entries of `bytesEach` bytes (e.g. m bytes of occupations and 8 of
 * probability), so that the decoded data are never much larger than the text allowed to inflate.
 * @throws ValidationError (field = tag) naming the limit.
 */
export function checkDecodedSize(
  tag: string,
  count: number,
  bytesEach: number,
  what: string,
  limits: DecodeLimits,
): void {
  if (count * bytesEach > limits.maxInflatedBytes) {
    throw malformed(
      tag,
      `${count} ${what} would take more than the limit of ${limits.maxInflatedBytes} bytes (maxInflatedBytes)`,
    );
  }
}

/** A short, safe excerpt of text for error messages. */
export function excerpt(text: string): string {
  return text.length > 40 ? `'${text.slice(0, 37)}...'` : `'${text}'`;
}

/**
 * Collects small pieces into larger ones before handing them on, so a body written entry by entry reaches the
 * compressor in blocks.
 */
export class PieceBuffer {
  readonly #parts: string[] = [];
  #length = 0;

  constructor(
    readonly flushTo: (piece: string) => void,
    readonly blockLength = 1 << 16,
  ) {}

  write(piece: string): void {
    this.#parts.push(piece);
    this.#length += piece.length;
    if (this.#length >= this.blockLength) this.flush();
  }

  flush(): void {
    if (this.#length === 0) return;
    this.flushTo(this.#parts.join(''));
    this.#parts.length = 0;
    this.#length = 0;
  }
}
