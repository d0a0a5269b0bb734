import { ValidationError } from '../../errors/index.js';

/**
 * The beam-splitter angle θ giving reflectivity `r`: `2·acos(√r)` (so `R = cos²(θ/2)`).
 *
 * @throws ValidationError when `r` is not a number in [0, 1]
 */
export function rToTheta(r: number): number {
  if (typeof r !== 'number' || !(r >= 0 && r <= 1)) {
    throw new ValidationError(`Reflectivity must be a number in [0, 1] (got ${String(r)})`, { field: 'r' });
  }
  return 2 * Math.acos(Math.sqrt(r));
}

/**
 * The reflectivity `cos²(θ/2)` of a beam splitter of angle `theta`.
 *
 * @throws ValidationError when `theta` is not a finite number
 */
export function thetaToR(theta: number): number {
  if (typeof theta !== 'number' || !Number.isFinite(theta)) {
    throw new ValidationError(`theta must be a finite number (got ${String(theta)})`, { field: 'theta' });
  }
  const c = Math.cos(theta / 2);
  return c * c;
}
