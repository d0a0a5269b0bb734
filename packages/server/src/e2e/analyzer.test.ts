// "The same Analyzer numbers locally and through the server": Perceval's post-processed CNOT analysed on the
// local simulator and on a RemoteProcessor against a started server (sim:slos), compared to 1e-12.
import { RemoteProcessor } from '@bosonic/cloud';
import {
  Analyzer,
  catalog,
  generateAllLogicalStates,
  getBasicStateFromPorts,
  type PostSelect,
} from '@bosonic/core';
import { Processor } from '@bosonic/simulator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, TOKEN_A } from '../testing/test-server.js';

let server: Awaited<ReturnType<typeof startTestServer>>;

beforeAll(async () => {
  server = await startTestServer();
});

afterAll(async () => {
  await server.stop();
});

const EXPECTED = { '|00>': '|00>', '|01>': '|01>', '|10>': '|11>', '|11>': '|10>' };

describe('Analyzer through the server', () => {
  it('gives the local numbers for the post-processed CNOT (performance 1/9, fidelity 1)', async () => {
    const experiment = catalog.get('postprocessed cnot').buildExperiment();
    const inputs = Object.fromEntries(
      generateAllLogicalStates(2).map((l) => [
        getBasicStateFromPorts(experiment.inPorts, l).toString(),
        l.toString(),
      ]),
    );
    const local = new Analyzer(new Processor('SLOS', experiment), inputs);
    local.compute({ expected: EXPECTED });

    const remote = await RemoteProcessor.connect('sim:slos', {
      url: server.url,
      token: TOKEN_A,
      refreshIntervalMs: 20,
      retry: { maxRetries: 0 },
    });
    try {
      remote.setCircuit(experiment.circuit!).setPostSelection(experiment.postSelection as PostSelect);
      for (const [mode, expected] of experiment.outputHeralds()) remote.addHerald(mode, expected);
      const analyzer = new Analyzer(remote, inputs, undefined, { maxShotsPerCall: 1_000_000 });
      const progress: number[] = [];
      const result = await analyzer.computeAsync({ expected: EXPECTED, progress: (p) => progress.push(p) });
      expect(result.performance).toBeCloseTo(1 / 9, 12);
      expect(result.fidelity).toBeCloseTo(1, 12);
      expect(Math.abs(result.performance - local.performance!)).toBeLessThan(1e-12);
      result.results.forEach((row, i) => {
        row.forEach((p, j) => {
          expect(Math.abs(p - local.distribution[i]![j]!)).toBeLessThan(1e-12);
        });
      });
      expect(progress.at(-1)).toBe(1);
      expect(analyzer.toString()).toBe(local.toString());
    } finally {
      await remote.close();
    }
  });
});
