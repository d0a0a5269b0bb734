import { ValidationError } from '@bosonic/core';

/**
 * Perceval's float text for probabilities and amplitudes: `simple_float(x, nsimplify=False)[1]` of
 * `perceval/utils/format.py`, reproduced step by step so the strings match byte for byte.
 *
 * The value is rounded to 1e-6; a magnitude below 1e-3 is first scaled by powers of ten and written with an
 * `e-N` suffix (`1.234567e-4`); trailing zeros and a trailing point are dropped (`1`, `0.5`, `0.487179`).
 */

const PRECISION = 1e-6;

/**
 * Formats a number as Perceval's `simple_float(x, nsimplify=False)` does.
 * @throws ValidationError (field `value`) for NaN or ±Infinity, which Perceval cannot round either.
 */
export function formatPercevalFloat(value: number): string {
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    throw new ValidationError(`Cannot serialize the non-finite number ${String(value)}`, { field: 'value' });
  }
  let alpha = value;
  const negative = alpha < 0;
  if (negative) alpha = -alpha;
  // The same float operations as Python, in the same order, so the rounding errors are the same too.
  let mult10 = 0;
  while (alpha !== 0 && alpha < 1) {
    mult10 += 1;
    alpha *= 10;
  }
  if (mult10 <= 3) {
    while (mult10) {
      alpha /= 10;
      mult10 -= 1;
    }
  }
  // Above about 1.8e302, alpha / 1e-6 overflows (Python's round() raises there); such a double is an integer
  // already, so it is kept as it is rather than written as 'I.nfinity'.
  const scaled = alpha / PRECISION;
  if (Number.isFinite(scaled)) alpha = roundHalfEven(scaled) * PRECISION;
  let text = sympyFloatText(alpha);
  // Values of 1e15 and more are written with an exponent, which Perceval's stripping leaves alone unless it ends
  // in 0: then it strips the exponent's zeros (1.00000000000000e+300 becomes …e+3, read back as 1000). bosonic
  // never strips an exponent form.
  if (text.includes('.') && !text.includes('e')) text = stripTrailingZeros(text);
  // Within 15-digit rounding of the largest double the text would read back as Infinity: keep every digit.
  if (!Number.isFinite(Number(text))) text = alpha.toExponential();
  if (negative) text = `-${text}`;
  if (mult10) text += `e-${mult10}`;
  return text;
}

/** Python's `round(x)`: to the nearest integer, ties to even. */
export function roundHalfEven(x: number): number {
  const floor = Math.floor(x);
  const diff = x - floor; // exact for every float of interest (|x| < 2^52)
  if (diff > 0.5) return floor + 1;
  if (diff < 0.5) return floor;
  return floor % 2 === 0 ? floor : floor + 1;
}

/**
 * `str(sympy.S(x))` for a Python float x ≥ 0: mpmath's `to_str` at 15 significant digits without stripping
 * zeros, fixed notation when the decimal exponent is in (-5, 15), else `d.ddd…e±N`.
 */
function sympyFloatText(x: number): string {
  if (x === 0) return '0.0';
  const [mantissa = '', exponentText = '0'] = x.toExponential(14).split('e');
  const digits = mantissa.replace('.', '');
  const exponent = Number(exponentText);
  if (-5 < exponent && exponent < 15) {
    if (exponent < 0) {
      const padded = '0'.repeat(-exponent) + digits;
      return `${padded.slice(0, 1)}.${padded.slice(1)}`;
    }
    return `${digits.slice(0, exponent + 1)}.${digits.slice(exponent + 1)}`;
  }
  const body = `${digits.slice(0, 1)}.${digits.slice(1)}`;
  return exponent >= 0 ? `${body}e+${exponent}` : `${body}e${exponent}`;
}

/** `simple_float`'s loop: drop trailing zeros, then a trailing point (never the first character). */
function stripTrailingZeros(text: string): string {
  let out = text;
  for (let i = out.length - 1; i > 0; i--) {
    if (out[i] === '0') {
      out = out.slice(0, i);
      continue;
    }
    if (out[i] === '.') out = out.slice(0, i);
    break;
  }
  return out;
}
