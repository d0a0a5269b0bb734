import { describe, expect, it } from 'vitest';
import { refusedField } from '../testing/thrown.js';
import { BS } from './circuit/beam-splitter.js';
import { Circuit } from './circuit/circuit.js';
import { P } from './circuit/parameter.js';
import { PS } from './circuit/phase-shifter.js';
import { Detector } from './detector.js';
import { Experiment } from './experiment.js';
import { NoiseModel } from './noise-model.js';
import { PostSelect } from './post-select/post-select.js';
import { BasicState } from './state/basic-state.js';
import { StateVector } from './state/state-vector.js';
import { SVDistribution } from './state/sv-distribution.js';

/** The six modes of Perceval's postprocessed CNOT, with its heralds {4:0, 5:0} and post-selection. */
function cnotLike(): Experiment {
  return new Experiment(new Circuit(6))
    .addHerald(4, 0)
    .addHerald(5, 0)
    .setPostSelection('[0,1]==1 & [2,3]==1');
}

describe('Experiment', () => {
  describe('construction and circuit', () => {
    it('takes a circuit, a mode count, or nothing', () => {
      expect(new Experiment(new Circuit(3)).m).toBe(3);
      expect(new Experiment(4).m).toBe(4);
      const empty = new Experiment();
      expect(empty.m).toBe(0);
      expect(empty.circuit).toBeUndefined();
      empty.setCircuit(new Circuit(2));
      expect(empty.m).toBe(2);
    });

    it('refuses a circuit of another size once modes are configured', () => {
      const experiment = new Experiment(3).addHerald(2, 0);
      expect(refusedField(() => experiment.setCircuit(new Circuit(4)))).toBe('circuit');
      expect(() => experiment.setCircuit(new Circuit(3).add(0, new BS()))).not.toThrow();
      expect(() => new Experiment(3).setCircuit(new Circuit(5))).not.toThrow();
    });

    it('needs a circuit before mode-dependent settings', () => {
      const experiment = new Experiment();
      expect(refusedField(() => experiment.addHerald(0, 0))).toBe('mode');
      expect(refusedField(() => experiment.withInput(new BasicState([1])))).toBe('input');
      expect(refusedField(() => experiment.checkRunnable())).toBe('circuit');
    });
  });

  describe('heralds', () => {
    it('splits the modes into input modes and herald modes', () => {
      const experiment = new Experiment(6).addHerald(1, 1).addHerald(4, 0, 'output').addHerald(5, 1, 'input');
      expect(experiment.inputModes()).toEqual([0, 2, 3, 4]);
      expect([...experiment.inputHeralds()]).toEqual([
        [1, 1],
        [5, 1],
      ]);
      expect([...experiment.outputHeralds()]).toEqual([
        [1, 1],
        [4, 0],
      ]);
      expect(experiment.outputModes()).toEqual([0, 2, 3, 5]);
      expect(experiment.keepHeralds(true).outputModes()).toEqual([0, 1, 2, 3, 4, 5]);
    });

    it('validates the mode, the count and uniqueness per side', () => {
      const experiment = new Experiment(4).addHerald(3, 0, 'input');
      expect(refusedField(() => experiment.addHerald(4, 0))).toBe('mode');
      expect(refusedField(() => experiment.addHerald(-1, 0))).toBe('mode');
      expect(refusedField(() => experiment.addHerald(0, 33))).toBe('expected');
      expect(refusedField(() => experiment.addHerald(3, 1))).toBe('mode'); // input side already heralded
      expect(() => experiment.addHerald(3, 1, 'output')).not.toThrow(); // the output side is free
      expect(refusedField(() => experiment.addHerald(3, 1, 'output'))).toBe('mode');
    });

    it('refuses an input herald once the input is set (its size would change)', () => {
      const experiment = new Experiment(3).withInput(new BasicState([1, 0, 1]));
      expect(refusedField(() => experiment.addHerald(2, 0))).toBe('mode');
      expect(() => experiment.addHerald(2, 0, 'output')).not.toThrow();
    });

    it('checks output heralds and post-selection on detected states, and removes herald modes', () => {
      const experiment = cnotLike();
      expect(experiment.heraldsMatch(new BasicState([1, 0, 0, 1, 0, 0]))).toBe(true);
      expect(experiment.heraldsMatch(new BasicState([1, 0, 0, 0, 1, 0]))).toBe(false);
      expect(experiment.isSelected(new BasicState([1, 0, 0, 1, 0, 0]))).toBe(true);
      expect(experiment.isSelected(new BasicState([1, 1, 0, 0, 0, 0]))).toBe(false);
      expect(experiment.postprocessOutput(new BasicState([1, 0, 0, 1, 0, 0])).toString()).toBe('|1,0,0,1>');
      expect(experiment.keepHeralds().postprocessOutput(new BasicState([1, 0, 0, 1, 0, 0])).m).toBe(6);
    });
  });

  describe('input', () => {
    it('takes the non-herald modes and inserts the herald photons', () => {
      const experiment = new Experiment(6)
        .addHerald(4, 1)
        .addHerald(5, 0)
        .withInput(new BasicState([1, 0, 1, 0]));
      expect(experiment.fullInputState().toString()).toBe('|1,0,1,0,1,0>');
      expect(experiment.input!.toString()).toBe('|1,0,1,0>');
    });

    it('keeps the polarization of the input photons (herald photons are horizontal, unannotated)', () => {
      const experiment = new Experiment(3).addHerald(0, 1).withInput(BasicState.parse('|{P:V},{P:D}>'));
      expect(experiment.fullInputState().toString()).toBe(BasicState.parse('|1,{P:V},{P:D}>').toString());
    });

    it('inserts herald photons between input modes, keeping noise tags', () => {
      const experiment = new Experiment(3).addHerald(1, 2).withInput(BasicState.parse('|{0},{1}>'));
      expect(experiment.fullInputState().toString()).toBe(BasicState.parse('|{0},2,{1}>').toString());
    });

    it('inserts herald photons in every component of a StateVector or an SVDistribution', () => {
      const sv = new StateVector([
        ['|1,0>', 1],
        ['|0,1>', { re: 0, im: 1 }],
      ]);
      const experiment = new Experiment(3).addHerald(0, 1).withInput(sv);
      const full = experiment.fullInputState() as StateVector;
      expect(full).toBeInstanceOf(StateVector);
      expect(full.amplitude('|1,1,0>').re).toBeCloseTo(Math.SQRT1_2, 12);
      expect(full.amplitude('|1,0,1>').im).toBeCloseTo(Math.SQRT1_2, 12);

      const svd = new SVDistribution([
        ['|1,0>', 0.4],
        [sv, 0.6],
      ]);
      const mixed = new Experiment(3).addHerald(2, 0).withInput(svd).fullInputState() as SVDistribution;
      expect(mixed.get('|1,0,0>')).toBeCloseTo(0.4, 12);
      expect(mixed.m).toBe(3);
    });

    it('leaves the input as it is without input heralds (an output herald takes an input mode)', () => {
      const input = new BasicState([0, 1]);
      expect(new Experiment(2).withInput(input).fullInputState()).toBe(input);
      expect(new Experiment(2).addHerald(1, 0, 'output').withInput(input).fullInputState()).toBe(input);
    });

    it('checks the input size against m minus the input heralds', () => {
      const experiment = new Experiment(4).addHerald(3, 0);
      expect(refusedField(() => experiment.withInput(new BasicState([1, 0, 1, 0])))).toBe('input');
      expect(refusedField(() => experiment.withInput('|1,0,1>' as unknown as BasicState))).toBe('input');
      expect(refusedField(() => experiment.fullInputState())).toBe('input');
      expect(refusedField(() => experiment.checkRunnable())).toBe('input');
    });
  });

  describe('min detected photons (docs/simulation.md)', () => {
    it('uses the filter as set', () => {
      const experiment = new Experiment(4).addHerald(3, 1).withInput(new BasicState([1, 1, 0]));
      experiment.minDetectedPhotonsFilter(1);
      expect(experiment.effectiveMinDetectedPhotons()).toBe(1);
      expect(experiment.minPhotonsThreshold()).toBe(2); // the herald photon counts too
    });

    it('infers input.n for a perfect source and a BasicState input (the herald photons do not count)', () => {
      const experiment = new Experiment(4).addHerald(3, 1).withInput(new BasicState([1, 1, 0]));
      expect(experiment.effectiveMinDetectedPhotons()).toBe(2);
      expect(experiment.minPhotonsThreshold()).toBe(3);
      experiment.setNoise(new NoiseModel({ phaseError: 0.1 })); // phase noise keeps the source perfect
      expect(experiment.effectiveMinDetectedPhotons()).toBe(2);
    });

    it('requires the filter with a noisy source, a superposed input, or when inference is off', () => {
      const noisy = new Experiment(2)
        .withInput(new BasicState([1, 1]))
        .setNoise(new NoiseModel({ brightness: 0.9 }));
      expect(refusedField(() => noisy.effectiveMinDetectedPhotons())).toBe('minDetectedPhotons');
      const superposed = new Experiment(2).withInput(new StateVector('|1,1>'));
      expect(refusedField(() => superposed.effectiveMinDetectedPhotons())).toBe('minDetectedPhotons');
      const remote = new Experiment(2).withInput(new BasicState([1, 1]));
      expect(refusedField(() => remote.effectiveMinDetectedPhotons({ infer: false }))).toBe(
        'minDetectedPhotons',
      );
    });

    it('accepts non-negative integers or undefined', () => {
      const experiment = new Experiment(2);
      expect(refusedField(() => experiment.minDetectedPhotonsFilter(-1))).toBe('minDetectedPhotons');
      expect(refusedField(() => experiment.minDetectedPhotonsFilter(1.5))).toBe('minDetectedPhotons');
      expect(experiment.minDetectedPhotonsFilter(0).minDetectedPhotons).toBe(0);
      expect(experiment.minDetectedPhotonsFilter(undefined).minDetectedPhotons).toBeUndefined();
    });
  });

  describe('detectors, post-selection, noise', () => {
    it('places detectors per mode, PNR by default', () => {
      const experiment = new Experiment(3).setDetector(1, Detector.ppnr(2));
      expect(experiment.detector(0).kind).toBe('pnr');
      expect(experiment.detector(1).kind).toBe('ppnr');
      expect(experiment.detectors).toEqual([undefined, Detector.ppnr(2), undefined]);
      expect(experiment.detectionType).toBe('mixed');
      expect(refusedField(() => experiment.setDetector(3, Detector.pnr()))).toBe('mode');
      expect(refusedField(() => experiment.setDetector(0, {} as Detector))).toBe('detector');
    });

    it('switches every mode to threshold detection and back', () => {
      const experiment = new Experiment(2).thresholdedOutput(true);
      expect(experiment.detectionType).toBe('threshold');
      expect(experiment.isThresholded).toBe(true);
      expect(experiment.thresholdedOutput(false).detectionType).toBe('pnr');
    });

    it('checks the post-selection modes against the circuit', () => {
      expect(refusedField(() => new Experiment(2).setPostSelection(new PostSelect('[2]==1')))).toBe(
        'postSelection',
      );
      const experiment = new Experiment(3).setPostSelection('[2]==1');
      expect(experiment.postSelection?.toString()).toBe('[2]==1');
      expect(experiment.clearPostSelection().postSelection).toBeUndefined();
      expect(new Experiment(3).setPostSelection('').postSelection).toBeUndefined();
    });

    it('takes a noise model or none', () => {
      const noise = new NoiseModel({ brightness: 0.5 });
      expect(new Experiment(2, { noise }).noise).toBe(noise);
      expect(new Experiment(2, { noise }).hasPerfectSource).toBe(false);
      expect(refusedField(() => new Experiment(2).setNoise({ brightness: 1 } as NoiseModel))).toBe('noise');
    });
  });

  describe('copies and iterations', () => {
    function sweepable(): { experiment: Experiment; phi: ReturnType<typeof P> } {
      const phi = P('phi');
      phi.setValue(0.1);
      const circuit = new Circuit(2).add(0, BS.H()).add(1, new PS(phi)).add(0, BS.H());
      const experiment = new Experiment(circuit)
        .withInput(new BasicState([1, 0]))
        .minDetectedPhotonsFilter(1);
      return { experiment, phi };
    }

    it('copies independently of the original', () => {
      const original = new Experiment(3).addHerald(2, 0).withInput(new BasicState([1, 0]));
      const copy = original
        .copy()
        .addHerald(1, 0, 'output')
        .setDetector(0, Detector.threshold())
        .keepHeralds();
      expect(original.heralds).toHaveLength(1);
      expect(original.detectors[0]).toBeUndefined();
      expect(original.heraldsKept).toBe(false);
      expect(copy.heralds).toHaveLength(2);
      expect(copy.fullInputState().toString()).toBe('|1,0,0>');
    });

    it('applies an iteration to a copy, leaving the experiment and its circuit untouched', () => {
      const { experiment, phi } = sweepable();
      const noise = new NoiseModel({ g2: 0.02 });
      const step = experiment.withIteration({
        circuitParams: { phi: Math.PI },
        inputState: new BasicState([0, 1]),
        minDetectedPhotons: 0,
        noise,
        maxShots: 10,
      });
      expect(step.input!.toString()).toBe('|0,1>');
      expect(step.minDetectedPhotons).toBe(0);
      expect(step.noise).toBe(noise);
      expect(step.circuitParams).toEqual({ phi: Math.PI });
      expect(experiment.input!.toString()).toBe('|1,0>');
      expect(experiment.minDetectedPhotons).toBe(1);
      expect(experiment.noise).toBeUndefined();
      expect(phi.value).toBe(0.1);
    });

    it('puts the sweep values in the circuit only while withCircuitParameters runs', () => {
      const { experiment, phi } = sweepable();
      const step = experiment.withIteration({ circuitParams: { phi: Math.PI } });
      // With φ = π the two H beam splitters swap the modes: U[1,0] = ±1.
      const u = step.withCircuitParameters((circuit) => circuit.computeUnitary());
      expect(Math.hypot(u.get(1, 0).re, u.get(1, 0).im)).toBeCloseTo(1, 12);
      expect(phi.value).toBe(0.1);
      expect(() =>
        step.withCircuitParameters(() => {
          throw new Error('boom');
        }),
      ).toThrow('boom');
      expect(phi.value).toBe(0.1);
    });

    it('restores a parameter that had no value', () => {
      const theta = P('theta');
      const experiment = new Experiment(new Circuit(2).add(0, BS.H({ theta })));
      experiment
        .withIteration({ circuitParams: { theta: 1 } })
        .withCircuitParameters((c) => c.computeUnitary());
      expect(theta.value).toBeUndefined();
    });

    it('rejects an iteration that does not fit the experiment', () => {
      const { experiment } = sweepable();
      expect(refusedField(() => experiment.withIteration({ circuitParams: { theta: 1 } }))).toBe(
        'iteration.circuitParams.theta',
      );
      expect(refusedField(() => experiment.checkIteration({ inputState: new BasicState([1, 0, 0]) }))).toBe(
        'iteration.inputState',
      );
      expect(refusedField(() => experiment.checkIteration({ maxSamples: -3 }))).toBe('iteration.maxSamples');
    });
  });
});
