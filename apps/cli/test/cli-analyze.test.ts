// `bosonic analyze`: Perceval's Analyzer from the command line, on the local simulator. The first check spawns the
// built binary; the others call the CLI's `main` in this process (run-main.ts).
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { EXAMPLES, runCli } from './run-cli.js';
import { runMain } from './run-main.js';

const CNOT = ['-e', '|00>=|00>', '-e', '|01>=|01>', '-e', '|10>=|11>', '-e', '|11>=|10>'];

describe('bosonic analyze (local)', () => {
  it('analyses a catalog CNOT over its logical states: performance 1/9, fidelity 1 (JSON)', async () => {
    const { code, stdout, stderr } = await runCli([
      'analyze',
      'catalog:postprocessed cnot',
      ...CNOT,
      '--json',
    ]);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const output = JSON.parse(stdout);
    expect(output.inputStates).toEqual(['|00>', '|01>', '|10>', '|11>']);
    expect(output.performance).toBeCloseTo(1 / 9, 12);
    expect(output.fidelity).toBeCloseTo(1, 12);
    expect(output.distribution[2][3]).toBeCloseTo(1, 12); // |10> → |11>
  });

  it("prints Perceval's table, the performance and the fidelity", async () => {
    const { code, stdout } = await runMain(['analyze', 'catalog:heralded cnot', ...CNOT]);
    expect(code).toBe(0);
    expect(stdout).toContain('heralded cnot: Analyzer on local SLOS (4 inputs × 4 outputs)');
    expect(stdout).toContain('|      | |00> | |01> | |10> | |11> |');
    expect(stdout).toContain('performance: 0.0740741');
    expect(stdout).toContain('error rate: 0 · fidelity: 1');
  });

  it('takes explicit inputs and "*" outputs for a file experiment', async () => {
    const hom = join(EXAMPLES, 'hom.json');
    const { code, stdout } = await runMain(['analyze', hom, '-i', '|1,1>', '-o', '*', '--json']);
    expect(code).toBe(0);
    const output = JSON.parse(stdout);
    expect(output.outputStates).toEqual(['|2,0>', '|1,1>', '|0,2>']);
    expect(output.distribution[0][0]).toBeCloseTo(0.5, 12);
    expect(output.distribution[0][1]).toBeCloseTo(0, 12);
  });

  it('explains bad arguments (exit code 2 for usage, 1 for a bad state)', async () => {
    const unknown = await runMain(['analyze', 'catalog:quantum toaster']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain("the catalog has no item 'quantum toaster'");
    const expected = await runMain(['analyze', 'catalog:h', '-e', 'nonsense']);
    expect(expected.code).toBe(2);
    expect(expected.stderr).toContain('--expected takes input=output');
    const state = await runMain(['analyze', 'catalog:h', '-i', '|1,0,0>']);
    expect(state.code).toBe(1);
    expect(state.stderr).toMatch(/has 3 modes but the processor takes 2/);
  });
});
