// The `bosonic` binary on the local simulator: results as text and JSON, and the errors a user meets. A few
// checks spawn the built binary (`runCli`: the bundle runs, the process exits with the code); the others call
// the CLI's `main` in this process (`runMain`), where a process of its own would prove nothing more.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cleanEnv, EXAMPLES, runCli, tempDir, writeTemp } from './run-cli.js';
import { runMain } from './run-main.js';

const NO_STACK = /^\s+at /m;

/** A shipped example experiment, by absolute path (`runMain` runs in the test's working directory). */
const example = (name: string): string => join(EXAMPLES, name);

describe('bosonic run (local)', () => {
  it('runs Hong-Ou-Mandel and prints machine-readable JSON on stdout', async () => {
    const { code, stdout, stderr } = await runCli(['run', 'hom.json', '--json']);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const output = JSON.parse(stdout);
    expect(output).toMatchObject({
      experiment: 'Hong-Ou-Mandel',
      command: 'probs',
      status: 'SUCCESS',
      globalPerf: 1,
    });
    expect(output.results['|2,0>']).toBeCloseTo(0.5, 12);
    expect(output.results['|0,2>']).toBeCloseTo(0.5, 12);
    expect(output.results['|1,1>'] ?? 0).toBeCloseTo(0, 12);
  });

  it('prints a readable table with histogram bars: the postprocessed CNOT flips the target (perf 1/9)', async () => {
    const { code, stdout } = await runMain(['run', example('cnot-postprocessed.json')]);
    expect(code).toBe(0);
    expect(stdout).toContain('Postprocessed CNOT: probs on local SLOS');
    expect(stdout).toContain('global perf 0.111111 · physical perf 1 · logical perf 0.111111');
    expect(stdout).toMatch(/^\|0,1,0,1>\s+1\s+█{40}$/m);
    expect(stdout).toContain('1 output state');
  });

  it('samples 12-photon boson sampling reproducibly with --seed (auto picks Clifford & Clifford)', async () => {
    const args = ['run', example('boson-sampling-12.json'), '--json', '--seed', '7', '--samples', '300'];
    // The same samples from a process of its own and from this one.
    const [first, second] = await Promise.all([runCli(args), runMain(args)]);
    expect(first.code).toBe(0);
    const a = JSON.parse(first.stdout);
    const b = JSON.parse(second.stdout);
    expect(a.command).toBe('sample-count'); // as the --command flag writes it
    expect(a.target).toBe('local CliffordClifford2017 (auto)');
    expect(Object.values(a.results as Record<string, number>).reduce((s, c) => s + c, 0)).toBe(300);
    for (const state of Object.keys(a.results)) {
      expect(
        state
          .slice(1, -1)
          .split(',')
          .map(Number)
          .reduce((s, n) => s + n, 0),
      ).toBe(12);
    }
    expect(b.results).toEqual(a.results);
  });

  it('overrides the command, the backend and parameter values from the command line', async () => {
    const file = writeTemp('mzi.json', {
      name: 'Mach-Zehnder',
      m: 2,
      circuit: [
        { type: 'BS', modes: [0, 1] },
        { type: 'PS', modes: 0, phi: 'phi' },
        { type: 'BS', modes: [0, 1] },
      ],
      input: '|1,0>',
      parameters: { phi: 0 },
    });
    const { code, stdout } = await runMain(['run', file, '--json', '-b', 'Naive', '-p', 'phi=1.2']);
    expect(code).toBe(0);
    const output = JSON.parse(stdout);
    expect(output.target).toBe('local Naive');
    // |1,0> through BS·PS(φ)·BS: P(|1,0>) = sin²(φ/2).
    expect(output.results['|1,0>']).toBeCloseTo(Math.sin(0.6) ** 2, 12);

    const samples = await runMain(['run', file, '--json', '-c', 'samples', '-n', '5', '--seed', '1']);
    const drawn = JSON.parse(samples.stdout);
    expect(drawn.command).toBe('samples');
    expect(drawn.results).toHaveLength(5);
  });

  it('reads a :PCVL: experiment string', async () => {
    // BS.H() on |1,1>, as Perceval serializes the experiment (built with our own codec, which the protocol
    // package checks against Perceval's bytes).
    const { serialize } = await import('@bosonic/protocol');
    const { readExperiment } = await import('../src/experiment/read-experiment.js');
    const { experiment } = readExperiment({
      m: 2,
      circuit: [{ type: 'BS', modes: 0, convention: 'H' }],
      input: [1, 1],
    });
    const file = writeTemp('hom.pcvl', `${serialize(experiment) as string}\n`);
    const { code, stdout } = await runMain(['run', file, '--json']);
    expect(code).toBe(0);
    expect(JSON.parse(stdout).results['|2,0>']).toBeCloseTo(0.5, 12);
  });
});

describe('bosonic draw', () => {
  it('draws the circuit as SVG on stdout, or into a file with -o', async () => {
    const shown = await runMain(['draw', example('cnot-postprocessed.json')]);
    expect(shown.code, shown.stderr).toBe(0);
    expect(shown.stdout.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
    expect(shown.stdout).toContain('<title>Postprocessed CNOT</title>');
    expect(shown.stdout.trimEnd().endsWith('</svg>')).toBe(true);

    const file = join(tempDir(), 'hom.svg');
    const written = await runMain(['draw', example('hom.json'), '-o', file]);
    expect(written.code, written.stderr).toBe(0);
    expect(written.stderr).toContain(`wrote ${file}`);
    const svg = readFileSync(file, 'utf8');
    expect(svg).toContain('>BS.');
    expect(svg.match(/<line [^>]*stroke="#333333"/g)).toHaveLength(2);
  });

  it('names a missing file', async () => {
    const { code, stderr } = await runMain(['draw', 'nope.json']);
    expect(code).toBe(1);
    expect(stderr).toContain('nope.json');
  });
});

describe('errors: one clear message on stderr, a non-zero exit code, no stack trace', () => {
  it('a missing experiment file', async () => {
    const { code, stdout, stderr } = await runCli(['run', 'no-such-experiment.json']);
    expect(code).toBe(1);
    expect(stdout).toBe('');
    expect(stderr).toBe('bosonic: error: no-such-experiment.json: no such file\n');
  });

  it('a malformed experiment names the line, the column and the JSON path of the problem', async () => {
    const file = writeTemp(
      'bad.json',
      JSON.stringify({ m: 2, circuit: [{ type: 'BS', modes: [0, 1], theta: true }] }, null, 2),
    );
    const { code, stderr } = await runMain(['run', file]);
    expect(code).toBe(1);
    // Line 10 of the file is `      "theta": true`.
    expect(readFileSync(file, 'utf8').split('\n')[9]).toBe('      "theta": true');
    expect(stderr).toBe(
      `bosonic: error: ${file}:10:7: circuit[0].theta: expected a finite number or a parameter name, got boolean true\n`,
    );
  });

  it('a file that is not JSON gives the line and column', async () => {
    const file = writeTemp('broken.json', '{\n  "m": 2,\n  "input": |1,1>\n}\n');
    const { code, stderr } = await runMain(['run', file]);
    expect(code).toBe(1);
    expect(stderr).toContain(`${file}:3:12: not valid JSON`);
  });

  it('a model error (a non-unitary matrix)', async () => {
    const file = writeTemp('u.json', {
      m: 2,
      circuit: [
        {
          type: 'Unitary',
          modes: 0,
          rows: [
            [1, 1],
            [0, 1],
          ],
        },
      ],
      input: [1, 0],
    });
    const { code, stderr } = await runMain(['run', file]);
    expect(code).toBe(1);
    expect(stderr).toMatch(/circuit\[0\]\.rows: .*unitary/i);
  });

  it('--verbose adds the stack trace and the causes', async () => {
    const { code, stderr } = await runMain(['run', 'no-such-experiment.json', '--verbose']);
    expect(code).toBe(1);
    expect(stderr).toMatch(NO_STACK);
    expect(stderr).toContain('caused by: Error: ENOENT');
  });

  it('usage errors exit with code 2 and point to --help', async () => {
    const spawned = await runCli(['run', 'hom.json', '--bogus']);
    expect(spawned.code).toBe(2);
    expect(spawned.stderr).toMatch(/^bosonic: error: .+\n {2}hint: see `bosonic --help`\n$/);
    for (const args of [['run'], ['run', example('hom.json'), '-n', 'many'], ['frobnicate']]) {
      const { code, stderr } = await runMain(args);
      expect(code, args.join(' ')).toBe(2);
      expect(stderr).toMatch(/^bosonic: error: .+\n {2}hint: see `bosonic --help`\n$/);
    }
    const local = await runMain(['run', example('hom.json'), '--async']);
    expect(local.code).toBe(2);
    expect(local.stderr).toContain('--async needs --platform');
  });

  it('--help prints each command’s usage on stdout', async () => {
    const { code, stdout } = await runMain(['run', '--help']);
    expect(code).toBe(0);
    expect(stdout).toMatch(/^Usage: bosonic run <experiment>/);
    expect((await runCli(['--version'])).stdout).toMatch(/^\d+\.\d+\.\d+\n$/);
  });

  it('an unreachable server', async () => {
    const env = cleanEnv({ BOSONIC_CLOUD_TOKEN: 't0k3n' });
    // Port 9 (discard) on the loopback: nothing listens there.
    const { code, stderr } = await runCli(
      ['run', 'hom.json', '--platform', 'sim:slos', '--url', 'http://127.0.0.1:9'],
      {
        env,
      },
    );
    expect(code).toBe(1);
    expect(stderr).toContain('got no answer: connection failed');
    expect(stderr).toContain('hint: is the server at http://127.0.0.1:9 running and reachable?');
    expect(stderr).not.toMatch(NO_STACK);
    const status = await runMain(['job', 'status', 'some-id', '--url', 'http://127.0.0.1:9'], { env });
    expect(status.code).toBe(1);
    expect(status.stderr).toContain('connection failed');
  });

  it('no token at all', async () => {
    const { code, stderr } = await runMain(['job', 'status', 'some-id', '--url', 'http://127.0.0.1:9']);
    expect(code).toBe(1);
    expect(stderr).toContain('No token found');
  });
});
