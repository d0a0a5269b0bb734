import {
  BasicState,
  Experiment,
  ResourceLimitError,
  type SamplerCommand,
  ValidationError,
} from '@bosonic/core';
import { planSamplerRuns } from '@bosonic/core/internal';
import { type NativeBackendName, Processor } from '@bosonic/simulator';
import { describe, expect, it } from 'vitest';
import { meshCircuit } from '../testing/fixtures.js';
import { checkJobFits, checkSampleCounts } from './job-size.js';

const GB = 1e9;

/** `photons` photons in the first of `modes` modes, on `backend`, with a memory limit per job. */
function processor(
  backend: NativeBackendName,
  photons: number,
  modes: number,
  memoryLimitBytes: number,
): Processor {
  const input = Array.from({ length: modes }, (_, mode) => (mode < photons ? 1 : 0));
  const experiment = new Experiment(meshCircuit(modes, 2)).withInput(new BasicState(input));
  return new Processor(backend, experiment, { memoryLimitBytes });
}

/** Checks one run of `command` with `maxSamples`, as the server does at creation. */
function check(p: Processor, command: SamplerCommand, maxSamples?: number): void {
  const photons = (p.experiment.fullInputState() as BasicState).n;
  const runs = planSamplerRuns({ command, iterations: [] }, command === 'probs' ? [] : [maxSamples]);
  checkJobFits(p, command, runs, photons);
}

describe('the size of a job, checked at creation with the simulator’s own estimate', () => {
  it('refuses a full distribution larger than one result, whatever the memory', () => {
    // The issue's job: SLOS, 10 photons in 24 modes, C(33, 10) = 92,561,040 output states.
    const large = processor('SLOS', 10, 24, 1000 * GB);
    expect(() => check(large, 'probs')).toThrow(ResourceLimitError);
    expect(() => check(large, 'probs')).toThrow(
      /^payload\.experiment: SLOS with 10 photons on 24 modes \(92,561,040 output states\) may list 92,561,040 states, more than the 4,194,304 one result/,
    );
    expect(() => check(processor('SLOS', 7, 24, 8 * GB), 'probs')).not.toThrow();
  });

  it('refuses samples that exceed the memory of a job, as the simulator would when running them', () => {
    const slos = processor('SLOS', 2, 24, 8.85 * GB);
    expect(() => check(slos, 'samples', 1e9)).toThrow(
      /^payload\.max_samples: samples from SLOS with 2 photons on 24 modes .* needs 24\.00 GB of memory, above this server's limit of 8\.85 GB per job/,
    );
    // Counts drawn from SLOS's distribution need no buffer of samples: 10⁹ of them fit.
    expect(() => check(slos, 'sample_count', 1e9)).not.toThrow();
    // Clifford & Clifford draws every sample: 10⁹ do not fit.
    expect(() => check(processor('CliffordClifford2017', 2, 24, 8.85 * GB), 'sample_count', 1e9)).toThrow(
      /sample_count from drawing 1,000,000,000 samples of 24 modes .* above this server's limit of 8\.85 GB/,
    );
  });

  it('refuses a sample list larger than one result, and counts only the distinct states counts can hold', () => {
    // 5 million samples of 24 modes fit in memory but not in one result (4.2 million samples of 24 modes);
    // counted, they are at most 300 distinct states (2 photons in 24 modes).
    const clifford = processor('CliffordClifford2017', 2, 24, 8 * GB);
    expect(() => check(clifford, 'samples', 5e6)).toThrow(
      /5,000,000 samples of 24 modes are more than one result of this server may hold \(4,194,304 samples/,
    );
    expect(() => check(clifford, 'sample_count', 5e6)).not.toThrow();
  });

  it('refuses a sample or shot count of 0, naming its field', () => {
    expect(() => checkSampleCounts({ max_shots: 0 }, [])).toThrow(ValidationError);
    expect(() => checkSampleCounts({ max_samples: 1 }, [{ max_shots: 0 }])).toThrow(
      /payload\.iterator\[0\]\.max_shots/,
    );
    expect(() => checkSampleCounts({ max_samples: 1 }, [{ max_samples: 3 }])).not.toThrow();
  });
});
