// Tomography's settings and bookkeeping on a one-photon processor computed here (|U[out, 0]|², exact), so that
// core checks them without the native simulator; @bosonic/simulator holds Perceval's reference numbers.
import { describe, expect, it } from 'vitest';
import { BS } from '../../model/circuit/beam-splitter.js';
import { Circuit } from '../../model/circuit/circuit.js';
import { ComplexMatrix } from '../../model/circuit/complex-matrix.js';
import { Experiment } from '../../model/experiment.js';
import { OnePhotonProcessor } from '../../testing/one-photon-processor.js';
import { StateTomography } from './state-tomography.js';
import { qubitModes, TomographyExperiment, type TomographyProcessor } from './tomography-experiment.js';

const hadamard = () => new Circuit(2, { name: 'H' }).add(0, BS.H());

describe('qubitModes', () => {
  it('reads the dual-rail pairs of a gate: the first mode of each', () => {
    expect(qubitModes(new Experiment(new Circuit(4)))).toEqual([0, 2]);
    expect(qubitModes(new Experiment(new Circuit(6)).addHerald(4, 0).addHerald(5, 0))).toEqual([0, 2]);
  });

  it('refuses what is not a gate on 1 to 3 dual-rail qubits, naming the processor', () => {
    const refusal = expect.objectContaining({ name: 'ValidationError', field: 'processor' });
    expect(() => qubitModes(new Experiment())).toThrow(refusal);
    expect(() => qubitModes(new Experiment(new Circuit(3)))).toThrow(/even number/);
    expect(() => qubitModes(new Experiment(new Circuit(8)))).toThrow(/up to 3 qubits \(got 4\)/);
    expect(() => qubitModes(new Experiment(new Circuit(5)).addHerald(1, 0))).toThrow(/adjacent modes/);
  });
});

describe('TomographyExperiment', () => {
  it('runs every setting as one step of a single probability job and restores the processor afterwards', () => {
    const processor = new OnePhotonProcessor(hadamard());
    const gate = processor.experiment.circuit;
    const tomography = new TomographyExperiment(processor);
    expect(tomography.nQubits).toBe(1);
    // |0⟩ through H is |+⟩: measured in X it is always +, in Z it is ± with ½ each.
    const [x, z] = tomography.run([
      { preparation: ['0'], measurement: ['X'] },
      { preparation: ['0'], measurement: ['Z'] },
    ]);
    expect(x!.probabilities[0]).toBeCloseTo(1, 12);
    expect(x!.probabilities[1]).toBeCloseTo(0, 12);
    expect(z!.probabilities).toEqual([expect.closeTo(0.5, 12), expect.closeTo(0.5, 12)]);
    expect(x!.logicalPerf).toBe(1);
    expect(processor.experiment.circuit).toBe(gate);
    expect(processor.experiment.input).toBeUndefined();
  });

  it('runs asynchronously with progress, and an aborted run rejects with JobCanceledError', async () => {
    const processor = new OnePhotonProcessor(hadamard());
    const tomography = new TomographyExperiment(processor);
    const progress: number[] = [];
    const outcomes = await tomography.runAsync([{ preparation: ['1'], measurement: ['X'] }], {
      progress: (p) => progress.push(p),
    });
    // |1⟩ through H is |−⟩: always − in X.
    expect(outcomes[0]!.probabilities[1]).toBeCloseTo(1, 12);
    expect(progress.at(-1)).toBe(1);
    const aborted = new AbortController();
    aborted.abort();
    await expect(
      tomography.runAsync([{ preparation: ['0'], measurement: ['Z'] }], { signal: aborted.signal }),
    ).rejects.toMatchObject({ name: 'JobCanceledError' });
  });

  it('refuses an object that is not a processor', () => {
    expect(() => new TomographyExperiment({} as TomographyProcessor)).toThrow(
      expect.objectContaining({ field: 'processor' }),
    );
  });
});

describe('StateTomography on the one-photon processor', () => {
  it('finds |+⟩⟨+| at the output of a Hadamard fed |0⟩', () => {
    const rho = new StateTomography(new OnePhotonProcessor(hadamard())).compute(['0']);
    expect(
      rho.equals(
        ComplexMatrix.fromRows([
          [0.5, 0.5],
          [0.5, 0.5],
        ]),
        1e-12,
      ),
    ).toBe(true);
  });
});
