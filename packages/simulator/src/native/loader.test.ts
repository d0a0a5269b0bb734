import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  defaultLoaderEnvironment,
  type LoaderEnvironment,
  loadNativeBinding,
  NATIVE_FUNCTIONS,
  NATIVE_LIBRARY_PATH_ENV,
  NativeBindingError,
  nativeBinding,
  platformTuple,
  prebuiltTuples,
} from './loader.js';

const manifest = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {
  optionalDependencies: Record<string, string>;
};

/** A loader environment where nothing exists unless listed in `modules`. */
function environment(overrides: Partial<LoaderEnvironment> & { modules?: Record<string, unknown> }): {
  env: LoaderEnvironment;
  loaded: string[];
} {
  const loaded: string[] = [];
  const modules = overrides.modules ?? {};
  return {
    loaded,
    env: {
      env: {},
      platform: 'linux',
      arch: 'x64',
      isMusl: () => false,
      prebuilt: [
        'linux-x64-gnu',
        'linux-arm64-gnu',
        'linux-x64-musl',
        'linux-arm64-musl',
        'darwin-x64',
        'darwin-arm64',
      ],
      sourceCheckout: false,
      load: (id) => {
        loaded.push(id);
        if (id in modules) return modules[id];
        throw new Error(`Cannot find module '${id}'\nRequire stack: ...`);
      },
      ...overrides,
    },
  };
}

const fakeAddon = Object.fromEntries(NATIVE_FUNCTIONS.map((name) => [name, () => undefined]));

describe('platformTuple', () => {
  it('follows the napi-rs naming of the published binaries', () => {
    expect(platformTuple('linux', 'x64', () => false)).toBe('linux-x64-gnu');
    expect(platformTuple('linux', 'arm64', () => true)).toBe('linux-arm64-musl');
    expect(platformTuple('darwin', 'arm64', () => false)).toBe('darwin-arm64');
    expect(platformTuple('darwin', 'x64', () => false)).toBe('darwin-x64');
    expect(platformTuple('win32', 'x64', () => false)).toBe('win32-x64-msvc');
  });

  it('only asks about musl on Linux', () => {
    const isMusl = (): boolean => {
      throw new Error('should not be called');
    };
    expect(platformTuple('darwin', 'x64', isMusl)).toBe('darwin-x64');
  });
});

/** The error `loadNativeBinding` throws in `env`. */
function loadError(env: LoaderEnvironment): NativeBindingError {
  try {
    loadNativeBinding(env);
  } catch (error) {
    expect(error).toBeInstanceOf(NativeBindingError);
    return error as NativeBindingError;
  }
  return expect.unreachable('expected loadNativeBinding to throw');
}

describe('loadNativeBinding', () => {
  it('loads the platform package of this platform', () => {
    const { env, loaded } = environment({
      isMusl: () => true,
      modules: { '@bosonic/simulator-linux-x64-musl': fakeAddon },
    });
    expect(loadNativeBinding(env)).toBe(fakeAddon);
    expect(loaded).toEqual(['@bosonic/simulator-linux-x64-musl']);
  });

  it('loads only the override when BOSONIC_NATIVE_LIBRARY_PATH is set', () => {
    const { env, loaded } = environment({
      env: { [NATIVE_LIBRARY_PATH_ENV]: '/custom/addon.node' },
      modules: { '/custom/addon.node': fakeAddon, '@bosonic/simulator-linux-x64-gnu': fakeAddon },
    });
    expect(loadNativeBinding(env)).toBe(fakeAddon);
    expect(loaded).toEqual(['/custom/addon.node']);
  });

  it('names a broken override instead of silently using another addon', () => {
    const { env, loaded } = environment({
      env: { [NATIVE_LIBRARY_PATH_ENV]: '/missing.node' },
      modules: { '@bosonic/simulator-linux-x64-gnu': fakeAddon },
    });
    const error = loadError(env);
    expect(loaded).toEqual(['/missing.node']);
    expect(error.message).toContain(
      "BOSONIC_NATIVE_LIBRARY_PATH=/missing.node: Cannot find module '/missing.node'",
    );
    expect(error.message).toContain('Unset BOSONIC_NATIVE_LIBRARY_PATH');
  });

  it('tells an npm user whose optional platform package is missing to reinstall, not to build', () => {
    const error = loadError(environment({}).env);
    expect(error.code).toBe('ERR_NATIVE_BINDING');
    expect(error.name).toBe('NativeBindingError');
    expect(error.attempts.map((a) => a.path)).toEqual(['@bosonic/simulator-linux-x64-gnu']);
    expect(error.message).toContain('could not load the native simulator for linux-x64-gnu (linux x64)');
    expect(error.message).toContain(
      "@bosonic/simulator-linux-x64-gnu: Cannot find module '@bosonic/simulator-linux-x64-gnu'",
    );
    expect(error.message).toContain('an optional dependency that was not installed');
    expect(error.message).toContain('--omit=optional');
    expect(error.message).toContain('npm install @bosonic/simulator');
    expect(error.message).not.toMatch(/pnpm|--filter|build:native|Require stack/);
  });

  it('says that an installed platform package failed to load, with its error', () => {
    const error = loadError(
      environment({
        load: () => {
          throw new Error('/lib/x86_64-linux-gnu/libc.so.6: version `GLIBC_2.99` not found');
        },
      }).env,
    );
    expect(error.message).toContain(
      '@bosonic/simulator-linux-x64-gnu: /lib/x86_64-linux-gnu/libc.so.6: version',
    );
    expect(error.message).toContain('is installed but its binary did not load');
  });

  it('on a platform without a prebuilt package, lists the prebuilt ones and how to build from source', () => {
    const error = loadError(environment({ platform: 'freebsd', arch: 'riscv64' }).env);
    expect(error.attempts.map((a) => a.path)).toEqual(['@bosonic/simulator-freebsd-riscv64']);
    expect(error.message).toContain(
      'There is no prebuilt binary for freebsd-riscv64 (prebuilt: linux-x64-gnu, ',
    );
    expect(error.message).toContain('cargo build --release -p bosonic-node');
    expect(error.message).toContain(NATIVE_LIBRARY_PATH_ENV);
  });

  it('in a source checkout, says how to build the addon', () => {
    const error = loadError(environment({ sourceCheckout: true }).env);
    expect(error.message).toContain('This is a source checkout');
    expect(error.message).toContain('node scripts/build-native.mjs');
  });

  it('rejects a module that is not a compatible addon (e.g. a stale build)', () => {
    const { env } = environment({ modules: { '@bosonic/simulator-linux-x64-gnu': { permanent: () => 1 } } });
    expect(loadError(env).message).toContain('not a compatible bosonic addon (missing probsSync');
  });

  it('reports a real load failure of the override through the real environment', () => {
    const real = defaultLoaderEnvironment();
    const env = { ...real, env: { [NATIVE_LIBRARY_PATH_ENV]: '/nonexistent/bosonic.node' } };
    expect(loadError(env).attempts).toEqual([
      { path: '/nonexistent/bosonic.node', error: "Cannot find module '/nonexistent/bosonic.node'" },
    ]);
  });
});

describe('defaultLoaderEnvironment', () => {
  it('reads the prebuilt platforms from the optional dependencies and knows it runs in a source checkout', () => {
    const real = defaultLoaderEnvironment();
    expect(real.prebuilt).toEqual(prebuiltTuples(manifest.optionalDependencies));
    expect(real.prebuilt).toContain('linux-x64-gnu');
    expect(real.sourceCheckout).toBe(true);
  });

  it('prebuiltTuples keeps only the platform packages of @bosonic/simulator', () => {
    expect(
      prebuiltTuples({ '@bosonic/simulator-darwin-arm64': '0.1.0', fsevents: '2', '@bosonic/core': '0.1.0' }),
    ).toEqual(['darwin-arm64']);
    expect(prebuiltTuples(undefined)).toEqual([]);
  });
});

describe('nativeBinding', () => {
  it("loads the addon the build put in this checkout's platform package", () => {
    const binding = nativeBinding();
    expect(typeof binding.permanent).toBe('function');
    expect(binding.napiVersion).toBeLessThanOrEqual(8);
    expect(nativeBinding()).toBe(binding);
  });
});
