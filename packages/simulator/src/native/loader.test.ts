import { describe, expect, it } from 'vitest';
import {
  type LoaderEnvironment,
  loadNativeBinding,
  NATIVE_FUNCTIONS,
  NATIVE_LIBRARY_PATH_ENV,
  NativeBindingError,
  nativeBinding,
  platformTuple,
} from './loader.js';

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
      packageRoot: '/opt/pkg',
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

describe('loadNativeBinding', () => {
  it('prefers the locally built addon at the package root', () => {
    const { env, loaded } = environment({ modules: { '/opt/pkg/bosonic.linux-x64-gnu.node': fakeAddon } });
    expect(loadNativeBinding(env)).toBe(fakeAddon);
    expect(loaded).toEqual(['/opt/pkg/bosonic.linux-x64-gnu.node']);
  });

  it('falls back to the platform package', () => {
    const { env, loaded } = environment({
      isMusl: () => true,
      modules: { '@bosonic/simulator-linux-x64-musl': fakeAddon },
    });
    expect(loadNativeBinding(env)).toBe(fakeAddon);
    expect(loaded).toEqual(['/opt/pkg/bosonic.linux-x64-musl.node', '@bosonic/simulator-linux-x64-musl']);
  });

  it('loads only the override when BOSONIC_NATIVE_LIBRARY_PATH is set', () => {
    const { env, loaded } = environment({
      env: { [NATIVE_LIBRARY_PATH_ENV]: '/custom/addon.node' },
      modules: { '/custom/addon.node': fakeAddon, '/opt/pkg/bosonic.linux-x64-gnu.node': fakeAddon },
    });
    expect(loadNativeBinding(env)).toBe(fakeAddon);
    expect(loaded).toEqual(['/custom/addon.node']);
  });

  it('lists every path tried, with its error, and how to build from source when nothing loads', () => {
    const { env } = environment({ platform: 'freebsd', arch: 'riscv64' });
    let thrown: unknown;
    try {
      loadNativeBinding(env);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(NativeBindingError);
    const error = thrown as NativeBindingError;
    expect(error.code).toBe('ERR_NATIVE_BINDING');
    expect(error.name).toBe('NativeBindingError');
    expect(error.attempts.map((a) => a.path)).toEqual([
      '/opt/pkg/bosonic.freebsd-riscv64.node',
      '@bosonic/simulator-freebsd-riscv64',
    ]);
    expect(error.message).toContain('freebsd-riscv64');
    expect(error.message).toContain("/opt/pkg/bosonic.freebsd-riscv64.node: Cannot find module '/opt/pkg/");
    expect(error.message).toContain('@bosonic/simulator-freebsd-riscv64: Cannot find module');
    expect(error.message).toContain('pnpm --filter @bosonic/simulator build:native');
    expect(error.message).toContain(NATIVE_LIBRARY_PATH_ENV);
    expect(error.message).not.toContain('Require stack');
  });

  it('names a broken override instead of silently using another addon', () => {
    const { env } = environment({
      env: { [NATIVE_LIBRARY_PATH_ENV]: '/missing.node' },
      modules: { '/opt/pkg/bosonic.linux-x64-gnu.node': fakeAddon },
    });
    expect(() => loadNativeBinding(env)).toThrow(/BOSONIC_NATIVE_LIBRARY_PATH=\/missing\.node/);
  });

  it('rejects a module that is not a compatible addon (e.g. a stale build)', () => {
    const { env } = environment({
      modules: { '/opt/pkg/bosonic.linux-x64-gnu.node': { permanent: () => 1 } },
    });
    expect(() => loadNativeBinding(env)).toThrow(/not a compatible bosonic addon \(missing probsSync/);
  });

  it('reports a real load failure of the override through the real environment', async () => {
    const { defaultLoaderEnvironment } = await import('./loader.js');
    const real = defaultLoaderEnvironment();
    const env = { ...real, env: { [NATIVE_LIBRARY_PATH_ENV]: '/nonexistent/bosonic.node' } };
    expect(() => loadNativeBinding(env)).toThrow(NativeBindingError);
  });
});

describe('nativeBinding', () => {
  it('loads the addon built by build:native in this checkout', () => {
    const binding = nativeBinding();
    expect(typeof binding.permanent).toBe('function');
    expect(binding.napiVersion).toBeLessThanOrEqual(8);
    expect(nativeBinding()).toBe(binding);
  });
});
