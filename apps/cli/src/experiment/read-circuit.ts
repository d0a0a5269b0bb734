import {
  Barrier,
  BS,
  type BSOptions,
  Circuit,
  type Complex,
  ComplexMatrix,
  type Component,
  LC,
  Parameter,
  PERM,
  PS,
  rToTheta,
  Unitary,
} from '@bosonic/core';
import { indexPath, memberPath } from '@bosonic/protocol';
import { atPath, errorAt } from './at-path.js';
import type { ComplexValue, ExperimentStep } from './experiment-schema.js';

export { COMPONENT_TYPES, type ComponentType } from './experiment-schema.js';

/**
 * The symbolic parameters met while reading a circuit, by name: a name used by several components is one
 * {@link Parameter} (a circuit refuses two different parameters with the same name).
 */
export type ParameterTable = Map<string, Parameter>;

/** A number, or the parameter a name stands for (its value comes from the file's `parameters` or `--param`). */
function toAngle(value: number | string, path: string, parameters: ParameterTable): number | Parameter {
  if (typeof value === 'number') return value;
  let parameter = parameters.get(value);
  if (parameter === undefined) {
    parameter = atPath(path, () => new Parameter(value));
    parameters.set(value, parameter);
  }
  return parameter;
}

/** A complex matrix element as the file writes it: a real number, `[re, im]` or `{ "re": …, "im": … }`. */
export function toComplex(value: ComplexValue): Complex {
  if (typeof value === 'number') return { re: value, im: 0 };
  if (Array.isArray(value)) return { re: value[0], im: value[1] };
  return { re: value.re ?? 0, im: value.im ?? 0 };
}

type StepOf<T extends ExperimentStep['type']> = Extract<ExperimentStep, { type: T }>;

function beamSplitter(step: StepOf<'BS'>, path: string, parameters: ParameterTable): BS {
  const options: BSOptions = {};
  if (step.convention !== undefined) options.convention = step.convention;
  if (step.theta !== undefined && step.reflectivity !== undefined) {
    throw errorAt(memberPath(path, 'reflectivity'), 'give either theta or reflectivity, not both');
  }
  if (step.theta !== undefined) options.theta = toAngle(step.theta, memberPath(path, 'theta'), parameters);
  const { reflectivity } = step;
  if (reflectivity !== undefined) {
    options.theta = atPath(memberPath(path, 'reflectivity'), () => rToTheta(reflectivity));
  }
  const slots = { tl: 'phiTl', bl: 'phiBl', tr: 'phiTr', br: 'phiBr' } as const;
  for (const [key, slot] of Object.entries(slots)) {
    const phi = step.phis?.[key as keyof typeof slots];
    if (phi !== undefined) {
      options[slot] = toAngle(phi, memberPath(memberPath(path, 'phis'), key), parameters);
    }
  }
  return atPath(path, () => new BS(options));
}

function unitary(step: StepOf<'Unitary'>, path: string): Unitary {
  const rowsPath = memberPath(path, 'rows');
  const rows = step.rows.map((row) => row.map(toComplex));
  const matrix = atPath(rowsPath, () => ComplexMatrix.fromRows(rows));
  const { name } = step;
  return atPath(rowsPath, () => new Unitary(matrix, name === undefined ? {} : { name }));
}

function component(step: ExperimentStep, path: string, parameters: ParameterTable): Component | Circuit {
  switch (step.type) {
    case 'BS':
      return beamSplitter(step, path, parameters);
    case 'PS': {
      const phi = toAngle(step.phi, memberPath(path, 'phi'), parameters);
      const maxError =
        step.maxError === undefined
          ? undefined
          : toAngle(step.maxError, memberPath(path, 'maxError'), parameters);
      return atPath(path, () => new PS(phi, maxError === undefined ? {} : { maxError }));
    }
    case 'PERM':
      return atPath(memberPath(path, 'perm'), () => new PERM(step.perm));
    case 'Unitary':
      return unitary(step, path);
    case 'LC': {
      const loss = toAngle(step.loss, memberPath(path, 'loss'), parameters);
      return atPath(memberPath(path, 'loss'), () => new LC(loss));
    }
    case 'Barrier': {
      const { modes } = step;
      if (!Array.isArray(modes)) {
        throw errorAt(memberPath(path, 'modes'), 'a barrier needs the list of the modes it covers');
      }
      return atPath(path, () => new Barrier(modes.length));
    }
    case 'Circuit': {
      const m = step.m ?? (Array.isArray(step.modes) ? step.modes.length : undefined);
      if (m === undefined) {
        throw errorAt(
          memberPath(path, 'm'),
          'required field is missing (the size of the nested circuit, or give "modes" as a list)',
        );
      }
      return readCircuit(m, step.components, memberPath(path, 'components'), parameters, step.name);
    }
  }
}

/**
 * Builds a circuit of `m` modes from its checked steps (see the README's experiment format). `parameters`
 * collects the symbolic parameters met on the way.
 */
export function readCircuit(
  m: number,
  steps: readonly ExperimentStep[] | undefined,
  path: string,
  parameters: ParameterTable,
  name?: string,
): Circuit {
  const circuit = atPath(path, () => new Circuit(m, name === undefined ? {} : { name }));
  (steps ?? []).forEach((step, index) => {
    const stepPath = indexPath(path, index);
    const built = component(step, stepPath, parameters);
    atPath(memberPath(stepPath, 'modes'), () => circuit.add(step.modes, built));
  });
  return circuit;
}
