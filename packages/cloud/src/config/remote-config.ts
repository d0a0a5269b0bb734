import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ValidationError } from '@bosonic/core';
import { QUANDELA_CLOUD_URL } from '@bosonic/protocol';
import { type Environment, userConfigDir } from './user-dirs.js';
import { writeAtomically } from './write-atomically.js';

/** Where a setting came from. */
export type SettingSource = 'argument' | 'environment' | 'config file' | 'default';

/** Values given directly (they win over the environment and the config file). */
export interface RemoteConfigOptions {
  token?: string;
  url?: string;
  proxy?: string;
  /** Environment to read instead of `process.env` (for tests and embedding). */
  env?: Environment;
}

/** The `remote` section of the config file. `null` in {@link RemoteConfig.save} removes a key. */
export interface RemoteSettings {
  token?: string | null;
  url?: string | null;
  proxy?: string | null;
}

/** The config file's name inside the user config directory. */
export const CONFIG_FILE_NAME = 'config.json';

/** Token environment variables, in the order they are read (bosonic's, then Perceval's). */
export const TOKEN_ENV_VARS = ['BOSONIC_CLOUD_TOKEN', 'PCVL_CLOUD_TOKEN'] as const;

const URL_ENV_VAR = 'BOSONIC_CLOUD_URL';
const PROXY_ENV_VAR = 'BOSONIC_CLOUD_PROXY';

/**
 * Where the cloud client finds its token, URL and proxy (Perceval's `RemoteConfig`, extended):
 *
 * - token: the argument, then `BOSONIC_CLOUD_TOKEN`, then Perceval's `PCVL_CLOUD_TOKEN`, then `remote.token`
 *   in the config file; none → `undefined` (the client then refuses to connect with an AuthenticationError);
 * - url: the argument, then `BOSONIC_CLOUD_URL`, then `remote.url`, then `https://api.cloud.quandela.com`;
 * - proxy: the argument, then `BOSONIC_CLOUD_PROXY`, then `remote.proxy`; none → direct connections.
 *
 * The config file is `config.json` in the user config directory ({@link userConfigDir}; `BOSONIC_CONFIG_DIR`
 * overrides it): `{"remote": {"token": "…", "url": "…", "proxy": "…"}}`. It is read only when a value is not
 * given otherwise, and once per instance. A file holding a token is written with mode 0600 (owner only).
 */
export class RemoteConfig {
  readonly #options: RemoteConfigOptions;
  readonly #env: Environment;
  #file: RemoteSettings | undefined;

  /** @throws ValidationError naming the field for a given value that is not a non-empty string. */
  constructor(options: RemoteConfigOptions = {}) {
    if (options === null || typeof options !== 'object') {
      throw new ValidationError('RemoteConfig options must be an object', { field: 'options' });
    }
    for (const key of ['token', 'url', 'proxy'] as const) {
      const value = options[key];
      if (value !== undefined && (typeof value !== 'string' || value.trim() === '')) {
        throw new ValidationError(`${key} must be a non-empty string`, { field: key });
      }
    }
    this.#options = options;
    this.#env = options.env ?? process.env;
  }

  /** The config file's path for this environment. */
  get configFile(): string {
    return RemoteConfig.configFilePath(this.#env);
  }

  /** The token, or undefined when none is configured anywhere. */
  get token(): string | undefined {
    return this.#resolveToken().value;
  }

  /** Where {@link token} came from (`'default'` meaning: nowhere). */
  get tokenSource(): SettingSource {
    return this.#resolveToken().source;
  }

  /** The cloud's base URL. */
  get url(): string {
    return (
      this.#options.url ?? nonEmpty(this.#env[URL_ENV_VAR]) ?? this.#fileSettings().url ?? QUANDELA_CLOUD_URL
    );
  }

  /** The proxy URL, or undefined for direct connections. */
  get proxy(): string | undefined {
    return (
      this.#options.proxy ?? nonEmpty(this.#env[PROXY_ENV_VAR]) ?? this.#fileSettings().proxy ?? undefined
    );
  }

  /** The config file's path: `<user config dir>/config.json`. */
  static configFilePath(env: Environment = process.env): string {
    return join(userConfigDir(env), CONFIG_FILE_NAME);
  }

  /**
   * Reads the `remote` section of the config file; `{}` when the file does not exist.
   * @throws ValidationError (field `configFile`) when the file is not JSON or its values are not strings.
   */
  static readFile(env: Environment = process.env): RemoteSettings {
    const path = RemoteConfig.configFilePath(env);
    const document = readDocument(path);
    const remote = document.remote;
    if (remote === undefined || remote === null) return {};
    if (typeof remote !== 'object' || Array.isArray(remote)) {
      throw new ValidationError(`${path}: "remote" must be an object`, { field: 'configFile' });
    }
    const settings: RemoteSettings = {};
    for (const key of ['token', 'url', 'proxy'] as const) {
      const value = (remote as Record<string, unknown>)[key];
      if (value === undefined || value === null) continue;
      if (typeof value !== 'string') {
        throw new ValidationError(`${path}: remote.${key} must be a string`, { field: 'configFile' });
      }
      if (value.trim() !== '') settings[key] = value;
    }
    return settings;
  }

  /**
   * Writes settings into the config file's `remote` section, keeping the file's other keys and sections
   * (`null` removes a key). The file is replaced atomically; when it holds a token its mode is 0600 and its
   * directory's 0700, so only the owner can read it.
   * @returns the file's path.
   * @throws ValidationError naming the field for a value that is not a string or null.
   */
  static save(settings: RemoteSettings, env: Environment = process.env): string {
    if (settings === null || typeof settings !== 'object') {
      throw new ValidationError('settings must be an object', { field: 'settings' });
    }
    const path = RemoteConfig.configFilePath(env);
    const document = readDocument(path);
    const remote: Record<string, unknown> =
      document.remote !== null && typeof document.remote === 'object' && !Array.isArray(document.remote)
        ? { ...(document.remote as Record<string, unknown>) }
        : {};
    for (const key of ['token', 'url', 'proxy'] as const) {
      const value = settings[key];
      if (value === undefined) continue;
      if (value === null) {
        delete remote[key];
        continue;
      }
      if (typeof value !== 'string' || value.trim() === '') {
        throw new ValidationError(`${key} must be a non-empty string or null`, { field: key });
      }
      remote[key] = value;
    }
    const secret = typeof remote.token === 'string';
    writeAtomically(path, `${JSON.stringify({ ...document, remote }, null, 2)}\n`, secret ? 0o600 : 0o644);
    return path;
  }

  #resolveToken(): { value: string | undefined; source: SettingSource } {
    if (this.#options.token !== undefined) return { value: this.#options.token, source: 'argument' };
    for (const name of TOKEN_ENV_VARS) {
      const value = nonEmpty(this.#env[name]);
      if (value !== undefined) return { value: value.trim(), source: 'environment' };
    }
    const fromFile = this.#fileSettings().token;
    if (fromFile) return { value: fromFile.trim(), source: 'config file' };
    return { value: undefined, source: 'default' };
  }

  #fileSettings(): RemoteSettings {
    this.#file ??= RemoteConfig.readFile(this.#env);
    return this.#file;
  }
}

function readDocument(path: string): Record<string, unknown> {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return {};
    throw new ValidationError(`Cannot read the config file ${path}: ${(error as Error).message}`, {
      field: 'configFile',
      cause: error,
    });
  }
  if (text.trim() === '') return {};
  let document: unknown;
  try {
    document = JSON.parse(text);
  } catch (error) {
    throw new ValidationError(`The config file ${path} is not valid JSON: ${(error as Error).message}`, {
      field: 'configFile',
      cause: error,
    });
  }
  if (document === null || typeof document !== 'object' || Array.isArray(document)) {
    throw new ValidationError(`The config file ${path} must hold a JSON object`, { field: 'configFile' });
  }
  return document as Record<string, unknown>;
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === '' ? undefined : value;
}
