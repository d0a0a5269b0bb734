import {
  BasicState,
  BS,
  Circuit,
  Detector,
  Experiment,
  LC,
  NoiseModel,
  P,
  PostSelect,
  PS,
  StateVector,
  SVDistribution,
  ValidationError,
} from '@bosonic/core';
import { describe, expect, it } from 'vitest';
import { encodeRequest } from './encode.js';

const options = { backend: 'SLOS', seed: 7 } as const;

describe('encodeRequest', () => {
  it('multiplies the unitary components into one m×m block, U = U_last · … · U_first', () => {
    const circuit = new Circuit(3)
      .add(0, BS.H())
      .add(1, new PS(Math.PI / 4))
      .add(1, BS.H());
    const experiment = new Experiment(circuit).withInput(new BasicState([0, 1, 1]));
    const request = encodeRequest(experiment, options);
    expect(request.elements).toHaveLength(1);
    const element = request.elements[0]!;
    expect(element.kind).toBe('unitary');
    if (element.kind !== 'unitary') return;
    expect(element.size).toBe(3);
    expect(Array.from(element.matrix)).toEqual(Array.from(circuit.computeUnitary().data));
  });

  it('splits the circuit around loss channels, which the engine simulates with virtual modes', () => {
    const circuit = new Circuit(2).add(0, BS.H()).add(1, new LC(0.25)).add(0, BS.H());
    const request = encodeRequest(new Experiment(circuit).withInput(new BasicState([1, 0])), options);
    expect(request.elements.map((e) => e.kind)).toEqual(['unitary', 'loss', 'unitary']);
    expect(request.elements[1]).toEqual({ kind: 'loss', mode: 1, loss: 0.25 });
  });

  it('applies a sweep step’s parameters without touching the circuit', () => {
    const phi = P('phi');
    const circuit = new Circuit(1).add(0, new PS(phi));
    const experiment = new Experiment(circuit).withInput(new BasicState([1])).withIteration({
      circuitParams: { phi: Math.PI },
    });
    const request = encodeRequest(experiment, options);
    const element = request.elements[0]!;
    if (element.kind !== 'unitary') throw new Error('expected a unitary');
    expect(element.matrix[0]).toBeCloseTo(-1, 15);
    expect(phi.value).toBeUndefined();
  });

  it('inserts input-herald photons, lists output heralds and reads the post-selection tree', () => {
    const experiment = new Experiment(new Circuit(4))
      .addHerald(2, 1)
      .addHerald(3, 0, 'output')
      .withInput(new BasicState([1, 0, 1]))
      .setPostSelection(new PostSelect('[0,1]==1 & [3]<1'));
    const request = encodeRequest(experiment, options);
    expect(request.input).toEqual({
      kind: 'source',
      occupations: Uint8Array.of(1, 0, 1, 1),
      noise: { brightness: 1, g2: 0, g2Distinguishable: true, indistinguishability: 1, transmittance: 1 },
    });
    expect(request.heralds).toEqual([
      { mode: 2, expected: 1 },
      { mode: 3, expected: 0 },
    ]);
    expect(request.postSelect).toEqual({
      kind: 'and',
      children: [
        { kind: 'condition', modes: [0, 1], op: '==', value: 1 },
        { kind: 'condition', modes: [3], op: '<', value: 1 },
      ],
    });
    // Perceval's rule for a perfect source: every non-heralded input photon must be detected.
    expect(request.minDetectedPhotons).toBe(2);
  });

  it('sends the source noise with a Fock-state input, and superpositions as mixed inputs with their tags', () => {
    const noisy = new Experiment(new Circuit(2), { noise: new NoiseModel({ brightness: 0.5, g2: 0.01 }) })
      .withInput(new BasicState([1, 1]))
      .minDetectedPhotonsFilter(1);
    const input = encodeRequest(noisy, options).input;
    expect(input.kind === 'source' && input.noise.brightness).toBe(0.5);

    const vector = new StateVector([
      [BasicState.parse('|{0},{1}>'), 1],
      [BasicState.parse('|1,1>'), -1],
    ]);
    const mixed = encodeRequest(
      new Experiment(new Circuit(2)).withInput(vector).minDetectedPhotonsFilter(0),
      options,
    );
    expect(mixed.input).toEqual({
      kind: 'mixed',
      m: 2,
      components: [
        {
          probability: 1,
          terms: [
            { re: 1, im: 0, occupations: Uint8Array.of(1, 1), tags: [0, 1] },
            { re: -1, im: 0, occupations: Uint8Array.of(1, 1) },
          ],
        },
      ],
    });
    const distribution = new SVDistribution([
      ['|1,0>', 0.25],
      ['|0,1>', 0.75],
    ]);
    const weighted = encodeRequest(
      new Experiment(new Circuit(2)).withInput(distribution).minDetectedPhotonsFilter(0),
      options,
    );
    expect(weighted.input.kind === 'mixed' && weighted.input.components.map((c) => c.probability)).toEqual([
      0.25, 0.75,
    ]);
  });

  it('lists one detector per mode once any is set, PNR elsewhere', () => {
    const experiment = new Experiment(new Circuit(3))
      .withInput(new BasicState([1, 1, 0]))
      .setDetector(1, Detector.threshold())
      .setDetector(2, Detector.ppnr(4, 2, 0.9));
    expect(encodeRequest(experiment, options).detectors).toEqual([
      null,
      { kind: 'threshold' },
      { kind: 'ppnr', wires: 4, maxDetections: 2, efficiency: 0.9 },
    ]);
    expect(
      encodeRequest(new Experiment(new Circuit(1)).withInput(new BasicState([1])), options).detectors,
    ).toEqual([]);
  });

  it('quantizes phase shifters and adds their error from the noise model, reproducibly per seed', () => {
    const circuit = new Circuit(1).add(0, new PS(0.3));
    const phaseOf = (noise: NoiseModel, seed: number): number => {
      const experiment = new Experiment(circuit, { noise })
        .withInput(new BasicState([1]))
        .minDetectedPhotonsFilter(1);
      const element = encodeRequest(experiment, { backend: 'SLOS', seed }).elements[0]!;
      if (element.kind !== 'unitary') throw new Error('expected a unitary');
      return Math.atan2(element.matrix[1]!, element.matrix[0]!);
    };
    expect(phaseOf(new NoiseModel({ phaseImprecision: 0.25 }), 1)).toBeCloseTo(0.25, 12);
    const a = phaseOf(new NoiseModel({ phaseError: 0.1 }), 1);
    expect(Math.abs(a - 0.3)).toBeLessThanOrEqual(0.1);
    expect(phaseOf(new NoiseModel({ phaseError: 0.1 }), 1)).toBe(a);
    expect(phaseOf(new NoiseModel({ phaseError: 0.1 }), 2)).not.toBe(a);
  });

  it('refuses what the engine could not carry or run', () => {
    expect(() => encodeRequest(new Experiment(new Circuit(2)), options)).toThrow(ValidationError);
    const crowded = new Experiment(new Circuit(1)).withInput(new BasicState([256]));
    expect(() => encodeRequest(crowded, options)).toThrow(/exceeds/);
    const tagged = new Experiment(new Circuit(2), { noise: new NoiseModel({ brightness: 0.9 }) })
      .withInput(BasicState.parse('|{0},{1}>'))
      .minDetectedPhotonsFilter(2);
    expect(() => encodeRequest(tagged, options)).toThrow(ValidationError);
  });
});
