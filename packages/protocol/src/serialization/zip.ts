import { ValidationError } from '@bosonic/core';
import { deflate, inflate } from 'pako';
import { PCVL_PREFIX, ZIP_PREFIX } from './pcvl-prefix.js';

/**
 * The `zip:` form of a `:PCVL:` string: `:PCVL:zip:` + base64(zlib(utf8(text))), standard base64 with padding,
 * a zlib (RFC 1950) stream at zlib's default level, as Python's `zlib.compress`.
 *
 * Compression goes through pako with its classic zlib hash (`legacyHash`), which reproduces Python's bytes
 * exactly; Node's bundled zlib is a Chromium fork whose output differs for some inputs. Any zlib can read
 * either, so only the byte-for-byte reproduction depends on this choice.
 */

const STRICT_BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/** Compresses a full uncompressed `:PCVL:` string into its `:PCVL:zip:` form. */
export function compressPcvl(text: string): string {
  const bytes = deflate(new TextEncoder().encode(text), { level: 6, legacyHash: true });
  return ZIP_PREFIX + Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64');
}

/**
 * Inflates a `:PCVL:zip:` string back to the uncompressed `:PCVL:` text; any other string is returned as is.
 * @throws ValidationError (field `zip`) when the base64 or the zlib stream is malformed, or when the inflated
 *   text is not UTF-8 or not itself a `:PCVL:` string.
 */
export function inflatePcvl(text: string): string {
  if (!text.startsWith(ZIP_PREFIX)) return text;
  const encoded = text.slice(ZIP_PREFIX.length);
  if (!STRICT_BASE64.test(encoded)) {
    throw new ValidationError(`Malformed ':PCVL:zip:' string: the payload is not padded standard base64`, {
      field: 'zip',
    });
  }
  let bytes: Uint8Array;
  try {
    bytes = inflate(Buffer.from(encoded, 'base64'));
  } catch (error) {
    throw new ValidationError(`Malformed ':PCVL:zip:' string: not a zlib stream (${describe(error)})`, {
      field: 'zip',
      cause: error,
    });
  }
  let inflated: string;
  try {
    inflated = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch (error) {
    throw new ValidationError(`Malformed ':PCVL:zip:' string: the inflated bytes are not UTF-8`, {
      field: 'zip',
      cause: error,
    });
  }
  if (!inflated.startsWith(PCVL_PREFIX) || inflated.startsWith(ZIP_PREFIX)) {
    throw new ValidationError(
      `Malformed ':PCVL:zip:' string: the inflated text is not an uncompressed ':PCVL:' string`,
      {
        field: 'zip',
      },
    );
  }
  return inflated;
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
