import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AuthenticationError } from '@bosonic/core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { RpcClient } from '../rpc/rpc-client.js';
import { openRpcClient } from './open-client.js';

describe('openRpcClient', () => {
  let dir: string;
  let env: Record<string, string | undefined>;
  const clients: RpcClient[] = [];

  beforeEach(() => {
    // An empty config directory: only the environment below configures the client.
    dir = mkdtempSync(join(tmpdir(), 'bosonic-open-'));
    env = { BOSONIC_CONFIG_DIR: dir };
  });

  afterEach(async () => {
    await Promise.all(clients.splice(0).map((client) => client.close()));
    rmSync(dir, { recursive: true, force: true });
  });

  const open = (options: Parameters<typeof openRpcClient>[0]): RpcClient => {
    const client = openRpcClient(options);
    clients.push(client);
    return client;
  };

  it('fills the URL and token from the environment, the arguments winning', () => {
    env.BOSONIC_CLOUD_URL = 'http://127.0.0.1:8421/';
    env.BOSONIC_CLOUD_TOKEN = 'env-token';
    const fromEnv = open({ env });
    expect(fromEnv.url).toBe('http://127.0.0.1:8421');
    const reference = new RpcClient({ url: 'http://127.0.0.1:8421', token: 'env-token' });
    clients.push(reference);
    expect(fromEnv.account).toBe(reference.account);

    const fromArguments = open({ env, url: 'http://127.0.0.1:9000', token: 'arg-token' });
    expect(fromArguments.url).toBe('http://127.0.0.1:9000');
    const argReference = new RpcClient({ url: 'http://127.0.0.1:9000', token: 'arg-token' });
    clients.push(argReference);
    expect(fromArguments.account).toBe(argReference.account);
  });

  it('defaults to the Quandela Cloud, and needs a token', () => {
    expect(open({ env, token: 't' }).url).toBe('https://api.cloud.quandela.com');
    expect(() => openRpcClient({ env })).toThrow(AuthenticationError);
  });
});
