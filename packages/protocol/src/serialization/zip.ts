import { ResourceLimitError, ValidationError } from '@bosonic/core';
import { Deflate, Inflate } from 'pako';
import { isPaddedBase64 } from './base64.js';
import { joinPieces, MAX_TEXT_LENGTH, PieceBuffer } from './codec.js';
import { DEFAULT_DECODE_LIMITS, type DecodeLimits, decodeLimits } from './decode-limits.js';
import { PCVL_PREFIX, ZIP_PREFIX } from './pcvl-prefix.js';

/**
 * The `zip:` form of a `:PCVL:` string: `:PCVL:zip:` + base64(zlib(utf8(text))), standard base64 with padding,
 * a zlib (RFC 1950) stream at zlib's default level, as Python's `zlib.compress`.
 *
 * Compression goes through pako with its classic zlib hash (`legacyHash`), which reproduces Python's bytes
 * exactly; Node's bundled zlib is a Chromium fork whose output differs for some inputs. Any zlib reads either,
 * so only the byte-for-byte reproduction depends on this choice. Both directions stream: the uncompressed
 * text of a large result may exceed what a JavaScript string can hold, its compressed form rarely does.
 */

/** zlib's default level, as `zlib.compress(data)` uses. */
const PYTHON_ZLIB_LEVEL = 6;
/**
 * Compressed bytes handed to the inflater per step. zlib expands at most about 1032-fold, so one step yields
 * at most about 4 MB of text before the consumer (and the size cap) sees it.
 */
const INFLATE_STEP = 1 << 12;

/** Thrown from the inflater's output callback to stop it at the size cap. */
class InflatedTooLarge extends Error {}

/**
 * A compressor fed with pieces of text: `write` them in order, then `finish()` returns the `:PCVL:zip:` string.
 * Compressing in pieces gives the same bytes as compressing the whole text at once (no flush in between).
 */
export class PcvlZipWriter {
  readonly #deflate = new Deflate({ level: PYTHON_ZLIB_LEVEL, legacyHash: true });
  readonly #output: Uint8Array[] = [];
  readonly #encoder = new TextEncoder();
  readonly #buffer = new PieceBuffer((piece) => this.#push(this.#encoder.encode(piece), false));
  #outputLength = 0;

  constructor() {
    this.#deflate.onData = (chunk) => {
      this.#output.push(chunk);
      this.#outputLength += chunk.length;
      // base64 grows the bytes by 4/3; the result must still fit in a string.
      if (((this.#outputLength + 2) / 3) * 4 + ZIP_PREFIX.length > MAX_TEXT_LENGTH) {
        throw new ResourceLimitError('The compressed :PCVL: string would exceed the maximum string length');
      }
    };
  }

  /** Appends a piece of the uncompressed text. */
  write(piece: string): void {
    this.#buffer.write(piece);
  }

  /** Ends the stream and returns `:PCVL:zip:` + base64 of the compressed bytes. */
  finish(): string {
    this.#buffer.flush();
    this.#push(new Uint8Array(0), true);
    return ZIP_PREFIX + Buffer.concat(this.#output).toString('base64');
  }

  #push(bytes: Uint8Array, last: boolean): void {
    if (!this.#deflate.push(bytes, last) || this.#deflate.err) {
      throw new Error(`zlib compression failed: ${this.#deflate.msg || this.#deflate.err}`);
    }
  }
}

/** Compresses a full uncompressed `:PCVL:` string into its `:PCVL:zip:` form. */
export function compressPcvl(text: string): string {
  const writer = new PcvlZipWriter();
  writer.write(text);
  return writer.finish();
}

/**
 * Inflates the payload of a `:PCVL:zip:` string, yielding the uncompressed text in pieces; any other string is
 * yielded as it is. The inflated size is counted as the inflater produces it and the stream stops at
 * `maxInflatedBytes`, so memory stays bounded whatever the payload claims.
 * @throws ValidationError (field `zip`) when the base64 or the zlib stream is malformed, the bytes are not
 *   UTF-8, or the text inflates to more than `maxInflatedBytes`.
 */
export function* inflatePieces(
  text: string,
  maxInflatedBytes = DEFAULT_DECODE_LIMITS.maxInflatedBytes,
): Generator<string> {
  if (!text.startsWith(ZIP_PREFIX)) {
    yield text;
    return;
  }
  if (!isPaddedBase64(text, ZIP_PREFIX.length)) {
    throw zipError('the payload is not padded standard base64');
  }
  const bytes = Buffer.from(text.slice(ZIP_PREFIX.length), 'base64');
  const inflate = new Inflate();
  const output: Uint8Array[] = [];
  let inflated = 0;
  inflate.onData = (chunk) => {
    inflated += chunk.length;
    if (inflated > maxInflatedBytes) throw new InflatedTooLarge();
    output.push(chunk);
  };
  const decoder = new TextDecoder('utf-8', { fatal: true });
  const decode = (chunk?: Uint8Array): string => {
    try {
      return chunk === undefined ? decoder.decode() : decoder.decode(chunk, { stream: true });
    } catch (error) {
      throw zipError('the inflated bytes are not UTF-8', error);
    }
  };
  for (let at = 0; at < bytes.length || at === 0; at += INFLATE_STEP) {
    const last = at + INFLATE_STEP >= bytes.length;
    try {
      inflate.push(bytes.subarray(at, at + INFLATE_STEP), last);
    } catch (error) {
      if (error instanceof InflatedTooLarge) {
        throw new ValidationError(
          `The :PCVL:zip: payload inflates to more than the limit of ${maxInflatedBytes} bytes (maxInflatedBytes)`,
          { field: 'zip' },
        );
      }
      throw zipError(`not a zlib stream (${describe(error)})`, error);
    }
    if (inflate.err) throw zipError(`not a zlib stream (${inflate.msg || inflate.err})`);
    for (const chunk of output) yield decode(chunk);
    output.length = 0;
    if (last || inflate.ended) break;
  }
  if (!inflate.ended) throw zipError('the zlib stream is truncated');
  const rest = decode();
  if (rest) yield rest;
}

/**
 * Inflates a `:PCVL:zip:` string back to the uncompressed `:PCVL:` text; any other string is returned as is.
 * @param limits - `maxInflatedBytes` bounds the inflated size (default 1 GiB).
 * @throws ValidationError (field `zip`) when the payload is malformed, inflates beyond the limit, or is not
 *   itself an uncompressed `:PCVL:` string; ResourceLimitError when the text exceeds the maximum string length.
 */
export function inflatePcvl(text: string, limits?: Partial<DecodeLimits>): string {
  if (!text.startsWith(ZIP_PREFIX)) return text;
  const { maxInflatedBytes } = decodeLimits(limits);
  const inflated = joinPieces(inflatePieces(text, maxInflatedBytes), 'The inflated :PCVL: string');
  if (!inflated.startsWith(PCVL_PREFIX) || inflated.startsWith(ZIP_PREFIX)) {
    throw zipError('the inflated text is not an uncompressed :PCVL: string');
  }
  return inflated;
}

function zipError(problem: string, cause?: unknown): ValidationError {
  return new ValidationError(`Malformed :PCVL:zip: string: ${problem}`, { field: 'zip', cause });
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
