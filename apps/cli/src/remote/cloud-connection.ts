import { RemoteConfig, RemoteJob, RemoteProcessor, RpcClient } from '@bosonic/cloud';
import type { Experiment } from '@bosonic/core';

/** How the CLI reaches a cloud: values from the command line win over the environment and the config file. */
export interface CloudOptions {
  url?: string | undefined;
  token?: string | undefined;
  /** The command's environment (`main`'s, which the binary gives `process.env`): variables and config file. */
  env: NodeJS.ProcessEnv;
}

/** The URL a command will talk to (for messages): the option, else `RemoteConfig`'s. */
export function resolveUrl(options: CloudOptions): string {
  return new RemoteConfig({ env: options.env, ...(options.url === undefined ? {} : { url: options.url }) })
    .url;
}

/** An RPC client for commands that need no platform (`job …`): token and URL from the options or the config. */
export function openClient(options: CloudOptions): RpcClient {
  const config = new RemoteConfig({
    env: options.env,
    ...(options.url === undefined ? {} : { url: options.url }),
    ...(options.token === undefined ? {} : { token: options.token }),
  });
  return new RpcClient({
    url: config.url,
    token: config.token ?? '',
    ...(config.proxy === undefined ? {} : { proxy: config.proxy }),
  });
}

/** A remote job from its id, with its status (and results, if complete) already fetched. */
export function resumeRemoteJob(client: RpcClient, jobId: string): Promise<RemoteJob> {
  return RemoteJob.resume({ rpc: client, platform: 'unknown platform' }, jobId, 'job');
}

/**
 * Connects to `platform` and gives it the experiment: circuit, heralds, input, post-selection, noise, the
 * detectors the file sets, and the min-detected-photons filter (remote platforms require one: when the file
 * gives none, the local rule infers it from a perfect source's input, else the platform refuses the job).
 */
export async function connectPlatform(
  platform: string,
  experiment: Experiment,
  options: CloudOptions,
): Promise<RemoteProcessor> {
  const processor = await RemoteProcessor.connect(platform, {
    env: options.env,
    ...(options.url === undefined ? {} : { url: options.url }),
    ...(options.token === undefined ? {} : { token: options.token }),
  });
  try {
    if (experiment.circuit !== undefined) processor.setCircuit(experiment.circuit);
    for (const herald of experiment.heralds) {
      processor.addHerald(herald.mode, herald.expected, herald.location, herald.name);
    }
    processor.keepHeralds(experiment.heraldsKept);
    if (experiment.input !== undefined) processor.withInput(experiment.input);
    if (experiment.postSelection !== undefined) processor.setPostSelection(experiment.postSelection);
    if (experiment.noise !== undefined) processor.setNoise(experiment.noise);
    experiment.detectors.forEach((detector, mode) => {
      if (detector !== undefined) processor.setDetector(mode, detector);
    });
    processor.minDetectedPhotonsFilter(
      experiment.minDetectedPhotons ?? experiment.effectiveMinDetectedPhotons(),
    );
    return processor;
  } catch (error) {
    await processor.close();
    throw error;
  }
}
