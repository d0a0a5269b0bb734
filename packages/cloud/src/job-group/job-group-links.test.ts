import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AuthenticationError } from '@bosonic/core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ReloadedJobLinks } from './job-group-links.js';

describe('ReloadedJobLinks', () => {
  let home: string;
  let env: Record<string, string>;
  const opened: ReloadedJobLinks[] = [];

  beforeEach(() => {
    home = mkdtempSync(join(tmpdir(), 'bosonic-links-'));
    env = { BOSONIC_CONFIG_DIR: join(home, 'config'), BOSONIC_CLOUD_TOKEN: 'env-token' };
  });

  afterEach(async () => {
    await Promise.all(opened.splice(0).map((links) => links.close()));
    rmSync(home, { recursive: true, force: true });
  });

  const links = (...args: ConstructorParameters<typeof ReloadedJobLinks>): ReloadedJobLinks => {
    const made = new ReloadedJobLinks(...args);
    opened.push(made);
    return made;
  };

  it('opens one client per cloud URL and one link per URL and platform', () => {
    const reloaded = links({ refreshIntervalMs: 10 }, env);
    const slos = reloaded.linkFor('http://127.0.0.1:9/', 'sim:slos');
    expect(reloaded.linkFor('http://127.0.0.1:9/', 'sim:slos')).toBe(slos);
    const naive = reloaded.linkFor('http://127.0.0.1:9/', 'sim:naive');
    expect(naive).not.toBe(slos);
    expect(naive.rpc).toBe(slos.rpc);
    expect(naive).toMatchObject({ platform: 'sim:naive', refreshIntervalMs: 10 });
    const elsewhere = reloaded.linkFor('http://127.0.0.2:9/', 'sim:slos');
    expect(elsewhere.rpc).not.toBe(slos.rpc);
  });

  it('takes the token given, else the configured one, and refuses to go on without one', () => {
    const given = links({ token: 'given-token' }, env).linkFor('http://127.0.0.1:9/', 'sim:slos');
    const configured = links({}, env).linkFor('http://127.0.0.1:9/', 'sim:slos');
    // The account is the URL and a digest of the token: different tokens, different accounts.
    expect(given.rpc.account).not.toBe(configured.rpc.account);
    const { BOSONIC_CLOUD_TOKEN: _, ...tokenless } = env;
    expect(() => links({}, tokenless).linkFor('http://127.0.0.1:9/', 'sim:slos')).toThrow(
      AuthenticationError,
    );
  });

  it('closes the clients it opened', async () => {
    const reloaded = links({}, env);
    const { rpc } = reloaded.linkFor('http://127.0.0.1:9/', 'sim:slos');
    expect(rpc.closed).toBe(false);
    await reloaded.close();
    expect(rpc.closed).toBe(true);
  });
});
