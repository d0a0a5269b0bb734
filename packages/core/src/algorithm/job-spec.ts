import { ValidationError } from '../errors/index.js';
import { optionalPositiveInteger } from '../model/integer-checks.js';
import { checkSamplerIteration } from '../model/sampler-iteration.js';
import { checkSeed } from '../random/random.js';
import type { SamplerJobSpec } from './processor-like.js';
import { checkCommand, isSamplingCommand, type SamplerCommand } from './sampler-command.js';

/** Validates a job spec's shape (command, iterations, shot limit, seed); throws ValidationError. */
export function checkJobSpec(spec: SamplerJobSpec): SamplerJobSpec {
  if (spec === null || typeof spec !== 'object') {
    throw new ValidationError('A sampler job spec must be an object', { field: 'spec' });
  }
  checkCommand(spec.command);
  if (!Array.isArray(spec.iterations)) {
    throw new ValidationError('iterations must be an array', { field: 'iterations' });
  }
  for (const iteration of spec.iterations) checkSamplerIteration(iteration);
  optionalPositiveInteger(spec.maxShotsPerCall, 'maxShotsPerCall');
  if (spec.seed !== undefined) checkSeed(spec.seed);
  return spec;
}

/** The execute-time limits of a sampler job: `job(maxSamples?, maxShots?)`. */
export interface SamplingLimits {
  /** Stop after this many selected samples; undefined when not given. */
  maxSamples: number | undefined;
  /** Stop after this many shots; undefined when not given. */
  maxShots: number | undefined;
}

/**
 * Reads the execute-time arguments of a sampler job, local or remote: none for `probs`; `(maxSamples?,
 * maxShots?)` for `sample_count` and `samples` (positive integers; `undefined`/`null` mean "not given").
 * @throws ValidationError (field `args`, `maxSamples` or `maxShots`).
 */
export function parseSamplingArguments(command: SamplerCommand, args: readonly unknown[]): SamplingLimits {
  if (!isSamplingCommand(command)) {
    if (args.some((arg) => arg !== undefined)) {
      throw new ValidationError(`The probs command takes no arguments (got ${args.length})`, {
        field: 'args',
      });
    }
    return { maxSamples: undefined, maxShots: undefined };
  }
  if (args.length > 2) {
    throw new ValidationError(
      `The ${command} command takes at most 2 arguments (maxSamples, maxShots), got ${args.length}`,
      { field: 'args' },
    );
  }
  return {
    maxSamples: optionalPositiveInteger(args[0], 'maxSamples'),
    maxShots: optionalPositiveInteger(args[1], 'maxShots'),
  };
}
