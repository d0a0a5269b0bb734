import type { NoiseModelOptions } from '@bosonic/core';
import { schemaOf } from '@bosonic/protocol';
import { BACKEND_NAMES } from '@bosonic/simulator';
import { type Static, type TLiteral, type TSchema, type TUnion, Type } from '@sinclair/typebox';

/**
 * The JSON experiment format (documented in the package README) as a JSON Schema: the reader checks a file
 * against it before building anything, and `bosonic schema` prints it so that an editor can check a file as it
 * is typed (`"$schema"` in the file, or the editor's own setting). What JSON Schema cannot say (a parameter value
 * for a parameter the circuit has, a ppnr detector's wires, theta or reflectivity but not both) the reader checks.
 */

/** How a command is written in a file or on the command line (Perceval's wire names are accepted too). */
export const COMMAND_NAMES = ['probs', 'sample-count', 'samples', 'sample_count'] as const;

/** The component types an experiment file may use, as Perceval names them. */
export const COMPONENT_TYPES = ['BS', 'PS', 'PERM', 'Unitary', 'LC', 'Barrier', 'Circuit'] as const;

/** A component type. */
export type ComponentType = (typeof COMPONENT_TYPES)[number];

/** One of the given strings. */
function oneOf<const L extends string>(values: readonly L[]): TUnion<TLiteral<L>[]> {
  return Type.Union(values.map((value) => Type.Literal(value)));
}

/** Text that is not blank. */
const text = Type.String({ pattern: '\\S', title: 'non-blank string' });

const mode = Type.Integer({ minimum: 0 });

/** A number, or the name of a symbolic parameter (its value comes from `parameters` or `--param`). */
const angle = Type.Union([Type.Number(), Type.String({ pattern: '\\S', title: 'parameter name' })]);

/** A complex matrix element or amplitude: a real number, `[re, im]` or `{ "re": …, "im": … }`. */
const complex = Type.Union(
  [
    Type.Number(),
    Type.Tuple([Type.Number(), Type.Number()]),
    Type.Object(
      { re: Type.Optional(Type.Number()), im: Type.Optional(Type.Number()) },
      { additionalProperties: false },
    ),
  ],
  { title: 'number, [re, im] or {"re": …, "im": …}' },
);

/** `"|1,0,1>"` or `[1, 0, 1]`. */
const basicState = Type.Union([Type.String(), Type.Array(Type.Integer({ minimum: 0 }))], {
  title: 'state such as "|1,0,1>" or [1, 0, 1]',
});

const modes = Type.Union([mode, Type.Array(mode)], {
  title: 'first mode, or list of modes',
  description: 'the first mode, or the list of modes, of this step',
});

/** A step of a circuit: `{ "type": …, "modes": …, …the component's parameters }`. */
function step<const T extends ComponentType, P extends Record<string, TSchema>>(type: T, parameters: P) {
  return Type.Object({ type: Type.Literal(type), modes, ...parameters }, { additionalProperties: false });
}

/** The steps of a circuit, nested circuits included. */
export const stepSchema = Type.Recursive(
  (self) =>
    Type.Union([
      step('BS', {
        convention: Type.Optional(oneOf(['Rx', 'H', 'Ry'] as const)),
        theta: Type.Optional(angle),
        reflectivity: Type.Optional(Type.Number()),
        phis: Type.Optional(
          Type.Object(
            {
              tl: Type.Optional(angle),
              bl: Type.Optional(angle),
              tr: Type.Optional(angle),
              br: Type.Optional(angle),
            },
            { additionalProperties: false },
          ),
        ),
      }),
      step('PS', {
        phi: Type.Union(angle.anyOf, { description: 'the phase' }),
        maxError: Type.Optional(angle),
      }),
      step('PERM', { perm: Type.Array(mode, { description: 'the output mode of each input mode' }) }),
      step('Unitary', {
        rows: Type.Array(Type.Array(complex), { description: 'the matrix, as a list of rows' }),
        name: Type.Optional(text),
      }),
      step('LC', { loss: Type.Union(angle.anyOf, { description: 'the loss probability' }) }),
      step('Barrier', {}),
      step('Circuit', {
        m: Type.Optional(Type.Integer({ minimum: 1 })),
        name: Type.Optional(text),
        components: Type.Optional(Type.Array(self)),
      }),
    ]),
  { $id: 'Step' },
);

/** A detector: `"pnr"`, `"threshold"` or `{ "type": "ppnr", "nWires": 4, "maxDetections"?: 2, "wireEfficiency"?: 0.9 }`. */
const detector = Type.Union([
  Type.Literal('pnr'),
  Type.Literal('threshold'),
  Type.Object(
    {
      type: oneOf(['pnr', 'threshold', 'ppnr'] as const),
      nWires: Type.Optional(Type.Integer({ minimum: 1 })),
      maxDetections: Type.Optional(Type.Integer({ minimum: 1 })),
      wireEfficiency: Type.Optional(Type.Number()),
    },
    { additionalProperties: false },
  ),
]);

/** The noise model's parameters, named as `NoiseModel` names them (it checks their ranges itself). */
const noise = schemaOf<NoiseModelOptions>()(
  Type.Object(
    {
      brightness: Type.Optional(Type.Number()),
      indistinguishability: Type.Optional(Type.Number()),
      g2: Type.Optional(Type.Number()),
      g2Distinguishable: Type.Optional(Type.Boolean()),
      transmittance: Type.Optional(Type.Number()),
      phaseImprecision: Type.Optional(Type.Number()),
      phaseError: Type.Optional(Type.Number()),
    },
    { additionalProperties: false },
  ),
);

/** Schema of an experiment file. */
export const experimentFileSchema = Type.Object(
  {
    $schema: Type.Optional(Type.String()),
    name: Type.Optional(text),
    description: Type.Optional(text),
    m: Type.Integer({ minimum: 1, description: 'the number of modes of the circuit' }),
    circuit: Type.Optional(Type.Array(stepSchema)),
    input: Type.Optional(
      Type.Union(
        [
          basicState.anyOf[0],
          basicState.anyOf[1],
          Type.Object(
            { superposition: Type.Array(Type.Tuple([basicState, complex])) },
            { additionalProperties: false },
          ),
          Type.Object(
            { mixture: Type.Array(Type.Tuple([basicState, Type.Number()])) },
            { additionalProperties: false },
          ),
        ],
        { title: 'state such as "|1,0,1>" or [1, 0, 1], {"superposition": …} or {"mixture": …}' },
      ),
    ),
    heralds: Type.Optional(
      Type.Array(
        Type.Object(
          {
            mode: Type.Integer({ minimum: 0, description: 'the heralded mode' }),
            expected: Type.Optional(Type.Integer({ minimum: 0 })),
            location: Type.Optional(oneOf(['in_out', 'input', 'output'] as const)),
            name: Type.Optional(text),
          },
          { additionalProperties: false },
        ),
      ),
    ),
    keepHeralds: Type.Optional(Type.Boolean()),
    postSelect: Type.Optional(text),
    noise: Type.Optional(noise),
    detectors: Type.Optional(
      Type.Union([
        Type.Literal('pnr'),
        Type.Literal('threshold'),
        Type.Record(Type.String({ pattern: '^\\d+$' }), detector, { additionalProperties: false }),
      ]),
    ),
    minDetectedPhotons: Type.Optional(Type.Integer({ minimum: 0 })),
    parameters: Type.Optional(Type.Record(Type.String(), Type.Number())),
    command: Type.Optional(oneOf(COMMAND_NAMES)),
    samples: Type.Optional(Type.Integer({ minimum: 1 })),
    backend: Type.Optional(oneOf(BACKEND_NAMES)),
  },
  { additionalProperties: false },
);

/** An experiment file, as checked by {@link experimentFileSchema}. */
export type ExperimentFile = Static<typeof experimentFileSchema>;

/** A step of a circuit, as checked. */
export type ExperimentStep = Static<typeof stepSchema>;

/** A complex number as a file writes it. */
export type ComplexValue = Static<typeof complex>;

/** A basic state as a file writes it. */
export type BasicStateValue = Static<typeof basicState>;

/** A detector as a file writes it (by mode). */
export type DetectorValue = Static<typeof detector>;

/** The JSON Schema document of experiment files, as `bosonic schema` prints it (for editors). */
export function experimentJsonSchema(): Record<string, unknown> {
  return {
    $schema: 'http://json-schema.org/draft-07/schema#',
    title: 'bosonic experiment file',
    description:
      'A photonic experiment for the bosonic CLI (see the @bosonic/cli README, "Experiment files").',
    ...JSON.parse(JSON.stringify(experimentFileSchema)),
  };
}
