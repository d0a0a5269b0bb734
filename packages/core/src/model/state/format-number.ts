/**
 * Number formatting shared by the printers of states and result containers.
 *
 * Perceval's containers live in exqalibur (C++), which prints doubles the way `printf("%g")` / a default
 * `std::ostream` does: `digits` significant digits, trailing zeros dropped, scientific notation with a signed
 * two-digit exponent when the exponent is below −4 or at least `digits`.
 */

/**
 * Formats `x` like C's `%.{digits}g`: `formatSignificant(1 / 3, 3)` is `'0.333'`, `0.5` gives `'0.5'`,
 * `1.5e-7` gives `'1.5e-07'`, `1234567` with 6 digits gives `'1.23457e+06'`.
 */
export function formatSignificant(x: number, digits: number): string {
  if (Number.isNaN(x)) return 'nan';
  if (!Number.isFinite(x)) return x > 0 ? 'inf' : '-inf';
  if (x === 0) return Object.is(x, -0) ? '-0' : '0';
  // toExponential rounds to `digits` significant digits and tells the exponent after rounding.
  const exp = x.toExponential(digits - 1);
  const e = Number(exp.slice(exp.indexOf('e') + 1));
  if (e < -4 || e >= digits) {
    const [mantissa, power] = exp.split('e') as [string, string];
    const sign = power.startsWith('-') ? '-' : '+';
    const magnitude = power.replace(/^[-+]/, '').padStart(2, '0');
    return `${stripZeros(mantissa)}e${sign}${magnitude}`;
  }
  return stripZeros(x.toFixed(Math.max(0, digits - 1 - e)));
}

function stripZeros(text: string): string {
  return text.includes('.') ? text.replace(/\.?0+$/, '') : text;
}
