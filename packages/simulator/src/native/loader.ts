/**
 * Finds and loads the native addon, lazily (on first use), so importing `@bosonic/simulator` never throws.
 *
 * Order (first success wins), in the spirit of lightningcss's hand-written loader:
 * 1. `BOSONIC_NATIVE_LIBRARY_PATH`, when set: that file and nothing else, so a wrong override fails loudly;
 * 2. `bosonic.<platform>-<arch>[-<abi>].node` at the package root (what `build:native` produces);
 * 3. the platform package `@bosonic/simulator-<platform>-<arch>[-<abi>]` (an optional dependency).
 *
 * When nothing loads, the error lists every path tried with its failure and explains how to build from source.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { BosonicError } from '@bosonic/core';
import type { NativeBinding } from './binding.js';

/** Environment variable naming an addon file to load instead of the bundled ones. */
export const NATIVE_LIBRARY_PATH_ENV = 'BOSONIC_NATIVE_LIBRARY_PATH';

const PACKAGE_NAME = '@bosonic/simulator';
const BINARY_NAME = 'bosonic';

/** One place the loader looked, and why it did not work. */
export interface LoadAttempt {
  /** A file path or a package name. */
  path: string;
  error: string;
}

/** No native addon could be loaded; `attempts` lists every path tried. */
export class NativeBindingError extends BosonicError {
  readonly attempts: readonly LoadAttempt[];

  constructor(message: string, attempts: readonly LoadAttempt[]) {
    super(message, 'ERR_NATIVE_BINDING');
    this.attempts = attempts;
  }
}

/** What the loader depends on; every field can be replaced (tests do). */
export interface LoaderEnvironment {
  env: Record<string, string | undefined>;
  platform: string;
  arch: string;
  /** Whether the C library is musl (Linux only). */
  isMusl: () => boolean;
  /** Directory holding the package's `package.json` (where `build:native` writes the addon). */
  packageRoot: string;
  /** Loads a file path or a package name (Node's `require`). */
  load: (id: string) => unknown;
}

/** The napi-rs platform tuple of this machine, e.g. `linux-x64-gnu`, `linux-arm64-musl`, `darwin-arm64`. */
export function platformTuple(platform: string, arch: string, isMusl: () => boolean): string {
  switch (platform) {
    case 'linux':
      if (arch === 'arm') return `linux-arm-${isMusl() ? 'musleabihf' : 'gnueabihf'}`;
      return `linux-${arch}-${isMusl() ? 'musl' : 'gnu'}`;
    case 'win32':
      return `win32-${arch}-msvc`;
    default:
      return `${platform}-${arch}`;
  }
}

/** True on a musl-based Linux (Alpine…): the same checks, in the same order, as napi-rs's generated loader. */
export function detectMusl(): boolean {
  try {
    return readFileSync('/usr/bin/ldd', 'utf8').includes('musl');
  } catch {
    // No ldd there: ask Node's diagnostic report, which names the glibc it runs on.
  }
  try {
    const report = process.report?.getReport() as { header?: { glibcVersionRuntime?: string } } | undefined;
    if (report?.header) return !report.header.glibcVersionRuntime;
  } catch {
    // Reports disabled: last resort below.
  }
  try {
    return execFileSync('ldd', ['--version'], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
    }).includes('musl');
  } catch {
    return false;
  }
}

/** The directory of this package's `package.json`, from the running file (src/ in tests, dist/ when built). */
function findPackageRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const manifest = join(dir, 'package.json');
    if (existsSync(manifest)) {
      try {
        if ((JSON.parse(readFileSync(manifest, 'utf8')) as { name?: string }).name === PACKAGE_NAME)
          return dir;
      } catch {
        // An unreadable manifest is not ours; keep climbing.
      }
    }
    const parent = dirname(dir);
    if (parent === dir) return dirname(fileURLToPath(import.meta.url));
    dir = parent;
  }
}

/** The real environment of this process. */
export function defaultLoaderEnvironment(): LoaderEnvironment {
  const require = createRequire(import.meta.url);
  return {
    env: process.env,
    platform: process.platform,
    arch: process.arch,
    isMusl: detectMusl,
    packageRoot: findPackageRoot(),
    load: (id) => require(id),
  };
}

function describe(error: unknown): string {
  if (error instanceof Error) return error.message.split('\n')[0] ?? error.message;
  return String(error);
}

/** The functions a compatible addon exports. */
export const NATIVE_FUNCTIONS: readonly (keyof NativeBinding)[] = Object.freeze([
  'permanent',
  'probsSync',
  'samplesSync',
  'probsAsync',
  'samplesAsync',
  'probAmplitude',
  'probAmplitudeWithError',
  'evolve',
  'estimate',
]);

/** Checks that what loaded is our addon (and not, say, a stale build missing entry points). */
function asBinding(candidate: unknown): NativeBinding {
  const missing = NATIVE_FUNCTIONS.filter(
    (name) => typeof (candidate as Record<string, unknown> | null)?.[name] !== 'function',
  );
  if (missing.length > 0) {
    throw new Error(`it loaded but is not a compatible bosonic addon (missing ${missing.join(', ')})`);
  }
  return candidate as NativeBinding;
}

/**
 * Loads the native addon from the first working location (see the module comment).
 * @throws NativeBindingError listing every path tried, with how to build the addon from source.
 */
export function loadNativeBinding(
  environment: LoaderEnvironment = defaultLoaderEnvironment(),
): NativeBinding {
  const attempts: LoadAttempt[] = [];
  const tryLoad = (path: string): NativeBinding | undefined => {
    try {
      return asBinding(environment.load(path));
    } catch (error) {
      attempts.push({ path, error: describe(error) });
      return undefined;
    }
  };

  const override = environment.env[NATIVE_LIBRARY_PATH_ENV];
  let tuple: string | undefined;
  if (override) {
    const binding = tryLoad(override);
    if (binding) return binding;
  } else {
    tuple = platformTuple(environment.platform, environment.arch, environment.isMusl);
    const binding =
      tryLoad(join(environment.packageRoot, `${BINARY_NAME}.${tuple}.node`)) ??
      tryLoad(`${PACKAGE_NAME}-${tuple}`);
    if (binding) return binding;
  }

  const tried = attempts.map((a) => `  - ${a.path}: ${a.error}`).join('\n');
  const where = override
    ? `from ${NATIVE_LIBRARY_PATH_ENV}=${override}`
    : `for ${tuple} (${environment.platform} ${environment.arch})`;
  throw new NativeBindingError(
    `${PACKAGE_NAME}: could not load the native simulator ${where}.\n` +
      `Tried:\n${tried}\n` +
      'Prebuilt binaries exist for linux x64/arm64 (glibc, musl) and macOS x64/arm64; on another platform, or ' +
      'if the optional dependency was not installed, build it from source with a Rust toolchain ' +
      `(https://rustup.rs): pnpm --filter ${PACKAGE_NAME} build:native — or set ${NATIVE_LIBRARY_PATH_ENV} to ` +
      'the path of a built .node file.',
    attempts,
  );
}

let cached: NativeBinding | undefined;

/**
 * The native addon, loaded on first use and cached. A failed load is not cached, so building the addon and
 * calling again works without restarting the process.
 * @throws NativeBindingError when no addon can be loaded.
 */
export function nativeBinding(): NativeBinding {
  cached ??= loadNativeBinding();
  return cached;
}
