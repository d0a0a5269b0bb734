import { Experiment } from '@bosonic/core';
import { deserialize, validatePlatformDetails } from '@bosonic/protocol';
import { describe, expect, it } from 'vitest';
import { PLATFORM_NAMES, platformDetails, simulatorPlatforms } from './platforms.js';

describe('the simulator platforms', () => {
  const platforms = simulatorPlatforms(1 << 30);

  it('are SLOS, Naive and Clifford & Clifford, listed in the order of PLATFORM_NAMES', () => {
    expect(PLATFORM_NAMES).toEqual(['sim:slos', 'sim:naive', 'sim:clifford2017']);
    expect([...platforms.keys()]).toEqual([...PLATFORM_NAMES]);
    expect([...platforms.values()].map((p) => [p.backend, p.availableCommands])).toEqual([
      ['SLOS', ['probs']],
      ['Naive', ['probs']],
      ['CliffordClifford2017', ['samples']],
    ]);
  });

  it('describe themselves with valid platform details: commands, constraints, and an empty experiment named after them', () => {
    for (const platform of platforms.values()) {
      const details = validatePlatformDetails(platformDetails(platform));
      expect(details.name).toBe(platform.name);
      expect(details.type).toBe('simulator');
      expect(details.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-a[0-9a-f]{3}-[0-9a-f]{12}$/);
      expect(details.specs.available_commands).toEqual([...platform.availableCommands]);
      expect(details.specs.constraints).toMatchObject({
        max_mode_count: platform.capacity.maxModeCount,
        max_photon_count: platform.capacity.maxPhotonCount,
        min_mode_count: 1,
        min_photon_count: 1,
      });
      const architecture = deserialize(details.specs.architecture as string) as Experiment;
      expect(architecture).toBeInstanceOf(Experiment);
      expect(architecture.name).toBe(platform.name);
    }
    // The same id on every server and start.
    const slos = platforms.get('sim:slos')!;
    expect(platformDetails(slos).id).toBe(platformDetails(simulatorPlatforms(1 << 20).get('sim:slos')!).id);
  });
});
