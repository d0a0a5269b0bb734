// The READMEs' shell and JSON blocks, held to what they claim (the TypeScript blocks run in pack.test.ts): the
// commands to run the CLI from a clone work from the repository root, the commands the root README gives are the
// ones .ci/run runs, and the experiment file the CLI README shows is the shipped example.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, readmeBlocks } from './readme-blocks.js';
import { cleanEnv } from './run-cli.js';

const root = readmeBlocks('README.md');
const commandLines = (code: string) => code.split('\n').filter((line) => line.trim() !== '');

describe('the root README', () => {
  it('runs the CLI from a clone with the commands it gives, from the repository root', () => {
    const block = root.find((b) => b.lang === 'sh' && b.code.includes('node apps/cli/dist/cli.js'));
    expect(block).toBeDefined();
    for (const line of commandLines(block?.code ?? '')) {
      const run = spawnSync('sh', ['-c', line], { cwd: ROOT, encoding: 'utf8', env: cleanEnv() });
      expect(run.status, `${line}\n${run.stderr}`).toBe(0);
      expect(run.stdout, line).not.toBe('');
    }
  });

  it('gives the install, start and test commands that .ci/run runs', () => {
    const ci = readFileSync(join(ROOT, '.ci/run'), 'utf8');
    const commands = root
      .filter((b) => b.lang === 'sh' && b.code.startsWith('npx -y pnpm@'))
      .flatMap((b) => b.code.trim().split(' && '));
    expect(commands).toEqual(
      expect.arrayContaining(['npx -y pnpm@10.34.9 start', 'npx -y pnpm@10.34.9 test']),
    );
    for (const command of commands) expect(ci, command).toContain(command);
  });
});

describe('the CLI README', () => {
  it('shows the shipped postprocessed CNOT example as its experiment file', () => {
    const json = readmeBlocks('apps/cli/README.md').find((b) => b.lang === 'json');
    const shipped = JSON.parse(readFileSync(join(ROOT, 'apps/cli/examples/cnot-postprocessed.json'), 'utf8'));
    expect(JSON.parse(json?.code ?? 'null')).toEqual(shipped);
  });
});
