/**
 * Dense complex linear algebra the gate-level tools need: Haar-random unitaries, Hermitian eigen-decomposition
 * and functions of Hermitian matrices.
 *
 * @packageDocumentation
 */
export { haarUnitaryData } from './haar-unitary.js';
export { type HermitianEigen, hermitianEigen } from './hermitian-eigen.js';
export { hermitianFunction, largestSingularValue, psdSqrt, unitaryDilation } from './matrix-functions.js';
