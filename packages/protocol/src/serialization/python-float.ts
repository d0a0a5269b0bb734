import { ValidationError } from '@bosonic/core';

/**
 * Python's `repr(float)`, which `json.dumps` uses: the shortest round-tripping digits, in fixed notation when
 * the decimal exponent is in [-4, 16) (always with a fractional part: `1.0`), else scientific with a signed,
 * at-least-two-digit exponent (`1e-05`, `1.5e+16`). JavaScript's `String(x)` picks the same digits but writes
 * them differently (`0.00001`, `1`).
 * @throws ValidationError (field `value`) for NaN or ±Infinity, which JSON cannot carry.
 */
export function pythonFloatRepr(value: number): string {
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    throw new ValidationError(`Cannot write the non-finite number ${String(value)} as JSON`, {
      field: 'value',
    });
  }
  const sign = value < 0 || Object.is(value, -0) ? '-' : '';
  const [mantissa = '0', exponentText = '0'] = Math.abs(value).toExponential().split('e');
  const digits = mantissa.replace('.', '');
  const exponent = Number(exponentText);
  if (-4 <= exponent && exponent < 16) {
    if (exponent < 0) return `${sign}0.${'0'.repeat(-exponent - 1)}${digits}`;
    const whole = digits.slice(0, exponent + 1).padEnd(exponent + 1, '0');
    const fraction = digits.slice(exponent + 1) || '0';
    return `${sign}${whole}.${fraction}`;
  }
  const body = digits.length > 1 ? `${digits[0]}.${digits.slice(1)}` : digits;
  const magnitude = String(Math.abs(exponent)).padStart(2, '0');
  return `${sign}${body}e${exponent < 0 ? '-' : '+'}${magnitude}`;
}
