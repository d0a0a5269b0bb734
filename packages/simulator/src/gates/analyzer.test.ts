// Perceval's Analyzer reference values (tests/algorithm/test_analyzer.py and
// tests/components/catalog/test_2qbits_gates.py::test_fidelity_and_performance_cnot), through the native
// simulator.
import {
  Analyzer,
  BasicState,
  BS,
  Circuit,
  catalog,
  generateAllLogicalStates,
  getBasicStateFromPorts,
  P,
  PERM,
  PS,
} from '@bosonic/core';
import { describe, expect, it } from 'vitest';
import { Processor } from '../index.js';
import { CNOT_TRUTH_TABLE } from './ideal-gates.js';

/** The 4 two-qubit logical states on the experiment's ports, labelled as Perceval's LogicalState prints them. */
function logicalInputs(processor: Processor): Record<string, string> {
  return Object.fromEntries(
    generateAllLogicalStates(2).map((l) => [
      getBasicStateFromPorts(processor.experiment.inPorts, l).toString(),
      l.toString(),
    ]),
  );
}

describe('Analyzer on the native simulator (Perceval test_analyzer.py)', () => {
  it('a beam splitter sends |2,0> to |1,1> with 1/2, |2,0> and |0,2> with 1/4 each', () => {
    const analyzer = new Analyzer(
      new Processor('Naive', new Circuit(2).add(0, new BS())),
      ['|2,0>'],
      ['|1,1>', '|2,0>', '|0,2>'],
    );
    analyzer.compute();
    const [row] = analyzer.distribution;
    expect(row![0]).toBeCloseTo(1 / 2, 12);
    expect(row![1]).toBeCloseTo(1 / 4, 12);
    expect(row![2]).toBeCloseTo(1 / 4, 12);
  });

  for (const backend of ['SLOS', 'Naive'] as const) {
    it(`${backend}: a single photon on a beam splitter prints Perceval's table`, () => {
      const analyzer = new Analyzer(new Processor(backend, new Circuit(2).add(0, new BS())), [
        new BasicState([0, 1]),
        new BasicState([1, 0]),
      ]);
      analyzer.compute();
      expect(analyzer.toString()).toBe(
        [
          '+-------+-------+-------+',
          '|       | |0,1> | |1,0> |',
          '+-------+-------+-------+',
          '| |0,1> |  0.5  |  0.5  |',
          '| |1,0> |  0.5  |  0.5  |',
          '+-------+-------+-------+',
        ].join('\n'),
      );
    });
  }

  it("the QRNG chip's table", () => {
    const phis = [P('phi1'), P('phi2'), P('phi3'), P('phi4')];
    const chip = new Circuit(4, { name: 'QRNG' })
      .add(0, new BS())
      .add(2, new BS())
      .add(1, new PERM([1, 0]))
      .add(0, new PS(phis[0]!))
      .add(2, new PS(phis[2]!))
      .add(0, new BS())
      .add(2, new BS())
      .add(0, new PS(phis[1]!))
      .add(2, new PS(phis[3]!))
      .add(0, new BS())
      .add(2, new BS());
    chip.setParameters({ phi1: Math.PI / 2, phi2: 0.2, phi3: 0, phi4: 0.4 });
    const outputs = [
      '|1,0,1,0>',
      '|1,1,0,0>',
      '|0,2,0,0>',
      '|2,0,0,0>',
      '|1,0,0,1>',
      '|0,1,1,0>',
      '|0,1,0,1>',
      '|0,0,2,0>',
      '|0,0,1,1>',
      '|0,0,0,2>',
    ];
    const analyzer = new Analyzer(new Processor('Naive', chip), ['|1,0,1,0>', '|0,1,1,0>'], outputs);
    const expected = [
      0.012162, 0.240133, 0.004934, 0.004934, 0.237838, 0.237838, 0.012162, 0.018956, 0.212088, 0.018956,
    ];
    for (const row of analyzer.distribution) {
      row.forEach((p, j) => {
        expect(Math.abs(p - expected[j]!), outputs[j]).toBeLessThan(5e-7);
      });
    }
  });
});

describe('the CNOT family (Perceval test_fidelity_and_performance_cnot)', () => {
  const analyse = (name: string) => {
    const processor = new Processor('SLOS', catalog.get(name).buildExperiment());
    const analyzer = new Analyzer(processor, logicalInputs(processor));
    analyzer.compute({ expected: CNOT_TRUTH_TABLE });
    return analyzer;
  };

  it('fidelity 1 for each; performance 1/9 post-processed, 2/27 Knill heralded; postprocessed > heralded > klm', () => {
    const postprocessed = analyse('postprocessed cnot');
    const heralded = analyse('heralded cnot');
    const klm = analyse('klm cnot');
    for (const analyzer of [postprocessed, heralded, klm]) expect(analyzer.fidelity).toBeCloseTo(1, 9);
    expect(postprocessed.performance).toBeCloseTo(1 / 9, 12);
    expect(heralded.performance).toBeCloseTo(2 / 27, 12);
    expect(postprocessed.performance!).toBeGreaterThan(heralded.performance!);
    expect(heralded.performance!).toBeGreaterThan(klm.performance!);
    expect(postprocessed.toString().split('\n')[1]).toBe('|      | |00> | |01> | |10> | |11> |');
  });

  it('computeAsync gives the same numbers', async () => {
    const processor = new Processor('SLOS', catalog.get('heralded cnot').buildExperiment());
    const analyzer = new Analyzer(processor, logicalInputs(processor));
    const result = await analyzer.computeAsync({ expected: CNOT_TRUTH_TABLE });
    expect(result.performance).toBeCloseTo(2 / 27, 12);
    expect(result.fidelity).toBeCloseTo(1, 9);
  });

  it('the post-selected Toffoli flips the data qubit only when both controls are 1', () => {
    const processor = new Processor('SLOS', catalog.get('toffoli').buildExperiment());
    const inputs = Object.fromEntries(
      generateAllLogicalStates(3).map((l) => [
        getBasicStateFromPorts(processor.experiment.inPorts, l).toString(),
        l.toString(),
      ]),
    );
    const expected = Object.fromEntries(
      generateAllLogicalStates(3).map((l) => [
        l.toString(),
        l.toString() === '|110>' ? '|111>' : l.toString() === '|111>' ? '|110>' : l.toString(),
      ]),
    );
    const analyzer = new Analyzer(processor, inputs);
    analyzer.compute({ expected });
    expect(analyzer.fidelity).toBeCloseTo(1, 9);
    // The CCZ's dual-rail block is (I + aJ)/σ with a = 2^{1/3}·e^{iπ/3} and σ = |1 + a| its largest singular value:
    // each logical amplitude is σ^{-3}, so the success probability is σ^{-6} (Perceval asserts performance =
    // modulus² of the CCZ).
    const sigma = Math.hypot(1 + 2 ** (1 / 3) * Math.cos(Math.PI / 3), 2 ** (1 / 3) * Math.sin(Math.PI / 3));
    expect(analyzer.performance).toBeCloseTo(sigma ** -6, 12);
  });
});
