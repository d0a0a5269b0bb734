// Publishing, rehearsed as a user meets it: the root README's "Installing from npm tarballs" block, run as written
// (`pnpm pack` every publishable package, the platform package of this machine included, with the binary the build
// put in it, then `npm install` the tarballs in an empty project) with a clean environment (no BOSONIC_* variables,
// nothing pointing into this repository); then type-check every TypeScript example of every README there with `tsc`
// (`module`/`moduleResolution: nodenext`, as `tsc --init` writes) and run each one, and run the installed `bosonic`.
import { type ChildProcess, execFileSync, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, realpathSync, writeFileSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PUBLISHED_PACKAGE_DIRS, packageName } from './published-packages.js';
import { blockFileName, ROOT, readmeBlocks, readmes } from './readme-blocks.js';
import { tempDir, waitFor } from './run-cli.js';

const simulatorManifest = JSON.parse(readFileSync(join(ROOT, 'packages/simulator/package.json'), 'utf8')) as {
  optionalDependencies: Record<string, string>;
};

/** napi-rs's name of this platform, as the loader computes it (glibc unless Node reports no glibc). */
function hostTuple(): string {
  const report = process.report?.getReport() as { header?: { glibcVersionRuntime?: string } } | undefined;
  const abi = process.platform === 'linux' ? (report?.header?.glibcVersionRuntime ? '-gnu' : '-musl') : '';
  return `${process.platform}-${process.arch}${abi}`;
}
const HOST = hostTuple();
const PLATFORM_DIR = `packages/simulator/npm/${HOST}`;
const BINARY = `bosonic.${HOST}.node`;

/** The root README's block that packs the packages and installs the tarballs in a project of the reader's. */
const installBlock = (() => {
  const block = readmeBlocks('README.md').find(
    (b) => b.lang === 'sh' && b.code.includes('pack --pack-destination'),
  );
  if (block === undefined) throw new Error('README.md has no block packing the packages');
  return block;
})();
/** What a reader of that block replaces: where the tarballs go, their project, their platform folder. */
const TARBALLS = '/tmp/bosonic-tarballs';
const PROJECT = '/path/to/your/project';
const README_PLATFORM_DIR = 'packages/simulator/npm/linux-x64-gnu';
const prebuilt = `@bosonic/simulator-${HOST}` in simulatorManifest.optionalDependencies;
const skipReason = prebuilt
  ? undefined
  : `no platform package for ${HOST}: a release packs the binary of each platform on that platform`;

/**
 * The environment a user's shell would have: none of our variables, no npm/pnpm lifecycle variables of the
 * running test, and no PATH entry or other value pointing into this repository.
 */
function userEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const root = realpathSync(ROOT);
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (
      value === undefined ||
      /^(BOSONIC_|PCVL_|npm_|PNPM_|pnpm_|VITEST|TURBO_|INIT_CWD$|NODE_OPTIONS$)/i.test(key)
    )
      continue;
    if (key === 'PATH') {
      env.PATH = value
        .split(delimiter)
        .filter((entry) => !entry.startsWith(ROOT) && !entry.startsWith(root))
        .join(delimiter);
    } else if (!value.includes(ROOT) && !value.includes(root)) {
      env[key] = value;
    }
  }
  return { ...env, ...extra };
}

/** pnpm: the one running this test (`npm_execpath`), else through npx at the root's pinned version. */
function pnpm(args: string[], cwd: string): ReturnType<typeof spawnSync> {
  const execPath = process.env.npm_execpath;
  const [command, commandArgs] =
    execPath !== undefined && /pnpm/.test(execPath)
      ? [process.execPath, [execPath, ...args]]
      : ['npx', ['-y', 'pnpm@10.34.9', ...args]];
  return spawnSync(command, commandArgs, { cwd, encoding: 'utf8', env: userEnv() });
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

// Off a platform with a package, say so in the report instead of passing silently.
if (skipReason !== undefined) {
  it(`packaging test skipped: ${skipReason}`, ({ skip }) => {
    skip(skipReason);
  });
}

describe.skipIf(skipReason !== undefined)('the published packages, installed with npm', () => {
  const out = tempDir('bosonic-pack-');
  const project = tempDir('bosonic-install-');
  const home = tempDir('bosonic-home-');
  const tarballs: Record<string, string> = {};
  /** What every program of the project runs with: a user's environment with a home of its own. */
  const runEnv = (extra: Record<string, string> = {}) =>
    userEnv({
      HOME: home,
      XDG_CONFIG_HOME: join(home, '.config'),
      XDG_DATA_HOME: join(home, '.local/share'),
      ...extra,
    });
  const tsBlocks = readmes().flatMap((readme) => readmeBlocks(readme).filter((block) => block.lang === 'ts'));
  let cloud: { child: ChildProcess; url: string } | undefined;
  /** The examples type-checked and compiled to JavaScript (`tsc -p .` in the project). */
  let compiled: ReturnType<typeof spawnSync> | undefined;

  beforeAll(() => {
    // "your project": an empty npm project, whose TypeScript is the one the examples are checked with. Third-party
    // dependencies come from the registry; ours only from the tarballs. No @types/node: the packages whose
    // declarations use Node's types must bring them (as a peer dependency npm installs).
    writeFileSync(
      join(project, 'package.json'),
      JSON.stringify(
        {
          name: 'readme-examples',
          private: true,
          type: 'module',
          devDependencies: { typescript: '~5.9.3' },
        },
        null,
        2,
      ),
    );
    writeFileSync(
      join(project, 'tsconfig.json'),
      JSON.stringify({
        compilerOptions: {
          target: 'es2022',
          module: 'nodenext',
          moduleResolution: 'nodenext',
          strict: true,
          skipLibCheck: false,
          rootDir: 'src',
          outDir: 'out',
        },
        include: ['src'],
      }),
    );
    // The README's block, from the repository root, with what a reader replaces replaced: the project's path, this
    // machine's platform folder, and a tarball folder of this run's own (two runs must not mix their tarballs).
    const block = installBlock.code;
    for (const placeholder of [TARBALLS, PROJECT, README_PLATFORM_DIR]) expect(block).toContain(placeholder);
    const script = block
      .replaceAll(TARBALLS, out)
      .replaceAll(PROJECT, project)
      .replaceAll(README_PLATFORM_DIR, PLATFORM_DIR);
    const install = spawnSync('sh', ['-e', '-c', script], { cwd: ROOT, encoding: 'utf8', env: userEnv() });
    if (install.status !== 0) {
      throw new Error(`the README's install block failed:\n${install.stdout}\n${install.stderr}`);
    }
    for (const file of readdirSync(out)) {
      const name = tarballManifest(join(out, file)).name as string;
      const dir = [...PUBLISHED_PACKAGE_DIRS, PLATFORM_DIR].find((d) => packageName(d) === name);
      if (dir !== undefined) tarballs[dir] = join(out, file);
    }
    mkdirSync(join(project, 'src'));
    for (const block of tsBlocks) writeFileSync(join(project, 'src', blockFileName(block, 'ts')), block.code);
    // Type-checked and compiled at once: tsc still writes each example's JavaScript when one has a type error, so
    // the type-check test reports the errors and each example still runs.
    compiled = spawnSync(process.execPath, [join(project, 'node_modules/typescript/bin/tsc'), '-p', '.'], {
      cwd: project,
      encoding: 'utf8',
      env: userEnv(),
    });
  }, 900_000);

  afterAll(async () => {
    if (cloud?.child.exitCode === null) {
      const exited = new Promise((resolve) => cloud?.child.once('exit', resolve));
      cloud.child.kill('SIGTERM');
      await exited;
    }
  });

  it('the README block packs every published package and this platform’s, and installs them all', () => {
    expect(Object.keys(tarballs).sort()).toEqual([...PUBLISHED_PACKAGE_DIRS, PLATFORM_DIR].sort());
    expect(readdirSync(out)).toHaveLength(PUBLISHED_PACKAGE_DIRS.length + 1);
  });

  it('each tarball has its manifest with files, a README, its build, and no workspace ranges', () => {
    for (const [dir, tarball] of Object.entries(tarballs)) {
      const files = tarballFiles(tarball);
      expect(files, dir).toContain('README.md');
      const manifest = tarballManifest(tarball);
      expect(manifest.files, dir).toEqual(expect.any(Array));
      expect(JSON.stringify(manifest), dir).not.toContain('workspace:');
      expect(manifest.scripts ?? {}, dir).not.toHaveProperty('prepack');
      if (dir === PLATFORM_DIR) continue;
      expect(manifest.exports, dir).toEqual(expect.objectContaining({ '.': expect.any(Object) }));
      expect(files, dir).toContain('dist/index.js');
      expect(files, dir).toContain('dist/index.d.ts');
      expect(
        files.filter((file) => file.startsWith('src/')),
        `${dir} ships no source`,
      ).toEqual([]);
    }
    expect(tarballFiles(tarballs['apps/cli'] as string)).toEqual(
      expect.arrayContaining(['dist/cli.js', 'examples/hom.json', 'examples/cnot-postprocessed.json']),
    );
    const cli = tarballManifest(tarballs['apps/cli'] as string);
    expect(cli.bin).toEqual({ bosonic: './dist/cli.js' });
    // Only `bosonic serve` needs the server (and its SQLite build): an optional peer, not a dependency.
    expect(cli.dependencies).not.toHaveProperty('@bosonic/server');
    expect(cli.peerDependencies).toHaveProperty('@bosonic/server');
    expect(cli.peerDependenciesMeta).toEqual({ '@bosonic/server': { optional: true } });
  });

  it('the platform package ships its binary and is chosen by npm for this platform only', () => {
    const tarball = tarballs[PLATFORM_DIR] as string;
    expect(tarballFiles(tarball).sort()).toEqual([BINARY, 'README.md', 'package.json'].sort());
    const manifest = tarballManifest(tarball);
    expect(manifest.main).toBe(BINARY);
    const [os, cpu, abi] = HOST.split('-');
    expect(manifest.os).toEqual([os]);
    expect(manifest.cpu).toEqual([cpu]);
    if (abi !== undefined) expect(manifest.libc).toEqual([abi === 'gnu' ? 'glibc' : 'musl']);
    const simulator = tarballManifest(tarballs['packages/simulator'] as string);
    expect(Object.keys(simulator.optionalDependencies as object).sort()).toEqual(
      Object.keys(simulatorManifest.optionalDependencies).sort(),
    );
    // Installed from its tarball, with the binary inside: the only addon in the project.
    const installed = join(project, 'node_modules/@bosonic', `simulator-${HOST}`, BINARY);
    expect(readFileSync(installed).length).toBeGreaterThan(100_000);
  });

  it('a platform package without its binary refuses to pack', () => {
    const other = Object.keys(simulatorManifest.optionalDependencies)
      .map((name) => name.replace('@bosonic/simulator-', ''))
      .find(
        (tuple) =>
          tuple !== HOST && !existsSync(join(ROOT, 'packages/simulator/npm', tuple, `bosonic.${tuple}.node`)),
      );
    const packed = pnpm(
      ['pack', '--pack-destination', tempDir('bosonic-refused-')],
      join(ROOT, 'packages/simulator/npm', other as string),
    );
    expect(packed.status).not.toBe(0);
    expect(`${packed.stdout}${packed.stderr}`).toContain(
      `@bosonic/simulator-${other}: refusing to pack: bosonic.${other}.node is missing`,
    );
  });

  it('the installed packages are ours, from the tarballs (not linked to the workspace)', () => {
    for (const name of ['core', 'simulator', 'protocol', 'cloud', 'server', 'cli', `simulator-${HOST}`]) {
      const dir = join(project, 'node_modules/@bosonic', name);
      expect(realpathSync(dir).startsWith(realpathSync(project)), name).toBe(true);
      expect(existsSync(join(dir, 'src')), name).toBe(false);
    }
  });

  it('every TypeScript example of every README type-checks in a nodenext project', () => {
    expect(tsBlocks.map((block) => block.readme)).toContain('README.md');
    expect(`${compiled?.stdout}${compiled?.stderr}`).toBe('');
    expect(compiled?.status).toBe(0);
  });

  /** The README examples that talk to a cloud get one: the installed `bosonic serve`. */
  async function startCloud(): Promise<{ child: ChildProcess; url: string }> {
    const child = spawn(
      join(project, 'node_modules/.bin/bosonic'),
      ['serve', '--port', '0', '--json', '--token', 'readme-token', '--data-dir', join(home, 'cloud')],
      { cwd: project, env: runEnv(), stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let stdout = '';
    child.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
      stdout += chunk;
    });
    const match = await waitFor(() => stdout, /"url":\s*"(http:[^"]+)"/);
    return { child, url: match[1] as string };
  }

  it.each(
    tsBlocks.map((block) => [`${block.readme} example ${block.index} (line ${block.line})`, block] as const),
  )(
    'runs %s',
    async (_name, block) => {
      // Type errors are the type-check test's to report: tsc still writes each example's JavaScript, so one
      // broken example does not hide whether the others run.
      expect(existsSync(join(project, 'out', blockFileName(block, 'js'))), String(compiled?.stdout)).toBe(
        true,
      );
      const usesCloud = block.code.includes("'@bosonic/cloud'");
      if (usesCloud) cloud ??= await startCloud();
      const program = join(project, 'out', blockFileName(block, 'js'));
      const run = spawnSync(process.execPath, [program], {
        cwd: project,
        encoding: 'utf8',
        timeout: 120_000,
        env: runEnv(
          usesCloud ? { BOSONIC_CLOUD_URL: cloud?.url ?? '', BOSONIC_CLOUD_TOKEN: 'readme-token' } : {},
        ),
      });
      expect(run.stderr).toBe('');
      expect(run.status).toBe(0);
      if (block.readme === 'README.md' && block.index === 1) {
        expect(run.stdout).toMatch(/\|2,0>.*0\.5/);
        expect(run.stdout).toMatch(/\|0,2>.*0\.5/);
      }
    },
    180_000,
  );

  it('the installed `bosonic` runs an example', () => {
    const bosonic = join(project, 'node_modules/.bin/bosonic');
    const hom = join(project, 'node_modules/@bosonic/cli/examples/hom.json');
    const run = spawnSync(bosonic, ['run', hom, '--json'], { cwd: project, encoding: 'utf8', env: runEnv() });
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    const output = JSON.parse(run.stdout);
    expect(output.results['|2,0>']).toBeCloseTo(0.5, 12);
    expect(output.target).toBe('local SLOS (auto)');
  });
});
