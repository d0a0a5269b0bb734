import {
  BasicState,
  BS,
  Circuit,
  Detector,
  PostSelect,
  Sampler,
  StateVector,
  ValidationError,
} from '@bosonic/core';
import { serialize } from '@bosonic/protocol';
import { Processor } from '@bosonic/simulator';
import { describe, expect, it } from 'vitest';
import { loadExperiment, parseExperiment } from './load-experiment.js';
import { COMPONENT_TYPES, type ComponentType } from './read-circuit.js';
import { commandFlagName, readExperiment } from './read-experiment.js';

const examples = new URL('../../examples/', import.meta.url);

/** The ValidationError `build` throws (fails the test if it throws nothing or something else). */
function validationError(build: () => unknown): ValidationError {
  try {
    build();
  } catch (error) {
    expect(error).toBeInstanceOf(ValidationError);
    return error as ValidationError;
  }
  throw new Error('expected a ValidationError');
}

const hom = { m: 2, circuit: [{ type: 'BS', modes: [0, 1], convention: 'H' }], input: '|1,1>' };

describe('the JSON experiment format', () => {
  it('builds the Hong-Ou-Mandel experiment: a balanced H beam splitter fed |1,1>', () => {
    const { experiment, name, command } = readExperiment({ ...hom, name: 'HOM', command: 'probs' });
    expect(name).toBe('HOM');
    expect(command).toBe('probs');
    const expected = new Circuit(2).add(0, BS.H()).computeUnitary();
    expect(experiment.circuit?.computeUnitary().equals(expected, 1e-15)).toBe(true);
    expect(experiment.input?.toString()).toBe('|1,1>');
    const { results } = new Sampler(new Processor('SLOS', experiment)).probs() as {
      results: { get(s: string): number };
    };
    expect(results.get('|2,0>')).toBeCloseTo(0.5, 12);
    expect(results.get('|1,1>')).toBeCloseTo(0, 12);
  });

  it('reads the postprocessed CNOT example: nested circuit, PERMs, reflectivities, heralds, post-selection', () => {
    const { experiment } = loadExperiment(new URL('cnot-postprocessed.json', examples).pathname);
    expect(experiment.outputHeralds()).toEqual(
      new Map([
        [4, 0],
        [5, 0],
      ]),
    );
    expect(experiment.postSelection?.toString()).toBe('[0,1]==1 & [2,3]==1');
    // docs/reference-values.md #7: logical |1,0> → |1,1> with probability 1/9.
    const result = new Sampler(new Processor('SLOS', experiment)).probs() as {
      results: { get(s: string): number; size: number };
      globalPerf: number;
    };
    expect(result.globalPerf).toBeCloseTo(1 / 9, 12);
    expect(result.results.get('|0,1,0,1>')).toBeCloseTo(1, 12);
    expect(result.results.size).toBe(1);
  });

  it('reads every example shipped with the package', () => {
    for (const [file, input] of [
      ['hom.json', '|1,1>'],
      ['cnot-postprocessed.json', '|0,1,1,0>'],
      ['boson-sampling-12.json', '|1,0,1,0,1,0,1,0,1,0,1,0,1,0,1,0,1,0,1,0,1,0,1,0>'],
    ] as const) {
      const loaded = loadExperiment(new URL(file, examples).pathname);
      expect(String(loaded.experiment.input), file).toBe(input);
    }
    const boson = loadExperiment(new URL('boson-sampling-12.json', examples).pathname);
    expect(boson.experiment.m).toBe(24);
    expect((boson.experiment.input as BasicState).n).toBe(12);
    expect(boson.command).toBe('sample_count');
    expect(boson.samples).toBe(10_000);
  });

  it('shares one symbolic parameter between components and takes its value from the file or an override', () => {
    const file = {
      m: 2,
      circuit: [
        { type: 'PS', modes: 0, phi: 'phi' },
        { type: 'BS', modes: [0, 1], theta: 'theta' },
        { type: 'PS', modes: 1, phi: 'phi' },
      ],
      input: [1, 0],
      parameters: { phi: 0.25, theta: 1 },
    };
    const fromFile = readExperiment(file);
    expect(fromFile.parameterNames).toEqual(['phi', 'theta']);
    expect(fromFile.experiment.circuit?.getParameter('phi').value).toBe(0.25);
    const overridden = readExperiment(file, { parameters: { theta: 2 } });
    expect(overridden.experiment.circuit?.getParameter('theta').value).toBe(2);
    // |1,0> through BS(θ): P(|1,0>) = cos²(θ/2), whatever the phases.
    const { results } = new Sampler(new Processor('SLOS', overridden.experiment)).probs() as {
      results: { get(s: string): number };
    };
    expect(results.get('|1,0>')).toBeCloseTo(Math.cos(1) ** 2, 12);
  });

  it('reads Unitary rows as reals, [re, im] pairs or {re, im} objects', () => {
    const s = Math.SQRT1_2;
    const { experiment } = readExperiment({
      m: 2,
      circuit: [
        {
          type: 'Unitary',
          modes: [0, 1],
          rows: [
            [s, [0, s]],
            [{ im: s }, { re: s }],
          ],
        },
      ],
      input: '|1,0>',
    });
    expect(experiment.circuit?.computeUnitary().get(1, 0)).toEqual({ re: 0, im: s });
  });

  it('reads superposed inputs, noise, detectors, the min-photons filter, LC and barriers', () => {
    const { experiment, backend, samples } = readExperiment({
      m: 3,
      circuit: [
        { type: 'BS', modes: [0, 1], theta: 1.2, phis: { tl: 0.1, br: 0.2 } },
        { type: 'LC', modes: 2, loss: 0.1 },
        { type: 'Barrier', modes: [0, 1, 2] },
      ],
      input: {
        superposition: [
          ['|1,0,0>', 1],
          ['|0,1,0>', [0, 1]],
        ],
      },
      noise: { brightness: 0.9, g2Distinguishable: false },
      detectors: { '0': 'threshold', '2': { type: 'ppnr', nWires: 2, wireEfficiency: 0.9 } },
      minDetectedPhotons: 1,
      backend: 'SLOS',
      samples: 500,
    });
    expect(experiment.input).toBeInstanceOf(StateVector);
    expect(experiment.noise?.brightness).toBe(0.9);
    expect(experiment.detector(0).equals(Detector.threshold())).toBe(true);
    expect(experiment.detector(2).nWires).toBe(2);
    expect(experiment.minDetectedPhotons).toBe(1);
    expect(experiment.circuit?.hasLoss).toBe(true);
    expect(backend).toBe('SLOS');
    expect(samples).toBe(500);
  });

  it('puts threshold detectors on every mode with "detectors": "threshold"', () => {
    const { experiment } = readExperiment({ ...hom, detectors: 'threshold' });
    expect(experiment.isThresholded).toBe(true);
  });

  it('accepts the command in CLI and Perceval spellings', () => {
    expect(readExperiment({ ...hom, command: 'sample-count' }).command).toBe('sample_count');
    expect(readExperiment({ ...hom, command: 'sample_count' }).command).toBe('sample_count');
    expect(commandFlagName('sample_count')).toBe('sample-count');
    expect(commandFlagName('probs')).toBe('probs');
  });
});

describe('component types', () => {
  it('reads a step of every type COMPONENT_TYPES lists, and names them all when a type is unknown', () => {
    const steps: Record<ComponentType, Record<string, unknown>> = {
      BS: { modes: [0, 1], convention: 'H' },
      PS: { modes: 0, phi: 0.5 },
      PERM: { modes: [0, 1], perm: [1, 0] },
      Unitary: {
        modes: 0,
        rows: [
          [0, 1],
          [1, 0],
        ],
      },
      LC: { modes: 1, loss: 0.2 },
      Barrier: { modes: [0, 1] },
      Circuit: { modes: [0, 1], m: 2, components: [{ type: 'PS', modes: 1, phi: 1 }] },
    };
    expect(Object.keys(steps).sort()).toEqual([...COMPONENT_TYPES].sort());
    const circuit = COMPONENT_TYPES.map((type) => ({ type, ...steps[type] }));
    const { experiment } = readExperiment({ m: 2, input: '|1,0>', circuit });
    expect(experiment.circuit?.components).toHaveLength(COMPONENT_TYPES.length);
    const unknown = validationError(() => readExperiment({ m: 2, circuit: [{ type: 'XX', modes: 0 }] }));
    for (const type of COMPONENT_TYPES) expect(unknown.message).toContain(`'${type}'`);
  });
});

describe('errors name the JSON path of the problem', () => {
  const cases: [string, unknown, string, RegExp][] = [
    ['a misspelt top-level key', { ...hom, inptu: '|1,1>' }, 'inptu', /unknown key/],
    ['a missing mode count', { circuit: [] }, 'm', /number of modes/],
    ['an unknown component type', { m: 2, circuit: [{ type: 'XX', modes: 0 }] }, 'circuit[0].type', /'BS'/],
    [
      'a step without a type',
      { m: 2, circuit: [{ modes: 0 }] },
      'circuit[0].type',
      /one of 'BS', .*got undefined/,
    ],
    [
      'a step without modes',
      { m: 2, circuit: [{ type: 'PS', phi: 1 }] },
      'circuit[0].modes',
      /required field is missing \(the first mode, or the list of modes, of this step\)/,
    ],
    [
      'both theta and reflectivity',
      { m: 2, circuit: [{ type: 'BS', modes: [0, 1], theta: 1, reflectivity: 0.5 }] },
      'circuit[0].reflectivity',
      /either theta or reflectivity/,
    ],
    [
      'a barrier given its first mode only',
      { m: 2, circuit: [{ type: 'Barrier', modes: 0 }] },
      'circuit[0].modes',
      /list of the modes/,
    ],
    [
      'a nested circuit of no size',
      { m: 2, circuit: [{ type: 'Circuit', modes: 0, components: [] }] },
      'circuit[0].m',
      /size of the nested circuit/,
    ],
    ['a file that is not an object', [hom], 'experiment', /^experiment: expected an object, got an array$/],
    ['a blank name', { ...hom, name: '  ' }, 'name', /expected a non-blank string/],
    [
      'a misspelt component key',
      { m: 2, circuit: [{ type: 'BS', modes: [0, 1], thetta: 1 }] },
      'circuit[0].thetta',
      /unknown key/,
    ],
    [
      'an angle of the wrong type',
      { m: 2, circuit: [{ type: 'BS', modes: [0, 1], theta: true }] },
      'circuit[0].theta',
      /number or a parameter name/,
    ],
    [
      'an angle out of range (the model says why)',
      { m: 2, circuit: [{ type: 'PS', modes: 0, phi: 1, maxError: 5 }] },
      'circuit[0]',
      /maxError/,
    ],
    [
      'a component outside the circuit',
      { m: 2, circuit: [{ type: 'BS', modes: [1, 2] }] },
      'circuit[0].modes',
      /./,
    ],
    [
      'a non-unitary matrix',
      {
        m: 2,
        circuit: [
          {
            type: 'Unitary',
            modes: 0,
            rows: [
              [1, 1],
              [0, 1],
            ],
          },
        ],
      },
      'circuit[0].rows',
      /unitary/i,
    ],
    [
      'a bad matrix element',
      {
        m: 2,
        circuit: [
          {
            type: 'Unitary',
            modes: 0,
            rows: [
              [1, 0],
              [0, 'one'],
            ],
          },
        ],
      },
      'circuit[0].rows[1][1]',
      /re, im/,
    ],
    [
      'a step inside a nested circuit',
      {
        m: 3,
        circuit: [
          { type: 'Circuit', modes: [0, 1], components: [{ type: 'PERM', modes: [0, 1], perm: [0, 0] }] },
        ],
      },
      'circuit[0].components[0].perm',
      /permutation/,
    ],
    ['an input of the wrong size', { ...hom, input: '|1,1,0>' }, 'input', /./],
    ['a malformed state', { ...hom, input: '|1,x>' }, 'input', /column/],
    ['a herald outside the circuit', { ...hom, heralds: [{ mode: 5 }] }, 'heralds[0]', /./],
    ['a bad post-selection', { ...hom, postSelect: '[0] ~ 1' }, 'postSelect', /column/],
    ['an unknown noise parameter', { ...hom, noise: { brightnes: 0.9 } }, 'noise.brightnes', /unknown key/],
    ['a noise value out of range', { ...hom, noise: { brightness: 1.5 } }, 'noise', /brightness/],
    [
      'a bad detector',
      { ...hom, detectors: { '0': 'perfect' } },
      'detectors["0"]',
      /'pnr', 'threshold' or an object/,
    ],
    [
      'a ppnr detector without wires',
      { ...hom, detectors: { '1': { type: 'ppnr' } } },
      'detectors["1"].nWires',
      /number of wires/,
    ],
    [
      'a detector keyed by something else than a mode',
      { ...hom, detectors: { x: 'pnr' } },
      'detectors.x',
      /unknown key/,
    ],
    [
      'both a superposition and a mixture',
      { ...hom, input: { superposition: [], mixture: [] } },
      'input',
      /\{"superposition": …\} or \{"mixture": …\}/,
    ],
    [
      'a mixture entry that is not a pair',
      { ...hom, input: { mixture: [['|1,1>']] } },
      'input.mixture[0]',
      /expected an array of 2 items/,
    ],
    ['a negative photon filter', { ...hom, minDetectedPhotons: -1 }, 'minDetectedPhotons', /integer/],
    ['an unknown backend', { ...hom, backend: 'Boltzmann' }, 'backend', /SLOS/],
    ['an unknown command', { ...hom, command: 'amplitudes' }, 'command', /probs/],
    [
      'a parameter without a value',
      { m: 1, circuit: [{ type: 'PS', modes: 0, phi: 'phi' }], input: '|1>' },
      'parameters.phi',
      /--param phi=/,
    ],
    [
      'a value for a parameter the circuit does not have',
      { m: 1, circuit: [{ type: 'PS', modes: 0, phi: 'phi' }], input: '|1>', parameters: { phi: 1, psi: 2 } },
      'parameters.psi',
      /unknown key/,
    ],
  ];
  for (const [what, file, path, message] of cases) {
    it(`${what}: ${path}`, () => {
      const error = validationError(() => readExperiment(file));
      expect(error.field).toBe(path);
      expect(error.message.startsWith(`${path}: `)).toBe(true);
      expect(error.message).toMatch(message);
    });
  }

  it('an override for a parameter the circuit does not have', () => {
    const error = validationError(() => readExperiment(hom, { parameters: { phi: 1 } }));
    expect(error.field).toBe('parameters.phi');
    expect(error.message).toMatch(/has no parameter 'phi'/);
  });
});

describe('experiment files', () => {
  it('reports JSON syntax errors with the file, line and column', () => {
    const error = validationError(() => parseExperiment('{\n  "m": 2,\n  "input": |1,1>\n}', 'broken.json'));
    expect(error.message).toBe('broken.json:3:12: not valid JSON');
    expect(validationError(() => parseExperiment('{\n  "m": [2', 'short.json')).message).toBe(
      'short.json:2:10: not valid JSON (it ends too early)',
    );
  });

  it('prefixes schema and model errors with the file, line and column of the field', () => {
    const text = JSON.stringify({ ...hom, input: 5 }, null, 2);
    const error = validationError(() => parseExperiment(text, 'x.json'));
    expect(error.message).toMatch(/^x\.json:\d+:3: input: /);
    expect(text.split('\n')[Number(/^x\.json:(\d+):/.exec(error.message)?.[1]) - 1]).toMatch(
      /^ {2}"input": 5/,
    );
    expect(error.field).toBe('input');
    const phi = `{
  "m": 2,
  "circuit": [
    { "type": "BS", "modes": [0, 1] },
    { "type": "PS", "modes": 1,
      "phi": true }
  ]
}`;
    expect(validationError(() => parseExperiment(phi, 'phase.json')).message).toMatch(
      /^phase\.json:6:7: circuit\[1\]\.phi: expected /,
    );
    // A missing field: the place of the object that lacks it.
    expect(validationError(() => parseExperiment('\n{"circuit": []}', 'no-m.json')).message).toBe(
      'no-m.json:2:1: m: required field is missing (the number of modes of the circuit)',
    );
  });

  it('names no place for a problem that is not in the file (a --param override)', () => {
    const error = validationError(() =>
      parseExperiment(JSON.stringify(hom), 'x.json', { parameters: { phi: 1 } }),
    );
    expect(error.message).toMatch(/^x\.json: parameters\.phi: the circuit has no parameter 'phi'/);
  });

  it('names a missing file', () => {
    const error = validationError(() => loadExperiment('/nonexistent/experiment.json'));
    expect(error.message).toBe('/nonexistent/experiment.json: no such file');
    expect(error.field).toBe('file');
  });

  it('reads a :PCVL: experiment string, as Perceval serializes it', () => {
    const original = readExperiment({
      ...hom,
      name: 'HOM',
      postSelect: '[0]==1',
    }).experiment;
    original.minDetectedPhotonsFilter(2);
    const text = serialize(original) as string;
    expect(text.startsWith(':PCVL:zip:')).toBe(true);
    const { experiment } = parseExperiment(`${text}\n`, 'hom.pcvl');
    expect(experiment.circuit?.computeUnitary().equals(original.circuit!.computeUnitary(), 1e-12)).toBe(true);
    expect(experiment.input?.toString()).toBe('|1,1>');
    expect(experiment.postSelection?.equals(new PostSelect('[0]==1'))).toBe(true);
    expect(experiment.minDetectedPhotons).toBe(2);
  });

  it('refuses a malformed :PCVL: string with the file name', () => {
    const error = validationError(() => parseExperiment(':PCVL:Experiment:not base64!', 'bad.pcvl'));
    expect(error.message).toMatch(/^bad\.pcvl: /);
  });

  it('refuses parameter overrides on a :PCVL: file', () => {
    const text = serialize(readExperiment(hom).experiment) as string;
    const error = validationError(() => parseExperiment(text, 'x.pcvl', { parameters: { phi: 1 } }));
    expect(error.field).toBe('parameters');
  });

  it('refuses an empty file', () => {
    expect(validationError(() => parseExperiment('  \n', 'empty.json')).message).toBe(
      'empty.json: the file is empty',
    );
  });
});

describe('a basic state input', () => {
  it('may be written as a list of photon counts', () => {
    const { experiment } = readExperiment({ ...hom, input: [1, 1] });
    expect((experiment.input as BasicState).equals(new BasicState([1, 1]))).toBe(true);
  });
});
