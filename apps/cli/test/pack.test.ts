// Publishing, rehearsed: `pnpm pack` each publishable package (workspace ranges become real versions), install the
// tarballs with npm into an empty directory, and run the CLI and a small program there — no workspace, no source.
import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from './run-cli.js';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const PACKAGES = [
  'packages/core',
  'packages/protocol',
  'packages/simulator',
  'packages/cloud',
  'packages/server',
  'apps/cli',
];
const PLATFORM_DIR = 'packages/simulator/npm/linux-x64-gnu';
const BINARY = 'bosonic.linux-x64-gnu.node';
const hasBinary =
  process.platform === 'linux' &&
  process.arch === 'x64' &&
  existsSync(join(ROOT, 'packages/simulator', BINARY));

/** pnpm: the one running this test (`npm_execpath`), else through npx at the root's pinned version. */
function pnpm(args: string[], cwd: string): string {
  const execPath = process.env.npm_execpath;
  const [command, commandArgs] =
    execPath !== undefined && /pnpm/.test(execPath)
      ? [process.execPath, [execPath, ...args]]
      : ['npx', ['-y', 'pnpm@10.34.9', ...args]];
  return execFileSync(command, commandArgs, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

/** The files of a tarball, without the `package/` prefix. */
function tarballFiles(tarball: string): string[] {
  return execFileSync('tar', ['-tzf', tarball], { encoding: 'utf8' })
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => line.replace(/^package\//, ''));
}

/** The package.json inside a tarball. */
function tarballManifest(tarball: string): Record<string, unknown> {
  return JSON.parse(execFileSync('tar', ['-xzOf', tarball, 'package/package.json'], { encoding: 'utf8' }));
}

describe.skipIf(!hasBinary)('the published packages', () => {
  const out = tempDir('bosonic-pack-');
  const project = tempDir('bosonic-install-');
  const tarballs: Record<string, string> = {};

  beforeAll(() => {
    for (const dir of PACKAGES) {
      const before = new Set(readdirSync(out));
      pnpm(['pack', '--pack-destination', out], join(ROOT, dir));
      const made = readdirSync(out).filter((file) => !before.has(file));
      expect(made).toHaveLength(1);
      tarballs[dir] = join(out, made[0] as string);
    }
    // The platform package gets its binary at release time (`napi artifacts` moves the built addon into it):
    // do the same in a copy.
    const staged = tempDir('bosonic-platform-');
    for (const file of ['package.json', 'README.md'])
      copyFileSync(join(ROOT, PLATFORM_DIR, file), join(staged, file));
    copyFileSync(join(ROOT, 'packages/simulator', BINARY), join(staged, BINARY));
    const packed = execFileSync('npm', ['pack', '--pack-destination', out, '--silent'], {
      cwd: staged,
      encoding: 'utf8',
    });
    tarballs[PLATFORM_DIR] = join(out, packed.trim().split('\n').pop() as string);

    writeFileSync(
      join(project, 'package.json'),
      JSON.stringify({ name: 'pack-test', private: true, type: 'module' }),
    );
    // Third-party dependencies come from the registry; ours only from the tarballs.
    const install = spawnSync(
      'npm',
      ['install', '--no-audit', '--no-fund', '--loglevel=error', ...Object.values(tarballs)],
      {
        cwd: project,
        encoding: 'utf8',
      },
    );
    if (install.status !== 0) throw new Error(`npm install failed:\n${install.stdout}\n${install.stderr}`);
  }, 900_000);

  it('each tarball has its manifest with files and exports, a README, its build, and no workspace ranges', () => {
    for (const [dir, tarball] of Object.entries(tarballs)) {
      const files = tarballFiles(tarball);
      expect(files, dir).toContain('README.md');
      const manifest = tarballManifest(tarball);
      expect(manifest.files, dir).toEqual(expect.any(Array));
      expect(JSON.stringify(manifest), dir).not.toContain('workspace:');
      if (dir === PLATFORM_DIR) {
        expect(files).toContain(BINARY);
      } else {
        expect(manifest.exports, dir).toBeDefined();
        expect(files, dir).toContain('dist/index.js');
        expect(files, dir).toContain('dist/index.d.ts');
        expect(
          files.some((file) => file.startsWith('src/')),
          `${dir} ships no source`,
        ).toBe(false);
      }
    }
    expect(tarballFiles(tarballs['apps/cli'] as string)).toEqual(
      expect.arrayContaining(['dist/cli.js', 'examples/hom.json', 'examples/cnot-postprocessed.json']),
    );
    expect(tarballManifest(tarballs['apps/cli'] as string).bin).toEqual({ bosonic: './dist/cli.js' });
  });

  it('the installed `bosonic` runs an example', () => {
    const bosonic = join(project, 'node_modules/.bin/bosonic');
    const hom = join(project, 'node_modules/@bosonic/cli/examples/hom.json');
    const run = spawnSync(bosonic, ['run', hom, '--json'], { cwd: project, encoding: 'utf8' });
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    const output = JSON.parse(run.stdout);
    expect(output.results['|2,0>']).toBeCloseTo(0.5, 12);
    expect(output.target).toBe('local SLOS (auto)');
  });

  it('a program using the installed packages serves a cloud and runs a remote job on it', () => {
    const program = join(project, 'remote.mjs');
    writeFileSync(
      program,
      `import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BasicState, BS, Circuit, Sampler } from '@bosonic/core';
import { RemoteProcessor } from '@bosonic/cloud';
import { serialize } from '@bosonic/protocol';
import { startServer } from '@bosonic/server';
import { Processor } from '@bosonic/simulator';

const circuit = new Circuit(2).add(0, BS.H());
const local = new Sampler(new Processor('SLOS', circuit).withInput(new BasicState([1, 1]))).probs();
const server = await startServer({ dataDir: mkdtempSync(join(tmpdir(), 'pack-')), tokens: ['pack-token'], logger: false });
const rp = await RemoteProcessor.connect('sim:slos', { url: server.url, token: 'pack-token' });
rp.setCircuit(circuit).withInput(new BasicState([1, 1])).minDetectedPhotonsFilter(2);
const remote = await new Sampler(rp, { maxShotsPerCall: 1000 }).probs.executeAsync().then((job) => job.wait());
await rp.close();
await server.close();
console.log(JSON.stringify({ local: local.results.get('|2,0>'), remote: remote.results.get('|2,0>'), pcvl: serialize(circuit).slice(0, 10) }));
`,
    );
    const run = spawnSync(process.execPath, [program], { cwd: project, encoding: 'utf8' });
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    const output = JSON.parse(run.stdout);
    expect(output.local).toBeCloseTo(0.5, 12);
    expect(output.remote).toBeCloseTo(0.5, 9);
    expect(output.pcvl).toBe(':PCVL:zip:');
  });

  it('the installed packages are ours, from the tarballs (not linked to the workspace)', () => {
    for (const name of ['core', 'simulator', 'protocol', 'cloud', 'server', 'cli']) {
      const manifest = JSON.parse(
        readFileSync(join(project, 'node_modules/@bosonic', name, 'package.json'), 'utf8'),
      );
      expect(manifest.name).toBe(`@bosonic/${name}`);
      expect(existsSync(join(project, 'node_modules/@bosonic', name, 'src'))).toBe(false);
    }
  });
});
