/**
 * `@bosonic/core/testing`: helpers for the tests of bosonic's packages and of code built on them. Not part of
 * the modelling API.
 */
export {
  boundedMeanTolerance,
  type ChiSquareOutcome,
  chiSquareCritical,
  chiSquarePower,
  chiSquareTest,
  gaussianMeanTolerance,
  normalQuantile,
} from './statistics.js';
export { refusedField, thrownBy, validationErrorOf } from './thrown.js';
