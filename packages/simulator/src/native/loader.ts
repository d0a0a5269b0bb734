/**
 * Finds and loads the native addon, lazily (on first use), so importing `@bosonic/simulator` never throws.
 *
 * Order (first success wins), in the spirit of lightningcss's hand-written loader:
 * 1. `BOSONIC_NATIVE_LIBRARY_PATH`, when set: that file and nothing else, so a wrong override fails loudly;
 * 2. the platform package `@bosonic/simulator-<platform>-<arch>[-<abi>]`, an optional dependency that npm installs
 *    only on its platform (in a source checkout it is the workspace folder `npm/<tuple>/`, where the build puts
 *    the addon, so a checkout and an npm install load the same way).
 *
 * When nothing loads, the error lists every path tried with its failure and says what to do: reinstall when the
 * platform has a prebuilt package, build from source when it has none, build in a source checkout.
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
/** The build script of a source checkout, relative to the package (not published). */
const BUILD_SCRIPT = 'scripts/build-native.mjs';

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
  /** The platform tuples with a prebuilt package (the `optionalDependencies` of `@bosonic/simulator`). */
  prebuilt: readonly string[];
  /** Whether this is a source checkout (the addon is built by `scripts/build-native.mjs`, not installed). */
  sourceCheckout: boolean;
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

interface OwnManifest {
  name?: string;
  optionalDependencies?: Record<string, string>;
}

/** This package's manifest and its directory, found from the running file (src/ in tests, dist/ when built). */
function findOwnManifest(): { root: string; manifest: OwnManifest } {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const path = join(dir, 'package.json');
    if (existsSync(path)) {
      try {
        const manifest = JSON.parse(readFileSync(path, 'utf8')) as OwnManifest;
        if (manifest.name === PACKAGE_NAME) return { root: dir, manifest };
      } catch {
        // An unreadable manifest is not ours; keep climbing.
      }
    }
    const parent = dirname(dir);
    if (parent === dir) return { root: dirname(fileURLToPath(import.meta.url)), manifest: {} };
    dir = parent;
  }
}

/** The platform tuples named by `@bosonic/simulator-<tuple>` optional dependencies. */
export function prebuiltTuples(optionalDependencies: Record<string, string> = {}): string[] {
  const prefix = `${PACKAGE_NAME}-`;
  return Object.keys(optionalDependencies)
    .filter((name) => name.startsWith(prefix))
    .map((name) => name.slice(prefix.length));
}

/** The real environment of this process. */
export function defaultLoaderEnvironment(): LoaderEnvironment {
  const require = createRequire(import.meta.url);
  const { root, manifest } = findOwnManifest();
  return {
    env: process.env,
    platform: process.platform,
    arch: process.arch,
    isMusl: detectMusl,
    prebuilt: prebuiltTuples(manifest.optionalDependencies),
    sourceCheckout: existsSync(join(root, BUILD_SCRIPT)),
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
  'mpsPlan',
  'mpsTruncationError',
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
  if (override) {
    const binding = tryLoad(override);
    if (binding) return binding;
    throw new NativeBindingError(
      `${PACKAGE_NAME}: could not load the native simulator from ${NATIVE_LIBRARY_PATH_ENV}=${override}: ` +
        `${attempts[0]?.error}. Unset ${NATIVE_LIBRARY_PATH_ENV} to use the installed addon, or point it at a ` +
        'built .node file.',
      attempts,
    );
  }

  const tuple = platformTuple(environment.platform, environment.arch, environment.isMusl);
  const platformPackage = `${PACKAGE_NAME}-${tuple}`;
  const binding = tryLoad(platformPackage);
  if (binding) return binding;

  const failure = attempts[0]?.error ?? '';
  let advice: string;
  if (environment.sourceCheckout) {
    advice =
      'This is a source checkout: build the addon (Rust toolchain required, https://rustup.rs) with `pnpm build` ' +
      `at the repository root, or \`node ${BUILD_SCRIPT}\` in packages/simulator.`;
  } else if (environment.prebuilt.includes(tuple)) {
    advice = failure.startsWith(`Cannot find module '${platformPackage}'`)
      ? `Its binary comes in ${platformPackage}, an optional dependency that was not installed (npm leaves optional ` +
        'dependencies out with --omit=optional, and a package-lock.json written on another platform can miss ' +
        `it). Install it: npm install ${PACKAGE_NAME}; if it is still missing, delete node_modules and ` +
        'package-lock.json and run npm install again.'
      : `${platformPackage} is installed but its binary did not load (the error above); reinstall it with ` +
        `npm install ${PACKAGE_NAME}.`;
  } else {
    advice =
      `There is no prebuilt binary for ${tuple} (prebuilt: ${environment.prebuilt.join(', ')}). Build one from ` +
      'the bosonic sources with a Rust toolchain (https://rustup.rs): `cargo build --release -p bosonic-node` in ' +
      `packages/simulator, then set ${NATIVE_LIBRARY_PATH_ENV} to the built library (target/release/` +
      'libbosonic_node.so, .dylib on macOS).';
  }
  throw new NativeBindingError(
    `${PACKAGE_NAME}: could not load the native simulator for ${tuple} (${environment.platform} ` +
      `${environment.arch}): ${platformPackage}: ${failure}\n${advice}`,
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
