import type { Complex } from '../complex.js';

/** Rounds to 6 significant digits for display and drops trailing zeros (`0.785398`, `1`, `-2.5e-7`). */
export function formatNumber(x: number): string {
  if (x === 0) return '0'; // also folds -0
  return String(Number(x.toPrecision(6)));
}

/** A complex number for display: `0.707107+0.707107i`, `-1`, `0.5i`, `0`. */
export function formatComplex(z: Complex): string {
  // Parts below display precision relative to the other are noise from floating-point products.
  const scale = Math.max(Math.abs(z.re), Math.abs(z.im));
  const re = Math.abs(z.re) < 1e-12 * Math.max(1, scale) ? 0 : z.re;
  const im = Math.abs(z.im) < 1e-12 * Math.max(1, scale) ? 0 : z.im;
  if (im === 0) return formatNumber(re);
  const imaginary = `${formatNumber(Math.abs(im))}i`;
  if (re === 0) return im < 0 ? `-${imaginary}` : imaginary;
  return `${formatNumber(re)}${im < 0 ? '-' : '+'}${imaginary}`;
}
