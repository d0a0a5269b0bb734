import { ValidationError } from '../errors/index.js';

/** The three sampler commands, with Perceval's (wire) names. */
export type SamplerCommand = 'probs' | 'sample_count' | 'samples';

/** Every sampler command, in Perceval's order. */
export const SAMPLER_COMMANDS: readonly SamplerCommand[] = Object.freeze([
  'probs',
  'sample_count',
  'samples',
]);

/** Samples drawn to estimate probabilities on a processor that can only sample (Perceval's `PROBS_SIMU_SAMPLE_COUNT`). */
export const PROBS_SIMU_SAMPLE_COUNT = 10_000;

/** Sample limit of a local sampling run given only a shot limit (Perceval's `SAMPLES_MAX_COUNT`). */
export const SAMPLES_MAX_COUNT = 100_000_000;

/** Perceval's fallback order: the primitives tried, in order, when a command is not available natively. */
const FALLBACKS: Readonly<Record<SamplerCommand, readonly SamplerCommand[]>> = {
  probs: ['sample_count', 'samples'],
  sample_count: ['probs', 'samples'],
  samples: ['probs', 'sample_count'],
};

/**
 * The primitive that provides `command` on a processor offering `available`: the command itself if available,
 * else the first available fallback (Perceval's `Sampler._get_primitive_converter`); undefined if none.
 */
export function selectPrimitive(
  command: SamplerCommand,
  available: readonly SamplerCommand[],
): SamplerCommand | undefined {
  if (available.includes(command)) return command;
  return FALLBACKS[command].find((primitive) => available.includes(primitive));
}

/** Names of Perceval's result converters (`perceval.utils`), as sent in a remote job's `result_mapping`. */
export type ConverterName =
  | 'probs_to_sample_count'
  | 'probs_to_samples'
  | 'samples_to_sample_count'
  | 'samples_to_probs'
  | 'sample_count_to_probs'
  | 'sample_count_to_samples';

/** The converter that turns `primitive` results into `command` results; undefined when they are the same. */
export function converterName(command: SamplerCommand, primitive: SamplerCommand): ConverterName | undefined {
  if (command === primitive) return undefined;
  return `${primitive}_to_${command}` as ConverterName;
}

/** True when `command` needs a sample or shot limit (everything but `probs`). */
export function isSamplingCommand(command: SamplerCommand): boolean {
  return command !== 'probs';
}

/** Checks that `command` is one of {@link SAMPLER_COMMANDS}; throws ValidationError (field `command`). */
export function checkCommand(command: unknown): SamplerCommand {
  if (!SAMPLER_COMMANDS.includes(command as SamplerCommand)) {
    throw new ValidationError(
      `Unknown sampler command '${String(command)}' (expected one of ${SAMPLER_COMMANDS.join(', ')})`,
      { field: 'command' },
    );
  }
  return command as SamplerCommand;
}
