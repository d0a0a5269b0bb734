// Where the sample programs run their jobs: the local native simulator (the default), or a cloud when
// BOSONIC_SAMPLE_TARGET=remote (or --remote is passed), reached through BOSONIC_CLOUD_URL and BOSONIC_CLOUD_TOKEN
// (or the config file that `bosonic login` writes). The programs themselves are the same either way: that is the
// point of the Job interface.
import { RemoteProcessor } from '@bosonic/cloud';
import { Sampler } from '@bosonic/core';
import { Processor } from '@bosonic/simulator';

/** True when the programs run on a cloud. */
export const isRemote = process.env.BOSONIC_SAMPLE_TARGET === 'remote' || process.argv.includes('--remote');

/** `'local simulator'` or `'<platform> at <url>'`, for the printouts. */
export function describeTarget(processor) {
  return isRemote
    ? `${processor.name} at ${processor.url}`
    : `local simulator (${processor.resolvedBackend})`;
}

/**
 * A processor for `circuit` fed `input`: a local `Processor` with `backend`, or a `RemoteProcessor` on `platform`.
 * Remote platforms need the min-detected-photons filter; it defaults to every input photon.
 */
export async function openProcessor({
  circuit,
  input,
  backend = 'SLOS',
  platform = 'sim:slos',
  noise,
  minDetectedPhotons = input.n,
  memoryLimitBytes,
}) {
  if (isRemote) {
    const processor = await RemoteProcessor.connect(platform);
    processor.setCircuit(circuit);
    if (noise !== undefined) processor.setNoise(noise);
    processor.withInput(input);
    processor.minDetectedPhotonsFilter(minDetectedPhotons);
    return processor;
  }
  const processor = new Processor(backend, circuit, {
    ...(noise === undefined ? {} : { noise }),
    ...(memoryLimitBytes === undefined ? {} : { memoryLimitBytes }),
  });
  processor.withInput(input);
  processor.minDetectedPhotonsFilter(minDetectedPhotons);
  return processor;
}

/**
 * A processor for a whole experiment (a catalog gate: circuit, heralds, post-selection): a local `Processor`, or
 * a `RemoteProcessor` on `platform` given the same circuit, heralds and post-selection.
 */
export async function openExperimentProcessor(experiment, { platform = 'sim:slos' } = {}) {
  if (!isRemote) return new Processor('SLOS', experiment);
  const processor = await RemoteProcessor.connect(platform);
  processor.setCircuit(experiment.circuit);
  for (const herald of experiment.heralds) processor.addHerald(herald.mode, herald.expected, herald.location);
  if (experiment.postSelection !== undefined) processor.setPostSelection(experiment.postSelection);
  return processor;
}

/** Options of an Analyzer or a tomography on the processor (remote platforms need a shot limit per call). */
export function algorithmOptions() {
  return isRemote ? { maxShotsPerCall: 10_000_000 } : {};
}

/** A Sampler on the processor (remote platforms need a shot limit per call). */
export function samplerFor(processor, options = {}) {
  return new Sampler(processor, isRemote ? { maxShotsPerCall: 10_000_000, ...options } : options);
}

/** Releases the processor's connections (remote). */
export async function closeProcessor(processor) {
  if (isRemote) await processor.close();
}

/** Waits `ms` milliseconds. */
export function sleep(ms) {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
