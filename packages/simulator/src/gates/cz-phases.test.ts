// Perceval's tests/components/catalog/test_2qbits_gates.py (test_cz_and_cnot_phases_and_modulus), through the
// native simulator: the catalog's CZ gates, and the CNOTs turned into CZs by Hadamards on the data qubit, have a
// diagonal amplitude matrix on the logical states, one modulus, and a π phase on |11> only.
import {
  BS,
  type CatalogItem,
  Circuit,
  catalog,
  type Experiment,
  generateAllLogicalStates,
  getBasicStateFromPorts,
} from '@bosonic/core';
import { describe, expect, it } from 'vitest';
import { Processor } from '../index.js';

/** The item's experiment, with Hadamards around the data qubit (modes 2, 3) when `conjugate`. */
function experimentOf(item: CatalogItem, conjugate: boolean): Experiment {
  const experiment = item.buildExperiment();
  if (conjugate) {
    const circuit = new Circuit(experiment.m)
      .add(2, BS.H())
      .add(0, item.buildCircuit(), { merge: true })
      .add(2, BS.H());
    experiment.setCircuit(circuit);
  }
  return experiment;
}

function checkCz(experiment: Experiment): number {
  const states = generateAllLogicalStates(2).map((l) => getBasicStateFromPorts(experiment.inPorts, l));
  const processor = new Processor('SLOS', experiment);
  let modulus: number | undefined;
  let phase: number | undefined;
  for (const input of states) {
    processor.withInput(input);
    for (const output of states) {
      const { re, im } = processor.probAmplitude(output);
      const r = Math.hypot(re, im);
      if (!input.equals(output)) {
        expect(r, `⟨${output}|U|${input}⟩`).toBeLessThan(1e-9);
        continue;
      }
      modulus ??= r;
      expect(Math.abs(r - modulus), `|⟨${input}|U|${input}⟩|`).toBeLessThan(1e-6);
      expect(r).toBeGreaterThan(0);
      const angle = Math.atan2(im, re);
      if (input.toString() !== '|0,1,0,1>') {
        phase ??= angle;
        expect(Math.cos(angle - phase)).toBeCloseTo(1, 9);
      } else {
        expect(Math.cos(angle - (phase ?? 0) - Math.PI)).toBeCloseTo(1, 9);
      }
    }
  }
  return modulus!;
}

describe('the catalog CZ and CNOT gates on the native simulator', () => {
  it('heralded cz: only |11> picks up π, equal moduli (squared: the 2/27 success probability)', () => {
    const modulus = checkCz(experimentOf(catalog.get('heralded cz'), false));
    expect(modulus ** 2).toBeCloseTo(2 / 27, 12);
  });

  it('postprocessed cz: the same, success 1/9', () => {
    const modulus = checkCz(experimentOf(catalog.get('postprocessed cz'), false));
    expect(modulus ** 2).toBeCloseTo(1 / 9, 12);
  });

  for (const name of ['heralded cnot', 'postprocessed cnot', 'klm cnot']) {
    it(`${name} between Hadamards on the data qubit is a CZ`, () => {
      checkCz(experimentOf(catalog.get(name), true));
    });
  }
});
