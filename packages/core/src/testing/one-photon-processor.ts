// A processor for core's own tests (not exported): it computes one photon's output exactly, so that what drives a
// processor (tomography, the Sampler) is checked without the native simulator.
import { AbstractProcessor } from '../algorithm/abstract-processor.js';
import type { SamplerJobSpec } from '../algorithm/processor-like.js';
import { createSamplerTask } from '../algorithm/sampler-task.js';
import { LocalJob } from '../job/local-job.js';
import type { Circuit } from '../model/circuit/circuit.js';
import { Experiment } from '../model/experiment.js';
import type { SamplerResults } from '../model/sampler-results.js';
import { BasicState } from '../model/state/basic-state.js';
import { BSDistribution } from '../model/state/bs-distribution.js';

/**
 * One photon entering a circuit: P(out) = |U[out, in]|², exactly, for a single photon in any mode (heralds and
 * post-selection are not applied: the tomography tests run bare gates).
 */
export class OnePhotonProcessor extends AbstractProcessor<LocalJob<SamplerResults>> {
  readonly availableCommands = ['probs'] as const;

  constructor(circuit: Circuit) {
    super(new Experiment(circuit));
  }

  createJob(spec: SamplerJobSpec): LocalJob<SamplerResults> {
    return new LocalJob(
      createSamplerTask(spec, {
        nativeCommands: ['probs'],
        probs: (request) => {
          const step =
            request.iteration === undefined
              ? this.experiment
              : this.experiment.withIteration(request.iteration);
          const u = step.withCircuitParameters((circuit) => circuit.computeUnitary());
          const from = [...(step.input as BasicState)].indexOf(1);
          const out = Array.from({ length: u.rows }, (_, mode) => {
            const a = u.get(mode, from);
            const occupation = new Array<number>(u.rows).fill(0);
            occupation[mode] = 1;
            return [new BasicState(occupation), a.re * a.re + a.im * a.im] as const;
          });
          return { results: new BSDistribution(out), globalPerf: 1, logicalPerf: 1 };
        },
        samples: () => {
          throw new Error('probs is the only primitive of this processor');
        },
      }),
    );
  }
}
