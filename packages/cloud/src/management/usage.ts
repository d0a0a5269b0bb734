import { ValidationError } from '@bosonic/core';
import { type CloudConnectionOptions, openRpcClient } from '../config/open-client.js';
import type { RpcClient } from '../rpc/rpc-client.js';
import { type TimeBound, wireTime } from './time-bound.js';

/** Options of {@link usage}. */
export interface UsageOptions extends CloudConnectionOptions {
  /** Count jobs created at or after this time (default: since the first). */
  since?: TimeBound;
  /** Count jobs created before this time (default: up to now). */
  until?: TimeBound;
  /** An open client to use (then url, token, proxy, dispatcher are ignored, and it is not closed). */
  rpc?: RpcClient;
}

/** One platform's usage. */
export interface PlatformUsage {
  /** The platform's name, e.g. `'sim:slos'`. */
  platform: string;
  /** Jobs created in the period (any status). */
  jobs: number;
  /** Wall time of the runs that ended them, in seconds. */
  runSeconds: number;
  /** Samples (or counts) they produced; probability jobs count none. */
  samples: number;
}

/** The token's usage over a period. */
export interface Usage {
  /** Start of the period, or undefined: since the first job. */
  since: Date | undefined;
  /** End of the period, or undefined: up to now. */
  until: Date | undefined;
  /** One entry per platform used in the period, by name. */
  platforms: PlatformUsage[];
}

/**
 * The token's usage per platform on a bosonic server (`GET /api/usage`): jobs, run seconds and samples of the
 * jobs created in `[since, until)`. URL and token default to the configuration, like `RemoteProcessor.connect`.
 * @throws ValidationError naming a bad option; the typed HTTP errors as they come.
 */
export async function usage(options: UsageOptions = {}): Promise<Usage> {
  if (options === null || typeof options !== 'object') {
    throw new ValidationError('usage options must be an object', { field: 'options' });
  }
  const range = {
    ...(options.since === undefined ? {} : { since: wireTime(options.since, 'since') }),
    ...(options.until === undefined ? {} : { until: wireTime(options.until, 'until') }),
  };
  const rpc = options.rpc ?? openRpcClient(options);
  try {
    const answer = await rpc.getUsage(range);
    return {
      since: answer.since === null ? undefined : new Date(answer.since * 1000),
      until: answer.until === null ? undefined : new Date(answer.until * 1000),
      platforms: answer.platforms.map((entry) => ({
        platform: entry.platform,
        jobs: entry.jobs,
        runSeconds: entry.run_seconds,
        samples: entry.samples,
      })),
    };
  } finally {
    if (options.rpc === undefined) await rpc.close();
  }
}
