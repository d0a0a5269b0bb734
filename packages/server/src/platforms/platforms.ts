import { createHash } from 'node:crypto';
import { Experiment, type SamplerCommand } from '@bosonic/core';
import type { PlatformDetails } from '@bosonic/protocol';
import { serialize } from '@bosonic/protocol';
import type { NativeBackendName } from '@bosonic/simulator';
import { type BackendCapacity, cliffordCapacity, naiveCapacity, slosCapacity } from './capacity.js';

/** A simulation platform the server offers, e.g. `sim:slos`. */
export interface SimulatorPlatform {
  /** The platform's name on the wire. */
  readonly name: string;
  /** The simulator backend that runs its jobs. */
  readonly backend: NativeBackendName;
  /** The commands it runs natively (`specs.available_commands`); a Sampler derives the others client-side. */
  readonly availableCommands: readonly SamplerCommand[];
  readonly description: string;
  readonly capacity: BackendCapacity;
}

/** Names of the platforms, in the order they are listed. */
export const PLATFORM_NAMES = ['sim:slos', 'sim:naive', 'sim:clifford2017'] as const;

/** A platform name the server knows. */
export type PlatformName = (typeof PLATFORM_NAMES)[number];

/** The server's platforms for a per-job memory limit. */
export function simulatorPlatforms(memoryLimitBytes: number): ReadonlyMap<string, SimulatorPlatform> {
  const platforms: SimulatorPlatform[] = [
    {
      name: 'sim:slos',
      backend: 'SLOS',
      availableCommands: ['probs'],
      description: 'Exact output distribution by SLOS (strong linear optical simulation), native engine',
      capacity: slosCapacity(memoryLimitBytes),
    },
    {
      name: 'sim:naive',
      backend: 'Naive',
      availableCommands: ['probs'],
      description: 'Exact output distribution, one permanent per output state (small experiments)',
      capacity: naiveCapacity(memoryLimitBytes),
    },
    {
      name: 'sim:clifford2017',
      backend: 'CliffordClifford2017',
      availableCommands: ['samples'],
      description: 'Exact boson sampling by the Clifford & Clifford 2017 algorithm',
      capacity: cliffordCapacity(),
    },
  ];
  return new Map(platforms.map((platform) => [platform.name, platform]));
}

/** `payload.parameters` a job may carry, with what they do (`specs.parameters`). */
export const PLATFORM_PARAMETERS: Readonly<Record<string, string>> = Object.freeze({
  compute_physical_logical_perf:
    'boolean; physical_perf and logical_perf are always reported by this server, so it changes nothing',
  seed:
    "safe integer; seed of the job's randomness: the same seed gives the same samples however the job is run " +
    '(default: a random seed chosen at creation, kept for reruns)',
});

/**
 * The platform details both platform paths answer (docs/wire-protocol.md). `architecture` is an empty experiment
 * named after the platform: a simulator takes any circuit within the constraints (Perceval's client needs the
 * key to use the current path).
 */
export function platformDetails(platform: SimulatorPlatform): PlatformDetails {
  return {
    id: platformId(platform.name),
    name: platform.name,
    status: 'available',
    type: 'simulator',
    perfs: {},
    specs: {
      available_commands: [...platform.availableCommands],
      constraints: {
        max_mode_count: platform.capacity.maxModeCount,
        min_mode_count: 1,
        max_photon_count: platform.capacity.maxPhotonCount,
        min_photon_count: 1,
        support_multi_photon: true,
      },
      parameters: { ...PLATFORM_PARAMETERS },
      architecture: serialize(new Experiment(undefined, { name: platform.name })) as string,
      detector: 'pnr',
      description: platform.description,
    },
  };
}

/** A stable UUID-shaped id per platform name (the same on every server and every start). */
export function platformId(name: string): string {
  const hex = createHash('sha256').update(`bosonic-platform:${name}`).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-5${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}
