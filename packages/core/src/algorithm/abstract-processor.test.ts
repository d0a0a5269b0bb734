import { describe, expect, it } from 'vitest';
import { ValidationError } from '../errors/index.js';
import { LocalJob } from '../job/local-job.js';
import { Circuit } from '../model/circuit/circuit.js';
import { Detector } from '../model/detector.js';
import { Experiment, type ExperimentInput } from '../model/experiment.js';
import { NoiseModel } from '../model/noise-model.js';
import { Encoding } from '../model/port/encoding.js';
import { Port } from '../model/port/port.js';
import { PostSelect } from '../model/post-select/post-select.js';
import type { SamplerResult, SamplerResults } from '../model/sampler-results.js';
import { BasicState } from '../model/state/basic-state.js';
import { BSDistribution } from '../model/state/bs-distribution.js';
import { StateVector } from '../model/state/state-vector.js';
import { SVDistribution } from '../model/state/sv-distribution.js';
import { refusedField } from '../testing/thrown.js';
import { AbstractProcessor } from './abstract-processor.js';
import type { SamplerJobSpec } from './processor-like.js';
import { Sampler } from './sampler.js';
import type { SamplerCommand } from './sampler-command.js';
import { createSamplerTask } from './sampler-task.js';

/**
 * A processor of a small platform: circuits of 2 to 6 modes, at most 3 photons. Its engine knows only circuits
 * without components, where every photon leaves by the mode it entered: a Fock input gives that state with
 * probability 1 when heralds and post-selection accept it. Enough to see the experiment a job runs.
 */
class SmallPlatform extends AbstractProcessor<LocalJob<SamplerResults>> {
  readonly availableCommands: readonly SamplerCommand[] = ['probs'];

  constructor(experiment: Experiment = new Experiment(undefined, { name: 'small' })) {
    super(experiment);
  }

  createJob(spec: SamplerJobSpec): LocalJob<SamplerResults> {
    const experiment = this.experiment.copy();
    return new LocalJob(
      createSamplerTask(spec, {
        nativeCommands: ['probs'],
        probs: () => identityProbs(experiment),
        samples: () => {
          throw new Error('probs is the only primitive of this platform');
        },
      }),
    );
  }

  protected override checkCircuitSize(m: number): void {
    if (m < 2 || m > 6)
      throw new ValidationError(`${m} modes: the platform takes 2 to 6`, { field: 'circuit' });
  }

  protected override checkInputState(input: ExperimentInput, field: string): void {
    const n =
      input instanceof BasicState
        ? input.n
        : input instanceof StateVector
          ? Math.max(0, ...input.photonNumbers())
          : input.nMax;
    if (n > 3) throw new ValidationError(`${n} photons: the platform takes at most 3`, { field });
  }

  protected override prepareExperiment(experiment: Experiment): void {
    experiment.name = 'small';
  }
}

function identityProbs(experiment: Experiment): SamplerResult<BSDistribution> {
  const input = experiment.fullInputState();
  if (!(input instanceof BasicState)) throw new Error('a Fock input is expected');
  const selected = experiment.isSelected(input);
  const results = new BSDistribution(selected ? [[experiment.postprocessOutput(input), 1]] : []);
  return { results, globalPerf: selected ? 1 : 0 };
}

describe('AbstractProcessor', () => {
  it('holds the experiment it was built on, as it is', () => {
    const experiment = new Experiment(4);
    const processor = new SmallPlatform(experiment);
    expect(processor.experiment).toBe(experiment);
    expect(processor.m).toBe(4);
    expect(new SmallPlatform().m).toBe(0);
  });

  it('refuses to be built on anything but an Experiment', () => {
    expect(refusedField(() => new SmallPlatform({ m: 4 } as unknown as Experiment))).toBe('experiment');
  });

  describe('setCircuit', () => {
    it('sets the circuit the platform takes', () => {
      const circuit = new Circuit(4);
      const processor = new SmallPlatform().setCircuit(circuit);
      expect(processor.experiment.circuit).toBe(circuit);
    });

    it("refuses a size outside the platform's range, leaving the circuit as it was", () => {
      const processor = new SmallPlatform().setCircuit(new Circuit(4));
      expect(refusedField(() => processor.setCircuit(new Circuit(8)))).toBe('circuit');
      expect(processor.m).toBe(4);
    });

    it('refuses what is not a Circuit', () => {
      expect(refusedField(() => new SmallPlatform().setCircuit(4 as unknown as Circuit))).toBe('circuit');
    });
  });

  describe('withInput', () => {
    it('takes a BasicState, its text, a StateVector or an SVDistribution', () => {
      const processor = new SmallPlatform().setCircuit(new Circuit(3));
      processor.withInput(new BasicState([1, 0, 1]));
      expect(processor.experiment.input?.toString()).toBe('|1,0,1>');
      processor.withInput('|0,1,1>');
      expect(processor.experiment.input).toBeInstanceOf(BasicState);
      expect(processor.experiment.input?.toString()).toBe('|0,1,1>');
      const superposition = new StateVector([
        ['|1,0,0>', 1],
        ['|0,1,0>', 1],
      ]);
      processor.withInput(superposition);
      expect(processor.experiment.input).toBe(superposition);
      const mixture = new SVDistribution([
        ['|1,0,0>', 0.5],
        ['|0,0,1>', 0.5],
      ]);
      processor.withInput(mixture);
      expect(processor.experiment.input).toBe(mixture);
    });

    it('refuses text that is no state, and a state of the wrong size', () => {
      const processor = new SmallPlatform().setCircuit(new Circuit(3));
      expect(() => processor.withInput('1,0,1')).toThrow(ValidationError);
      expect(refusedField(() => processor.withInput('|1,0>'))).toBe('input');
      expect(processor.experiment.input).toBeUndefined();
    });

    it("counts the herald photons against the platform's limit and keeps the previous input on a refusal", () => {
      const processor = new SmallPlatform().setCircuit(new Circuit(4)).addHerald(3, 1);
      processor.withInput('|1,1,0>');
      expect(processor.experiment.fullInputState().toString()).toBe('|1,1,0,1>');
      expect(refusedField(() => processor.withInput('|1,1,1>'))).toBe('input');
      expect(processor.experiment.input?.toString()).toBe('|1,1,0>');
    });
  });

  describe('addHerald', () => {
    it('heralds a mode on both sides by default, with the port name given', () => {
      const processor = new SmallPlatform().setCircuit(new Circuit(4));
      processor.addHerald(2, 0, 'in_out', 'ancilla').addHerald(3, 1, 'output');
      const [ancilla, output] = processor.experiment.heralds;
      expect(ancilla).toMatchObject({ mode: 2, expected: 0, location: 'in_out', name: 'ancilla' });
      expect(output).toMatchObject({ mode: 3, expected: 1, location: 'output', name: undefined });
      expect(
        new SmallPlatform().setCircuit(new Circuit(2)).addHerald(1, 0).experiment.heralds[0]?.location,
      ).toBe('in_out');
    });

    it('refuses a mode outside the circuit, a count above 32, a twice-heralded mode and a late input herald', () => {
      const processor = new SmallPlatform().setCircuit(new Circuit(4));
      expect(refusedField(() => processor.addHerald(4, 0))).toBe('mode');
      expect(refusedField(() => processor.addHerald(0, 33))).toBe('expected');
      processor.addHerald(3, 0);
      expect(refusedField(() => processor.addHerald(3, 1))).toBe('mode');
      processor.withInput('|1,0,0>');
      expect(refusedField(() => processor.addHerald(2, 0, 'input'))).toBe('mode');
      expect(processor.experiment.heralds).toHaveLength(1);
    });
  });

  describe('addPort', () => {
    it('attaches a port to the modes it spans and refuses an overlapping one', () => {
      const processor = new SmallPlatform().setCircuit(new Circuit(4));
      const control = new Port(Encoding.DUAL_RAIL, 'ctrl');
      processor.addPort(0, control);
      expect(processor.experiment.portModes(control)).toEqual([0, 1]);
      expect(refusedField(() => processor.addPort(1, new Port(Encoding.DUAL_RAIL, 'data')))).toBe('mode');
    });
  });

  describe('post-selection', () => {
    it('takes a PostSelect or its text, and clearPostSelection removes it', () => {
      const processor = new SmallPlatform().setCircuit(new Circuit(4));
      processor.setPostSelection('[0,1]==1');
      expect(processor.experiment.postSelection?.test([1, 0, 0, 0])).toBe(true);
      expect(processor.experiment.postSelection?.test([1, 1, 0, 0])).toBe(false);
      processor.setPostSelection(new PostSelect('[2]==0'));
      expect(processor.experiment.postSelection?.test([0, 0, 1, 0])).toBe(false);
      processor.clearPostSelection();
      expect(processor.experiment.postSelection).toBeUndefined();
    });

    it('refuses a condition on a mode outside the circuit', () => {
      const processor = new SmallPlatform().setCircuit(new Circuit(4));
      expect(refusedField(() => processor.setPostSelection('[7]==1'))).toBe('postSelection');
    });
  });

  describe('minDetectedPhotonsFilter', () => {
    it('sets the filter, and undefined removes it', () => {
      const processor = new SmallPlatform().setCircuit(new Circuit(2)).minDetectedPhotonsFilter(2);
      expect(processor.experiment.minDetectedPhotons).toBe(2);
      processor.minDetectedPhotonsFilter(undefined);
      expect(processor.experiment.minDetectedPhotons).toBeUndefined();
    });

    it('refuses a negative or fractional count', () => {
      const processor = new SmallPlatform();
      expect(refusedField(() => processor.minDetectedPhotonsFilter(-1))).toBe('minDetectedPhotons');
      expect(refusedField(() => processor.minDetectedPhotonsFilter(1.5))).toBe('minDetectedPhotons');
    });
  });

  describe('heralds kept, detectors and noise', () => {
    it('keeps heralds in the results when asked, and refuses a non-boolean', () => {
      const processor = new SmallPlatform().setCircuit(new Circuit(2)).keepHeralds();
      expect(processor.experiment.heraldsKept).toBe(true);
      expect(processor.keepHeralds(false).experiment.heraldsKept).toBe(false);
      expect(refusedField(() => processor.keepHeralds('yes' as unknown as boolean))).toBe('keepHeralds');
    });

    it('places a detector on a mode, thresholds every mode, and refuses what is not a Detector', () => {
      const processor = new SmallPlatform().setCircuit(new Circuit(3));
      processor.setDetector(1, Detector.threshold());
      expect(processor.experiment.detectionType).toBe('mixed');
      processor.setDetector(1, undefined).thresholdedOutput();
      expect(processor.experiment.isThresholded).toBe(true);
      expect(processor.thresholdedOutput(false).experiment.isThresholded).toBe(false);
      expect(refusedField(() => processor.setDetector(1, 'threshold' as unknown as Detector))).toBe(
        'detector',
      );
      expect(refusedField(() => processor.setDetector(3, Detector.pnr()))).toBe('mode');
      expect(refusedField(() => processor.thresholdedOutput(1 as unknown as boolean))).toBe(
        'thresholdedOutput',
      );
    });

    it('sets and removes the noise model, and refuses options in its place', () => {
      const noise = new NoiseModel({ brightness: 0.5 });
      const processor = new SmallPlatform().setNoise(noise);
      expect(processor.experiment.noise).toBe(noise);
      expect(processor.setNoise(undefined).experiment.noise).toBeUndefined();
      expect(refusedField(() => processor.setNoise({ brightness: 0.5 } as unknown as NoiseModel))).toBe(
        'noise',
      );
    });
  });

  describe('setExperiment', () => {
    it('takes a copy, adapted to the processor', () => {
      const experiment = new Experiment(4, { name: 'cnot' })
        .addHerald(3, 0)
        .withInput(new BasicState([1, 0, 1]));
      const processor = new SmallPlatform().setExperiment(experiment);
      expect(processor.experiment).not.toBe(experiment);
      expect(processor.experiment.name).toBe('small');
      expect(processor.experiment.fullInputState().toString()).toBe('|1,0,1,0>');
      experiment.setPostSelection('[0]==1');
      expect(processor.experiment.postSelection).toBeUndefined();
      expect(experiment.name).toBe('cnot');
    });

    it('refuses what the platform cannot run, keeping the experiment it had', () => {
      const processor = new SmallPlatform().setCircuit(new Circuit(2));
      const kept = processor.experiment;
      expect(refusedField(() => processor.setExperiment(new Experiment(8)))).toBe('circuit');
      const crowded = new Experiment(4).withInput(new BasicState([1, 1, 1, 1]));
      expect(refusedField(() => processor.setExperiment(crowded))).toBe('input');
      expect(refusedField(() => processor.setExperiment(new Circuit(2) as unknown as Experiment))).toBe(
        'experiment',
      );
      expect(processor.experiment).toBe(kept);
    });
  });

  describe('checkIteration', () => {
    it("checks a sweep step's parameters against the circuit and its input against the platform", () => {
      const processor = new SmallPlatform().setCircuit(new Circuit(3)).withInput('|1,0,0>');
      expect(() => processor.checkIteration({ inputState: new BasicState([1, 1, 0]) })).not.toThrow();
      expect(refusedField(() => processor.checkIteration({ circuitParams: { phi: 1 } }))).toBe(
        'iteration.circuitParams.phi',
      );
      expect(refusedField(() => processor.checkIteration({ inputState: new BasicState([2, 1, 1]) }))).toBe(
        'iteration.inputState',
      );
    });
  });

  describe('platform parameters', () => {
    it('sets them one by one or together, and clears them', () => {
      const processor = new SmallPlatform();
      processor
        .setParameter('final_mode_number', 4)
        .setParameters({ options: { rounds: [1, 2] }, note: null });
      expect(processor.parameters).toEqual({ final_mode_number: 4, options: { rounds: [1, 2] }, note: null });
      expect(Object.isFrozen(processor.parameters)).toBe(true);
      expect(processor.clearParameters().parameters).toEqual({});
    });

    it('refuses an empty name and values JSON cannot carry, naming where they are', () => {
      const processor = new SmallPlatform();
      expect(refusedField(() => processor.setParameter('', 1))).toBe('parameters');
      expect(refusedField(() => processor.setParameter('x', Number.NaN))).toBe('parameters.x');
      expect(refusedField(() => processor.setParameter('x', [1, Infinity]))).toBe('parameters.x[1]');
      expect(refusedField(() => processor.setParameter('x', { at: new Date(0) }))).toBe('parameters.x.at');
      expect(refusedField(() => processor.setParameter('x', () => 1))).toBe('parameters.x');
      let deep: unknown = 1;
      for (let i = 0; i < 40; i++) deep = [deep];
      expect(refusedField(() => processor.setParameter('x', deep))).toMatch(/^parameters\.x(\[0\])+$/);
      expect(refusedField(() => processor.setParameters([1] as unknown as Record<string, unknown>))).toBe(
        'parameters',
      );
    });

    it('sets none of several parameters when one is refused', () => {
      const processor = new SmallPlatform().setParameter('kept', true);
      expect(refusedField(() => processor.setParameters({ a: 1, b: Number.NaN }))).toBe('parameters.b');
      expect(processor.parameters).toEqual({ kept: true });
    });
  });

  it('hands a Sampler jobs that run the experiment the builder methods made', () => {
    const processor = new SmallPlatform()
      .setCircuit(new Circuit(4))
      .addHerald(3, 1, 'in_out', 'flag')
      .withInput('|1,0,1>')
      .setPostSelection('[0]==1');
    const { results } = new Sampler(processor).probs() as SamplerResult<BSDistribution>;
    expect([...results].map(([state, p]) => [state.toString(), p])).toEqual([['|1,0,1>', 1]]);
    processor.keepHeralds();
    const kept = new Sampler(processor).probs() as SamplerResult<BSDistribution>;
    expect(kept.results.toString()).toContain('|1,0,1,1>');
    processor.setPostSelection('[0]==0');
    expect((new Sampler(processor).probs() as SamplerResult<BSDistribution>).globalPerf).toBe(0);
  });
});
