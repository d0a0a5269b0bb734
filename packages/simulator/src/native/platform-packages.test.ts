// The platform packages, as a release publishes them: one npm/<tuple> folder per target of `napi.targets`, each
// listed in the optional dependencies, chosen by npm through os/cpu/libc and found by the loader under the name the
// running platform gives. The targets table (scripts/targets.mjs) is the build's; these tests hold everything else
// to it.
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { defaultLoaderEnvironment, detectMusl, loadNativeBinding, platformTuple } from './loader.js';

interface Target {
  tuple: string;
  os: string;
  cpu: string;
  libc?: string;
}
interface Manifest {
  name: string;
  version: string;
  main?: string;
  files?: string[];
  scripts?: Record<string, string>;
  publishConfig?: { os?: string[]; cpu?: string[]; libc?: string[] };
  optionalDependencies?: Record<string, string>;
  napi?: { targets: string[] };
  os?: unknown;
  cpu?: unknown;
  libc?: unknown;
}

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const readJson = (path: string): Manifest => JSON.parse(readFileSync(join(ROOT, path), 'utf8')) as Manifest;
const simulator = readJson('package.json');
// Non-literal specifiers: the scripts are plain JavaScript modules, typed here.
const { TARGETS, binaryName } = (await import(
  new URL('../../scripts/targets.mjs', import.meta.url).href
)) as {
  TARGETS: Record<string, Target>;
  binaryName: (tuple: string) => string;
};
const { binaryProblem } = (await import(
  new URL('../../scripts/check-platform-package.mjs', import.meta.url).href
)) as { binaryProblem: (file: string, target: Target) => string | undefined };

const targets = simulator.napi?.targets ?? [];

describe('the platform packages', () => {
  it('exist for every release target, and only for those', () => {
    expect(targets).toHaveLength(6);
    expect(Object.keys(TARGETS).sort()).toEqual([...targets].sort());
    const folders = readdirSync(join(ROOT, 'npm')).sort();
    expect(folders).toEqual(targets.map((triple) => TARGETS[triple]?.tuple).sort());
  });

  it('are all optional dependencies of @bosonic/simulator', () => {
    expect(simulator.optionalDependencies).toEqual(
      Object.fromEntries(
        targets.map((triple) => [`@bosonic/simulator-${TARGETS[triple]?.tuple}`, 'workspace:*']),
      ),
    );
  });

  it.each(targets)(
    '%s: the loader on that platform asks for its package, which ships its binary',
    (triple) => {
      const target = TARGETS[triple] as Target;
      const name = `@bosonic/simulator-${target.tuple}`;
      // The names Node.js gives that platform resolve to the package's name.
      expect(platformTuple(target.os, target.cpu, () => target.libc === 'musl')).toBe(target.tuple);
      const loaded: string[] = [];
      const env = {
        ...defaultLoaderEnvironment(),
        env: {},
        platform: target.os,
        arch: target.cpu,
        isMusl: () => target.libc === 'musl',
        load: (id: string) => {
          loaded.push(id);
          throw new Error(`Cannot find module '${id}'`);
        },
      };
      expect(() => loadNativeBinding(env)).toThrow(`could not load the native simulator for ${target.tuple}`);
      expect(loaded).toEqual([name]);

      const manifest = readJson(`npm/${target.tuple}/package.json`);
      expect(manifest.name).toBe(name);
      expect(manifest.version).toBe(simulator.version);
      expect(manifest.main).toBe(binaryName(target.tuple));
      expect(manifest.files).toEqual([binaryName(target.tuple)]);
      // npm picks the package by these; in publishConfig, so pnpm applies them to the packed manifest only and
      // does not warn about the other platforms' folders on every install of the workspace.
      expect(manifest.publishConfig).toMatchObject({
        os: [target.os],
        cpu: [target.cpu],
        ...(target.libc === undefined ? {} : { libc: [target.libc] }),
      });
      expect(manifest.publishConfig?.libc === undefined).toBe(target.os !== 'linux');
      expect([manifest.os, manifest.cpu, manifest.libc]).toEqual([undefined, undefined, undefined]);
      expect(manifest.scripts?.prepack).toBe('node ../../scripts/check-platform-package.mjs');
      expect(readFileSync(join(ROOT, `npm/${target.tuple}/README.md`), 'utf8')).toContain(`\`${triple}\``);
    },
  );

  it('are released together with @bosonic/simulator (one fixed version group)', () => {
    const config = JSON.parse(readFileSync(join(ROOT, '../../.changeset/config.json'), 'utf8')) as {
      fixed: string[][];
    };
    const group = config.fixed.find((names) => names.includes('@bosonic/simulator'));
    expect(group?.sort()).toEqual(
      [
        '@bosonic/simulator',
        ...targets.map((triple) => `@bosonic/simulator-${TARGETS[triple]?.tuple}`),
      ].sort(),
    );
  });
});

describe('the prepack check of a platform package', () => {
  const linuxX64 = TARGETS['x86_64-unknown-linux-gnu'] as Target;
  const dir = mkdtempSync(join(tmpdir(), 'bosonic-prepack-'));

  it('refuses a package without its binary', () => {
    expect(binaryProblem(join(dir, 'bosonic.linux-x64-gnu.node'), linuxX64)).toMatch(
      /bosonic\.linux-x64-gnu\.node is missing: build it/,
    );
  });

  it('refuses a file that is not a library, or one built for another platform', () => {
    const text = join(dir, 'text.node');
    writeFileSync(text, 'not a library, just some text');
    expect(binaryProblem(text, linuxX64)).toMatch(/is not an ELF library/);
    expect(binaryProblem(text, TARGETS['aarch64-apple-darwin'] as Target)).toMatch(/is not a 64-bit Mach-O/);
    const tiny = join(dir, 'tiny.node');
    writeFileSync(tiny, '\x7fELF');
    expect(binaryProblem(tiny, linuxX64)).toMatch(/is 4 bytes, not a native library/);
  });

  it('runs as the prepack script of every platform package, and fails the pack without a binary', () => {
    const musl = TARGETS['x86_64-unknown-linux-musl'] as Target;
    const packed = spawnSync(process.execPath, ['../../scripts/check-platform-package.mjs'], {
      cwd: join(ROOT, 'npm', musl.tuple),
      encoding: 'utf8',
    });
    expect(packed.status).toBe(1);
    expect(packed.stderr).toBe(
      `@bosonic/simulator-linux-x64-musl: refusing to pack: bosonic.linux-x64-musl.node is missing: build it (pnpm --filter @bosonic/simulator build:native on this platform) or collect it with napi artifacts (the release workflow does)\n`,
    );
  });

  const hostTuple = platformTuple(process.platform, process.arch, detectMusl);
  const host = Object.values(TARGETS).find((target) => target.tuple === hostTuple);
  it.skipIf(host?.os !== 'linux')(
    'accepts the binary this build made, and refuses it for another CPU',
    () => {
      const built = createRequire(import.meta.url).resolve(`@bosonic/simulator-${hostTuple}`);
      expect(existsSync(built)).toBe(true);
      expect(binaryProblem(built, host as Target)).toBeUndefined();
      const otherCpu = Object.values(TARGETS).find((t) => t.os === 'linux' && t.cpu !== host?.cpu) as Target;
      expect(binaryProblem(built, otherCpu)).toMatch(/is built for ELF machine (62|183), not (arm64|x64)/);
      const copy = join(dir, 'copy.node');
      copyFileSync(built, copy);
      expect(binaryProblem(copy, host as Target)).toBeUndefined();
    },
  );
});
