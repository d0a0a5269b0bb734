/**
 * The circuit half of the photonic model: complex matrices, parameters, components and circuits, following
 * Perceval's conventions (`U[out, in]`, `U = U_last · … · U_first`, mode 0 on top).
 *
 * @packageDocumentation
 */
export { Barrier } from './barrier.js';
export { BS, type BSConvention, type BSOptions } from './beam-splitter.js';
export { type AddOptions, Circuit, type CircuitElement, type FlatComponent } from './circuit.js';
export { ComplexMatrix } from './complex-matrix.js';
export { Component, type ParameterRange, type UnitaryOptions } from './component.js';
export * from './interferometer/index.js';
export { LC } from './loss-channel.js';
export { P, Parameter, type ParameterOptions } from './parameter.js';
export { PERM } from './permutation.js';
export { PS, type PSOptions } from './phase-shifter.js';
export { PR } from './polarization-rotator.js';
export { PBS } from './polarizing-beam-splitter.js';
export { rToTheta, thetaToR } from './reflectivity.js';
export { TD } from './time-delay.js';
export { UNITARY_TOLERANCE, Unitary } from './unitary.js';
export { HWP, QWP, WP } from './wave-plate.js';
