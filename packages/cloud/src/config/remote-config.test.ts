import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ValidationError } from '@bosonic/core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CONFIG_FILE_NAME, RemoteConfig, TOKEN_ENV_VARS } from './remote-config.js';
import { userConfigDir, userDataDir } from './user-dirs.js';

describe('RemoteConfig', () => {
  let dir: string;
  let env: Record<string, string | undefined>;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'bosonic-config-'));
    env = { BOSONIC_CONFIG_DIR: dir };
  });

  afterEach(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  const writeConfig = (document: unknown): void =>
    writeFileSync(join(dir, 'config.json'), JSON.stringify(document), 'utf8');

  it('takes the token from the argument, then BOSONIC_CLOUD_TOKEN, then PCVL_CLOUD_TOKEN, then the file', () => {
    writeConfig({ remote: { token: 'from-file' } });
    expect(new RemoteConfig({ env }).token).toBe('from-file');
    expect(new RemoteConfig({ env }).tokenSource).toBe('config file');
    env.PCVL_CLOUD_TOKEN = 'from-perceval-env';
    expect(new RemoteConfig({ env }).token).toBe('from-perceval-env');
    env.BOSONIC_CLOUD_TOKEN = 'from-bosonic-env';
    expect(new RemoteConfig({ env }).token).toBe('from-bosonic-env');
    expect(new RemoteConfig({ env }).tokenSource).toBe('environment');
    expect(new RemoteConfig({ env, token: 'from-argument' }).token).toBe('from-argument');
    expect(new RemoteConfig({ env, token: 'from-argument' }).tokenSource).toBe('argument');
  });

  it('reads the token variables in the order of TOKEN_ENV_VARS, from a config.json in the config dir', () => {
    expect(TOKEN_ENV_VARS).toEqual(['BOSONIC_CLOUD_TOKEN', 'PCVL_CLOUD_TOKEN']);
    expect(CONFIG_FILE_NAME).toBe('config.json');
    expect(RemoteConfig.configFilePath(env)).toBe(join(dir, CONFIG_FILE_NAME));
    for (const [i, name] of TOKEN_ENV_VARS.entries()) env[name] = `token-${i}`;
    expect(new RemoteConfig({ env }).token).toBe('token-0');
  });

  it('has no token when none is configured anywhere', () => {
    const config = new RemoteConfig({ env });
    expect(config.token).toBeUndefined();
    expect(config.tokenSource).toBe('default');
  });

  it('resolves the URL and the proxy the same way, with the Quandela Cloud as default URL', () => {
    expect(new RemoteConfig({ env }).url).toBe('https://api.cloud.quandela.com');
    expect(new RemoteConfig({ env }).proxy).toBeUndefined();
    writeConfig({ remote: { url: 'https://file.example', proxy: 'http://file-proxy:3128' } });
    expect(new RemoteConfig({ env }).url).toBe('https://file.example');
    expect(new RemoteConfig({ env }).proxy).toBe('http://file-proxy:3128');
    env.BOSONIC_CLOUD_URL = 'https://env.example';
    env.BOSONIC_CLOUD_PROXY = 'http://env-proxy:3128';
    expect(new RemoteConfig({ env }).url).toBe('https://env.example');
    expect(new RemoteConfig({ env }).proxy).toBe('http://env-proxy:3128');
    const given = new RemoteConfig({ env, url: 'http://127.0.0.1:8080', proxy: 'http://arg-proxy:1' });
    expect([given.url, given.proxy]).toEqual(['http://127.0.0.1:8080', 'http://arg-proxy:1']);
  });

  it('writes a file holding a token with mode 0600, keeping the other sections', () => {
    writeConfig({ logging: { level: 'debug' }, remote: { url: 'https://kept.example' } });
    const path = RemoteConfig.save({ token: 's3cret' }, env);
    expect(path).toBe(join(dir, 'config.json'));
    if (process.platform !== 'win32') expect(statSync(path).mode & 0o777).toBe(0o600);
    expect(JSON.parse(readFileSync(path, 'utf8'))).toEqual({
      logging: { level: 'debug' },
      remote: { url: 'https://kept.example', token: 's3cret' },
    });
    expect(new RemoteConfig({ env }).token).toBe('s3cret');
    // Removing the token (null) leaves an ordinary file.
    RemoteConfig.save({ token: null }, env);
    expect(RemoteConfig.readFile(env)).toEqual({ url: 'https://kept.example' });
    if (process.platform !== 'win32') expect(statSync(path).mode & 0o777).toBe(0o644);
  });

  it('creates the config directory when it does not exist', () => {
    const nested = { BOSONIC_CONFIG_DIR: join(dir, 'a', 'b') };
    RemoteConfig.save({ url: 'https://x.example' }, nested);
    expect(RemoteConfig.readFile(nested)).toEqual({ url: 'https://x.example' });
  });

  it('names the config file in its errors when it is malformed', () => {
    writeFileSync(join(dir, 'config.json'), '{ not json', 'utf8');
    expect(() => new RemoteConfig({ env }).token).toThrow(ValidationError);
    expect(() => new RemoteConfig({ env }).token).toThrow(/config\.json is not valid JSON/);
    writeConfig({ remote: { token: 42 } });
    expect(() => RemoteConfig.readFile(env)).toThrow(expect.objectContaining({ field: 'configFile' }));
    // A value given directly does not need the file.
    expect(new RemoteConfig({ env, token: 'given', url: 'https://u.example' }).token).toBe('given');
  });

  it('refuses empty or non-string values, naming the field', () => {
    expect(() => new RemoteConfig({ token: '' })).toThrow(expect.objectContaining({ field: 'token' }));
    expect(() => RemoteConfig.save({ url: 3 as unknown as string }, env)).toThrow(
      expect.objectContaining({ field: 'url' }),
    );
  });
});

describe('user directories', () => {
  const home = '/home/ada';

  it('follow each platform convention, and the BOSONIC_* overrides', () => {
    expect(userConfigDir({ HOME: home }, 'linux')).toBe('/home/ada/.config/bosonic');
    expect(userConfigDir({ HOME: home, XDG_CONFIG_HOME: '/xdg' }, 'linux')).toBe('/xdg/bosonic');
    expect(userConfigDir({ HOME: home }, 'darwin')).toBe('/home/ada/Library/Application Support/bosonic');
    expect(userConfigDir({ HOME: home, APPDATA: 'C:/Users/ada/AppData/Roaming' }, 'win32')).toMatch(
      /Roaming.bosonic$/,
    );
    expect(userConfigDir({ HOME: home, BOSONIC_CONFIG_DIR: '/tmp/c' }, 'linux')).toBe('/tmp/c');
    expect(userDataDir({ HOME: home }, 'linux')).toBe('/home/ada/.local/share/bosonic');
    expect(userDataDir({ HOME: home, XDG_DATA_HOME: '/data' }, 'linux')).toBe('/data/bosonic');
    expect(userDataDir({ HOME: home }, 'darwin')).toBe('/home/ada/Library/Application Support/bosonic');
    expect(userDataDir({ HOME: home, LOCALAPPDATA: 'C:/Users/ada/AppData/Local' }, 'win32')).toMatch(
      /Local.bosonic$/,
    );
    expect(userDataDir({ HOME: home, BOSONIC_DATA_DIR: '/tmp/d' }, 'linux')).toBe('/tmp/d');
  });
});
