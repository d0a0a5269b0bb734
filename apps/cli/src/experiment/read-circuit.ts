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
import {
  atPath,
  describeValue,
  errorAt,
  indexPath,
  memberPath,
  readArray,
  readChoice,
  readInteger,
  readNumber,
  readObject,
  readString,
} from './json-reader.js';

/** The component types an experiment file may use, as Perceval names them. */
export const COMPONENT_TYPES = ['BS', 'PS', 'PERM', 'Unitary', 'LC', 'Barrier', 'Circuit'] as const;
export type ComponentType = (typeof COMPONENT_TYPES)[number];

/**
 * The symbolic parameters met while reading a circuit, by name: a name used by several components is one
 * {@link Parameter} (a circuit refuses two different parameters with the same name).
 */
export type ParameterTable = Map<string, Parameter>;

/** A number, or the name of a symbolic parameter (its value comes from the file's `parameters` or `--param`). */
function readAngle(value: unknown, path: string, parameters: ParameterTable): number | Parameter {
  if (typeof value === 'string') {
    const name = readString(value, path);
    let parameter = parameters.get(name);
    if (parameter === undefined) {
      parameter = atPath(path, () => new Parameter(name));
      parameters.set(name, parameter);
    }
    return parameter;
  }
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  throw errorAt(path, `expected a number or a parameter name, got ${describeValue(value)}`);
}

/** A complex matrix element: a real number, `[re, im]` or `{ "re": …, "im": … }`. */
export function readComplex(value: unknown, path: string): Complex {
  if (typeof value === 'number') return { re: readNumber(value, path), im: 0 };
  if (Array.isArray(value)) {
    if (value.length !== 2) throw errorAt(path, `expected [re, im], got an array of ${value.length}`);
    return { re: readNumber(value[0], indexPath(path, 0)), im: readNumber(value[1], indexPath(path, 1)) };
  }
  if (value !== null && typeof value === 'object') {
    const object = readObject(value, path, ['re', 'im']);
    return {
      re: object.re === undefined ? 0 : readNumber(object.re, memberPath(path, 're')),
      im: object.im === undefined ? 0 : readNumber(object.im, memberPath(path, 'im')),
    };
  }
  throw errorAt(path, `expected a number, [re, im] or {"re", "im"}, got ${describeValue(value)}`);
}

/** The modes a step occupies: a first mode, or the list of its consecutive modes. */
function readModes(value: unknown, path: string): number | number[] {
  if (value === undefined) throw errorAt(path, 'missing: the first mode, or the list of modes, of this step');
  if (Array.isArray(value)) return value.map((mode, i) => readInteger(mode, indexPath(path, i)));
  return readInteger(value, path);
}

function readBeamSplitter(step: Record<string, unknown>, path: string, parameters: ParameterTable): BS {
  const options: BSOptions = {};
  if (step.convention !== undefined) {
    options.convention = readChoice(step.convention, memberPath(path, 'convention'), [
      'Rx',
      'H',
      'Ry',
    ] as const);
  }
  if (step.theta !== undefined && step.reflectivity !== undefined) {
    throw errorAt(memberPath(path, 'reflectivity'), 'give either theta or reflectivity, not both');
  }
  if (step.theta !== undefined) options.theta = readAngle(step.theta, memberPath(path, 'theta'), parameters);
  if (step.reflectivity !== undefined) {
    const rPath = memberPath(path, 'reflectivity');
    const r = readNumber(step.reflectivity, rPath);
    options.theta = atPath(rPath, () => rToTheta(r));
  }
  if (step.phis !== undefined) {
    const phisPath = memberPath(path, 'phis');
    const phis = readObject(step.phis, phisPath, ['tl', 'bl', 'tr', 'br']);
    const slots = { tl: 'phiTl', bl: 'phiBl', tr: 'phiTr', br: 'phiBr' } as const;
    for (const [key, slot] of Object.entries(slots)) {
      const phi = phis[key];
      if (phi !== undefined) options[slot] = readAngle(phi, memberPath(phisPath, key), parameters);
    }
  }
  return atPath(path, () => new BS(options));
}

function readUnitary(step: Record<string, unknown>, path: string): Unitary {
  const rowsPath = memberPath(path, 'rows');
  if (step.rows === undefined) throw errorAt(rowsPath, 'missing: the matrix, as a list of rows');
  const rows = readArray(step.rows, rowsPath).map((row, r) =>
    readArray(row, indexPath(rowsPath, r)).map((element, c) =>
      readComplex(element, indexPath(indexPath(rowsPath, r), c)),
    ),
  );
  const name = step.name === undefined ? undefined : readString(step.name, memberPath(path, 'name'));
  const matrix = atPath(rowsPath, () => ComplexMatrix.fromRows(rows));
  return atPath(rowsPath, () => new Unitary(matrix, name === undefined ? {} : { name }));
}

/** Keys each step type accepts besides `type` and `modes`. */
const STEP_KEYS: Record<ComponentType, readonly string[]> = {
  BS: ['convention', 'theta', 'reflectivity', 'phis'],
  PS: ['phi', 'maxError'],
  PERM: ['perm'],
  Unitary: ['rows', 'name'],
  LC: ['loss'],
  Barrier: [],
  Circuit: ['m', 'name', 'components'],
};

function readComponent(
  type: ComponentType,
  step: Record<string, unknown>,
  modes: number | number[],
  path: string,
  parameters: ParameterTable,
): Component | Circuit {
  switch (type) {
    case 'BS':
      return readBeamSplitter(step, path, parameters);
    case 'PS': {
      if (step.phi === undefined) throw errorAt(memberPath(path, 'phi'), 'missing: the phase');
      const phi = readAngle(step.phi, memberPath(path, 'phi'), parameters);
      const maxError =
        step.maxError === undefined
          ? undefined
          : readAngle(step.maxError, memberPath(path, 'maxError'), parameters);
      return atPath(path, () => new PS(phi, maxError === undefined ? {} : { maxError }));
    }
    case 'PERM': {
      const permPath = memberPath(path, 'perm');
      if (step.perm === undefined) throw errorAt(permPath, 'missing: the output mode of each input mode');
      const perm = readArray(step.perm, permPath).map((mode, i) => readInteger(mode, indexPath(permPath, i)));
      return atPath(permPath, () => new PERM(perm));
    }
    case 'Unitary':
      return readUnitary(step, path);
    case 'LC': {
      if (step.loss === undefined) throw errorAt(memberPath(path, 'loss'), 'missing: the loss probability');
      const loss = readAngle(step.loss, memberPath(path, 'loss'), parameters);
      return atPath(memberPath(path, 'loss'), () => new LC(loss));
    }
    case 'Barrier': {
      if (!Array.isArray(modes)) {
        throw errorAt(memberPath(path, 'modes'), 'a barrier needs the list of the modes it covers');
      }
      return atPath(path, () => new Barrier(modes.length));
    }
    case 'Circuit': {
      const m =
        step.m !== undefined
          ? readInteger(step.m, memberPath(path, 'm'), 1)
          : Array.isArray(modes)
            ? modes.length
            : undefined;
      if (m === undefined) {
        throw errorAt(
          memberPath(path, 'm'),
          'missing: the size of the nested circuit (or give "modes" as a list)',
        );
      }
      const name = step.name === undefined ? undefined : readString(step.name, memberPath(path, 'name'));
      return readCircuit(m, step.components, memberPath(path, 'components'), parameters, name);
    }
  }
}

/**
 * Builds a circuit of `m` modes from a list of steps, each `{ "type": …, "modes": …, …parameters }`
 * (see the README's experiment format). `parameters` collects the symbolic parameters met on the way.
 */
export function readCircuit(
  m: number,
  steps: unknown,
  path: string,
  parameters: ParameterTable,
  name?: string,
): Circuit {
  const circuit = atPath(path, () => new Circuit(m, name === undefined ? {} : { name }));
  if (steps === undefined) return circuit;
  readArray(steps, path).forEach((raw, index) => {
    const stepPath = indexPath(path, index);
    const type = readChoice(
      readObject(raw, stepPath, ['type', 'modes', ...Object.values(STEP_KEYS).flat()]).type,
      memberPath(stepPath, 'type'),
      COMPONENT_TYPES,
    );
    const step = readObject(raw, stepPath, ['type', 'modes', ...STEP_KEYS[type]]);
    const modes = readModes(step.modes, memberPath(stepPath, 'modes'));
    const component = readComponent(type, step, modes, stepPath, parameters);
    atPath(memberPath(stepPath, 'modes'), () => circuit.add(modes, component));
  });
  return circuit;
}
