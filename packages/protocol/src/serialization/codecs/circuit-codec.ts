import {
  Barrier,
  BS,
  type BSConvention,
  Circuit,
  Component,
  HWP,
  LC,
  type Parameter,
  PBS,
  PERM,
  PR,
  PS,
  QWP,
  TD,
  Unitary,
  ValidationError,
  WP,
} from '@bosonic/core';
import { create } from '@bufbuild/protobuf';
import {
  BarrierSchema,
  BeamSplitter_Convention,
  BeamSplitterSchema,
  CircuitSchema,
  ComponentSchema,
  LossChannelSchema,
  type BeamSplitter as PbBeamSplitter,
  type Circuit as PbCircuit,
  type Component as PbComponent,
  type WavePlate as PbWavePlate,
  PermutationSchema,
  PhaseShifterSchema,
  PolarizationRotatorSchema,
  PolarizedBeamSplitterSchema,
  TimeDelaySchema,
  UnitarySchema,
  WavePlateSchema,
} from '../../proto/perceval_circuit_pb.js';
import { type PcvlCodec, readBody } from '../codec.js';
import { DEFAULT_DECODE_LIMITS } from '../decode-limits.js';
import { decodeProtoBase64, encodeProtoBase64 } from '../protobuf.js';
import { relocate, UnsupportedPcvlError } from '../unsupported-error.js';
import { decodeMatrix, encodeMatrix } from './matrix-codec.js';
import { decodeParameter, encodeParameter, type ParameterScope } from './parameter-codec.js';

/**
 * Circuits and components ↔ `perceval.schema.Circuit` / `Component`, following Perceval's
 * `_circuit_serialization.py` field by field: a circuit writes its name only when it is not the default
 * `CPLX`; a beam splitter writes all five angles (zeros included) and its convention (Rx, the proto3 default,
 * is thus omitted); a phase shifter writes `max_error` only when non-zero; a barrier is always visible. The
 * polarization optics and the time delay follow `_circuit_serialization.py` too: a half- or quarter-wave plate
 * writes only `xsi` (its own message type fixes `delta`), a wave plate `delta` and `xsi`, a polarization rotator
 * `delta`, a polarizing beam splitter an empty message, a time delay `dt`.
 */

/** Perceval's default circuit name, never written. */
const DEFAULT_CIRCUIT_NAME = 'CPLX';
/** Our Unitary's default name, never written (Perceval ignores the name when reading anyway). */
const DEFAULT_UNITARY_NAME = 'Unitary';

const CONVENTION_TO_WIRE: Record<BSConvention, BeamSplitter_Convention> = {
  Rx: BeamSplitter_Convention.Rx,
  Ry: BeamSplitter_Convention.Ry,
  H: BeamSplitter_Convention.H,
};

/** Encodes a circuit; nested circuits stay nested. */
export function encodeCircuit(circuit: Circuit): PbCircuit {
  return create(CircuitSchema, {
    name: circuit.name === DEFAULT_CIRCUIT_NAME ? '' : circuit.name,
    nMode: circuit.m,
    components: circuit.components.map(({ firstMode, component }) => encodeComponent(firstMode, component)),
  });
}

/**
 * Encodes one step of a circuit (or of an experiment) placed on modes `firstMode …`.
 * @throws ValidationError (field `component`) for a component type the wire format cannot carry.
 */
export function encodeComponent(firstMode: number, component: Component | Circuit): PbComponent {
  const base = { startingMode: firstMode, nMode: component.m };
  if (component instanceof Circuit) {
    return create(ComponentSchema, { ...base, type: { case: 'circuit', value: encodeCircuit(component) } });
  }
  if (component instanceof BS) {
    const value = create(BeamSplitterSchema, {
      convention: CONVENTION_TO_WIRE[component.convention],
      theta: encodeParameter(component.param('theta')),
      phiTl: encodeParameter(component.param('phiTl')),
      phiBl: encodeParameter(component.param('phiBl')),
      phiTr: encodeParameter(component.param('phiTr')),
      phiBr: encodeParameter(component.param('phiBr')),
    });
    return create(ComponentSchema, { ...base, type: { case: 'beamSplitter', value } });
  }
  if (component instanceof PS) {
    const maxError = component.param('maxError');
    const value = create(PhaseShifterSchema, {
      phi: encodeParameter(component.param('phi')),
      maxError: maxError.fixed && maxError.value === 0 ? undefined : encodeParameter(maxError),
    });
    return create(ComponentSchema, { ...base, type: { case: 'phaseShifter', value } });
  }
  if (component instanceof PERM) {
    const value = create(PermutationSchema, { permutations: [...component.perm] });
    return create(ComponentSchema, { ...base, type: { case: 'permutation', value } });
  }
  if (component instanceof Unitary) {
    const value = create(UnitarySchema, {
      mat: encodeMatrix(component.matrix),
      name: component.name === DEFAULT_UNITARY_NAME ? '' : component.name,
    });
    return create(ComponentSchema, { ...base, type: { case: 'unitary', value } });
  }
  if (component instanceof LC) {
    const value = create(LossChannelSchema, { loss: encodeParameter(component.param('loss')) });
    return create(ComponentSchema, { ...base, type: { case: 'lossChannel', value } });
  }
  // HWP and QWP before WP, of which they are subclasses: their message type stands for their fixed delta.
  if (component instanceof HWP || component instanceof QWP) {
    const value = create(WavePlateSchema, { xsi: encodeParameter(component.param('xsi')) });
    const kind = component instanceof HWP ? 'halfWavePlate' : 'quarterWavePlate';
    return create(ComponentSchema, { ...base, type: { case: kind, value } });
  }
  if (component instanceof WP) {
    const value = create(WavePlateSchema, {
      delta: encodeParameter(component.param('delta')),
      xsi: encodeParameter(component.param('xsi')),
    });
    return create(ComponentSchema, { ...base, type: { case: 'wavePlate', value } });
  }
  if (component instanceof PR) {
    const value = create(PolarizationRotatorSchema, { delta: encodeParameter(component.param('delta')) });
    return create(ComponentSchema, { ...base, type: { case: 'polarizationRotator', value } });
  }
  if (component instanceof PBS) {
    const value = create(PolarizedBeamSplitterSchema, {});
    return create(ComponentSchema, { ...base, type: { case: 'polarizedBeamSplitter', value } });
  }
  if (component instanceof TD) {
    const value = create(TimeDelaySchema, { dt: encodeParameter(component.param('t')) });
    return create(ComponentSchema, { ...base, type: { case: 'timeDelay', value } });
  }
  if (component instanceof Barrier) {
    return create(ComponentSchema, {
      ...base,
      type: { case: 'barrier', value: create(BarrierSchema, { visible: true }) },
    });
  }
  throw new ValidationError(`Cannot serialize the component ${describe(component)}`, { field: 'component' });
}

/**
 * Decodes a circuit. Named parameters are shared through `scope` (pass the same scope for every circuit of one
 * experiment).
 * @param maxModes - the widest circuit accepted, checked before anything is allocated.
 * @throws ValidationError naming the problem (an unsupported component, a bad size, a parameter out of range…).
 */
export function decodeCircuit(
  message: PbCircuit,
  scope: ParameterScope = new Map(),
  where = 'circuit',
  maxModes = DEFAULT_DECODE_LIMITS.maxModes,
): Circuit {
  const m = checkModeCount(message.nMode, `${where}.n_mode`, maxModes);
  const circuit = new Circuit(m, message.name ? { name: message.name } : {});
  message.components.forEach((component, i) => {
    const place = `${where}.components[${i}]`;
    const decoded = decodeComponent(component, scope, place, maxModes);
    withContext(place, () => circuit.add(component.startingMode, decoded));
  });
  return circuit;
}

/**
 * Decodes one step of a circuit: a component, or a nested circuit.
 * @throws ValidationError for a component bosonic does not model (a unitary on polarization, feed-forward,
 *   compiled circuits), a missing type, or inconsistent sizes.
 */
export function decodeComponent(
  message: PbComponent,
  scope: ParameterScope,
  where = 'component',
  maxModes = DEFAULT_DECODE_LIMITS.maxModes,
): Component | Circuit {
  const decoded = withContext(where, () => decodeComponentType(message, scope, where, maxModes));
  if (message.nMode !== 0 && decoded.m !== message.nMode) {
    throw new ValidationError(
      `${where} says n_mode ${message.nMode} but its ${describe(decoded)} spans ${decoded.m}`,
      {
        field: `${where}.n_mode`,
      },
    );
  }
  return decoded;
}

function decodeComponentType(
  message: PbComponent,
  scope: ParameterScope,
  where: string,
  maxModes: number,
): Component | Circuit {
  const { type } = message;
  switch (type.case) {
    case 'circuit':
      return decodeCircuit(type.value, scope, `${where}.circuit`, maxModes);
    case 'beamSplitter':
      return decodeBeamSplitter(type.value, scope, `${where}.beam_splitter`);
    case 'phaseShifter': {
      const phi = decodeParameter(type.value.phi, scope, `${where}.phase_shifter.phi`);
      if (phi === undefined) {
        throw new ValidationError(`${where}.phase_shifter has no phi`, {
          field: `${where}.phase_shifter.phi`,
        });
      }
      const maxError = decodeParameter(type.value.maxError, scope, `${where}.phase_shifter.max_error`);
      return new PS(phi, maxError === undefined ? {} : { maxError });
    }
    case 'permutation':
      checkModeCount(type.value.permutations.length, `${where}.permutation`, maxModes);
      return new PERM(type.value.permutations);
    case 'unitary': {
      if (type.value.usePolarization) {
        throw new UnsupportedPcvlError(
          `${where}.unitary acts on polarization, which bosonic does not model`,
          {
            field: `${where}.unitary.use_polarization`,
          },
        );
      }
      const matrix = decodeMatrix(type.value.mat, `${where}.unitary.mat`);
      return new Unitary(matrix, type.value.name ? { name: type.value.name } : {});
    }
    case 'lossChannel': {
      const loss = decodeParameter(type.value.loss, scope, `${where}.loss_channel.loss`);
      if (loss === undefined) {
        throw new ValidationError(`${where}.loss_channel has no loss`, {
          field: `${where}.loss_channel.loss`,
        });
      }
      return new LC(loss);
    }
    case 'barrier':
      return new Barrier(checkModeCount(message.nMode, `${where}.n_mode`, maxModes));
    case 'halfWavePlate':
      return new HWP(required(type.value.xsi, scope, `${where}.half_wave_plate.xsi`));
    case 'quarterWavePlate':
      return new QWP(required(type.value.xsi, scope, `${where}.quarter_wave_plate.xsi`));
    case 'wavePlate':
      return decodeWavePlate(type.value, scope, `${where}.wave_plate`);
    case 'polarizationRotator':
      return new PR(required(type.value.delta, scope, `${where}.polarization_rotator.delta`));
    case 'polarizedBeamSplitter':
      return new PBS();
    case 'timeDelay':
      return new TD(required(type.value.dt, scope, `${where}.time_delay.dt`));
    case undefined:
      throw new ValidationError(`${where} has no component type`, { field: where });
    default:
      throw new UnsupportedPcvlError(
        `${where} is a ${WIRE_NAMES[type.case] ?? type.case} component, which bosonic does not support ` +
          '(supported: BS, PS, PERM, Unitary, LC, Barrier, PBS, WP, HWP, QWP, PR, TD and nested circuits)',
        { field: where },
      );
  }
}

const WIRE_NAMES: Record<string, string> = {
  ffCircuitProvider: 'ff_circuit_provider',
  ffConfigurator: 'ff_configurator',
  compiledCircuit: 'compiled_circuit',
};

/** A parameter the message must carry (Perceval always writes it). */
function required(
  message: Parameters<typeof decodeParameter>[0],
  scope: ParameterScope,
  where: string,
): Parameter | number {
  const value = decodeParameter(message, scope, where);
  if (value === undefined) throw new ValidationError(`${where} is missing`, { field: where });
  return value;
}

function decodeWavePlate(message: PbWavePlate, scope: ParameterScope, where: string): WP {
  return new WP(
    required(message.delta, scope, `${where}.delta`),
    required(message.xsi, scope, `${where}.xsi`),
  );
}

function decodeBeamSplitter(message: PbBeamSplitter, scope: ParameterScope, where: string): BS {
  const convention = conventionFromWire(message.convention, where);
  const angle = (value: Parameter | number | undefined, fallback: number) => value ?? fallback;
  return new BS({
    convention,
    theta: angle(decodeParameter(message.theta, scope, `${where}.theta`), Math.PI / 2),
    phiTl: angle(decodeParameter(message.phiTl, scope, `${where}.phi_tl`), 0),
    phiBl: angle(decodeParameter(message.phiBl, scope, `${where}.phi_bl`), 0),
    phiTr: angle(decodeParameter(message.phiTr, scope, `${where}.phi_tr`), 0),
    phiBr: angle(decodeParameter(message.phiBr, scope, `${where}.phi_br`), 0),
  });
}

function conventionFromWire(convention: BeamSplitter_Convention, where: string): BSConvention {
  switch (convention) {
    case BeamSplitter_Convention.Rx:
      return 'Rx';
    case BeamSplitter_Convention.Ry:
      return 'Ry';
    case BeamSplitter_Convention.H:
      return 'H';
    default:
      throw new ValidationError(`${where}.convention ${String(convention)} is not Rx (0), Ry (1) or H (2)`, {
        field: `${where}.convention`,
      });
  }
}

/**
 * Runs `body`, giving the model's own ValidationErrors (which name a constructor argument such as `theta`)
 * the wire location they come from.
 */
export function withContext<T>(where: string, body: () => T): T {
  try {
    return body();
  } catch (error) {
    if (error instanceof ValidationError && !(error.field ?? '').startsWith(where.split('.')[0] ?? where)) {
      throw relocate(error, `${where}: ${error.message}`, error.field ? `${where}.${error.field}` : where);
    }
    throw error;
  }
}

/** Checks a mode count read from the wire against the `maxModes` limit. */
export function checkModeCount(m: number, where: string, maxModes: number): number {
  if (!Number.isInteger(m) || m < 1 || m > maxModes) {
    throw new ValidationError(`${where} must be a mode count in [1, ${maxModes}] (got ${m}; maxModes)`, {
      field: where,
    });
  }
  return m;
}

function describe(component: unknown): string {
  if (component instanceof Component) return component.name;
  if (component instanceof Circuit) return `circuit '${component.name}'`;
  return typeof component === 'object' && component !== null ? component.constructor.name : String(component);
}

/**
 * `:PCVL:ACircuit:<base64 protobuf>`: a circuit, compressed by default. A lone unitary component is written as a
 * circuit holding it, as Perceval does (its components are circuits).
 */
export const circuitCodec: PcvlCodec<Circuit | Component> = {
  tag: 'ACircuit',
  compress: true,
  accepts: (value): value is Circuit | Component =>
    value instanceof Circuit || (value instanceof Component && value.isUnitary),
  encode(value, write) {
    const circuit = value instanceof Circuit ? value : new Circuit(value.m).add(0, value);
    write(encodeProtoBase64(CircuitSchema, encodeCircuit(circuit)));
  },
  decode(pieces, limits) {
    const body = readBody(pieces, 'ACircuit', limits);
    const message = decodeProtoBase64(CircuitSchema, body, 'ACircuit', limits);
    return decodeCircuit(message, new Map(), 'ACircuit', limits.maxModes);
  },
};

/** `:PCVL:Component:<base64 protobuf>`: a component that is not a circuit (a loss channel), compressed by default. */
export const componentCodec: PcvlCodec<Component | Circuit> = {
  tag: 'Component',
  compress: true,
  accepts: (value): value is Component => value instanceof Component,
  encode(component, write) {
    write(encodeProtoBase64(ComponentSchema, encodeComponent(0, component)));
  },
  decode(pieces, limits) {
    const body = readBody(pieces, 'Component', limits);
    const message = decodeProtoBase64(ComponentSchema, body, 'Component', limits);
    return decodeComponent(message, new Map(), 'Component', limits.maxModes);
  },
};
