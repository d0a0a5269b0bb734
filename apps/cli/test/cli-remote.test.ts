// The `bosonic` binary against a real self-hosted cloud on 127.0.0.1 (one for the file): remote runs, the job
// commands, login, platforms, and `bosonic serve` itself. Each command is run at least once as the built binary in
// a process of its own (`runCli`: the bundle runs, the process exits once the command is done, with its code);
// the other checks call the CLI's `main` in this process (`runMain`), where a process would prove nothing more.
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { type RunningServer, startServer } from '@bosonic/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  cleanEnv,
  EXAMPLES,
  finished,
  runCli,
  slowExperiment,
  startCli,
  tempDir,
  waitFor,
} from './run-cli.js';
import { runMain } from './run-main.js';

/** A shipped example experiment, by absolute path (`runMain` runs in the test's working directory). */
const example = (name: string): string => join(EXAMPLES, name);

const TOKEN = 'cli-test-token-0123456789';
let server: RunningServer;
let env: NodeJS.ProcessEnv;

beforeAll(async () => {
  server = await startServer({
    dataDir: tempDir('bosonic-server-'),
    tokens: [TOKEN],
    logger: false,
    workers: 1,
  });
  env = cleanEnv({ BOSONIC_CLOUD_URL: server.url, BOSONIC_CLOUD_TOKEN: TOKEN });
});

afterAll(async () => {
  await server?.close();
});

describe('bosonic run --platform', () => {
  it('runs on the cloud and waits for the results', async () => {
    const { code, stdout } = await runCli(['run', 'hom.json', '--platform', 'sim:slos', '--json'], { env });
    expect(code).toBe(0);
    const output = JSON.parse(stdout);
    expect(output.status).toBe('SUCCESS');
    expect(output.jobId).toMatch(/^[0-9a-f-]{36}$/);
    expect(output.results['|2,0>']).toBeCloseTo(0.5, 9);
  });

  it('derives counts client-side on a probs-only platform (the CNOT flips the target)', async () => {
    const args = [
      'run',
      example('cnot-postprocessed.json'),
      '--platform',
      'sim:slos',
      '-c',
      'sample-count',
      '-n',
      '900',
    ];
    const { code, stdout } = await runMain([...args, '--json'], { env });
    expect(code).toBe(0);
    const output = JSON.parse(stdout);
    expect(output.results).toEqual({ '|0,1,0,1>': 900 });
    expect(output.globalPerf).toBeCloseTo(1 / 9, 9);
  });

  it('takes --url and --token from the command line too', async () => {
    const args = [
      'run',
      example('hom.json'),
      '--platform',
      'sim:naive',
      '--url',
      server.url,
      '--token',
      TOKEN,
      '--json',
    ];
    const { code, stdout } = await runMain(args);
    expect(code).toBe(0);
    expect(JSON.parse(stdout).target).toBe(`sim:naive at ${server.url}`);
  });

  it('refuses a bad token with a clear message', async () => {
    const { code, stdout, stderr } = await runMain(
      ['run', example('hom.json'), '--platform', 'sim:slos', '--token', 'wrong'],
      {
        env,
      },
    );
    expect(code).toBe(1);
    expect(stdout).toBe('');
    expect(stderr).toContain('answered 401');
    expect(stderr).toContain('hint: check the token');
    expect(stderr).not.toMatch(/^\s+at /m);
  });

  it('names an unknown platform', async () => {
    const { code, stderr } = await runMain(['run', example('hom.json'), '--platform', 'sim:nope'], { env });
    expect(code).toBe(1);
    expect(stderr).toContain('404');
  });
});

describe('bosonic job', () => {
  it('--async prints the id; status, wait and results follow the job from other processes', async () => {
    const sent = await runCli(
      ['run', 'boson-sampling-12.json', '--platform', 'sim:clifford2017', '-n', '200', '--async'],
      {
        env,
      },
    );
    expect(sent.code).toBe(0);
    const id = sent.stdout.trim();
    expect(id).toMatch(/^[0-9a-f-]{36}$/);

    const status = await runMain(['job', 'status', id, '--json'], { env });
    expect(status.code).toBe(0);
    expect(JSON.parse(status.stdout)).toMatchObject({ id, creationTime: expect.any(String) });

    const waited = await runCli(['job', 'wait', id, '--json'], { env });
    expect(waited.code).toBe(0);
    const output = JSON.parse(waited.stdout);
    expect(output).toMatchObject({ jobId: id, status: 'SUCCESS' });
    expect(Object.values(output.results as Record<string, number>).reduce((s, c) => s + c, 0)).toBe(200);

    const results = await runMain(['job', 'results', id], { env });
    expect(results.code).toBe(0);
    expect(results.stdout).toContain(`job ${id}: SUCCESS`);
    expect(results.stdout).toContain('200 counts in all');

    const rerun = await runMain(['job', 'rerun', id], { env });
    expect(rerun.code).toBe(1);
    expect(rerun.stderr).toContain('SUCCESS');
  });

  it('cancel stops a running job; its partial results stay readable; rerun starts a copy', async () => {
    const slow = slowExperiment();
    const sent = await runMain(['run', slow, '--platform', 'sim:clifford2017', '--async'], { env });
    const id = sent.stdout.trim();
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    // Let it draw some samples first.
    let observed = 0;
    for (let i = 0; i < 100 && observed === 0; i++) {
      const status = JSON.parse((await runMain(['job', 'status', id, '--json'], { env })).stdout);
      if (status.status === 'RUNNING') observed = status.progress;
      if (observed === 0) await new Promise((resolve) => setTimeout(resolve, 200));
    }
    expect(observed).toBeGreaterThan(0);
    const canceled = await runCli(['job', 'cancel', id, '--json'], { env });
    expect(canceled.code).toBe(0);
    expect(['CANCEL_REQUESTED', 'CANCELED']).toContain(JSON.parse(canceled.stdout).status);

    const waited = await runMain(['job', 'wait', id, '--json'], { env });
    expect(waited.code).toBe(0);
    const output = JSON.parse(waited.stdout);
    expect(output.status).toBe('CANCELED');
    expect(output.results.length).toBeGreaterThan(0);
    expect(output.results.length).toBeLessThan(1_000_000);
    // Its status keeps the progress reached when it stopped (not 0 %, not the 100 % of a finished job).
    const stopped = JSON.parse((await runMain(['job', 'status', id, '--json'], { env })).stdout);
    expect(stopped.status).toBe('CANCELED');
    expect(stopped.progress).toBeGreaterThanOrEqual(observed);
    expect(stopped.progress).toBeLessThan(1);
    const shown = (await runMain(['job', 'status', id], { env })).stdout;
    expect(shown).toContain(`job ${id}: CANCELED ${Math.floor(stopped.progress * 100)}%`);

    const rerun = await runMain(['job', 'rerun', id, '--json'], { env });
    expect(rerun.code).toBe(0);
    const copy = JSON.parse(rerun.stdout);
    expect(copy.rerunOf).toBe(id);
    expect(copy.jobId).not.toBe(id);
    await runMain(['job', 'cancel', copy.jobId], { env });
  });

  it('results of an unfinished job: an error saying to wait', async () => {
    const sent = await runMain(['run', slowExperiment(), '--platform', 'sim:clifford2017', '--async'], {
      env,
    });
    const id = sent.stdout.trim();
    const results = await runMain(['job', 'results', id], { env });
    expect(results.code).toBe(1);
    expect(results.stderr).toContain(`bosonic job wait ${id}`);
    const timeout = await runMain(['job', 'wait', id, '--timeout', '1'], { env });
    expect(timeout.code).toBe(1);
    expect(timeout.stderr).toContain('gave up waiting after 1s');
    await runMain(['job', 'cancel', id], { env });
  });

  it('an unknown job id and a bad token', async () => {
    const unknown = await runMain(['job', 'status', 'a0a0a0a0-0000-4000-8000-000000000000'], { env });
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain('404');
    const refused = await runMain(
      ['job', 'status', 'a0a0a0a0-0000-4000-8000-000000000000', '--token', 'bad'],
      { env },
    );
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('hint: check the token');
  });
});

describe('bosonic job list, tag, delete and usage', () => {
  it('names and tags a job at run time, then finds, retags and deletes it', async () => {
    const args = ['run', 'hom.json', '--platform', 'sim:slos', '--json'];
    const hostile = '<img src=x>\u001b[2J';
    const first = await runCli([...args, '--name', hostile, '--tag', 'cli-test', '--tag', 'hom'], { env });
    expect(first.code, first.stderr).toBe(0);
    const id = JSON.parse(first.stdout).jobId as string;
    const other = await runMain(
      ['run', example('hom.json'), '--platform', 'sim:slos', '--json', '--name', 'other run'],
      { env },
    );
    expect(other.code).toBe(0);

    const table = await runCli(['job', 'list', '--tag', 'cli-test'], { env });
    expect(table.code, table.stderr).toBe(0);
    const lines = table.stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^ID\s+NAME\s+PLATFORM\s+STATUS\s+PROGRESS\s+CREATED \(UTC\)\s+DURATION$/);
    expect(lines).toHaveLength(2);
    // The name as created, its escape sequence shown as ? rather than clearing the screen.
    expect(lines[1]).toContain(id);
    expect(lines[1]).toContain('<img src=x>?[2J');
    expect(table.stdout).not.toContain('\u001b');
    expect(lines[1]).toMatch(/sim:slos\s+completed\s+100%/);

    const json = await runMain(['job', 'list', '--json', '--limit', '1'], { env });
    const listed = JSON.parse(json.stdout);
    expect(listed).toHaveLength(1);
    expect(listed[0]).toMatchObject({ name: 'other run', platform: 'sim:slos', status: 'completed' });
    const filtered = await runMain(
      ['job', 'list', '--json', '--name', 'IMG SRC=X', '--status', 'completed'],
      {
        env,
      },
    );
    expect(JSON.parse(filtered.stdout).map((job: { id: string }) => job.id)).toEqual([id]);

    const tagged = await runMain(['job', 'tag', id, 'kept', 'new'], { env });
    expect(tagged.code, tagged.stderr).toBe(0);
    expect(tagged.stdout).toContain('tags kept, new');
    const status = await runMain(['job', 'status', id, '--json'], { env });
    expect(JSON.parse(status.stdout)).toMatchObject({ id, name: hostile, tags: ['kept', 'new'] });

    const deleted = await runCli(['job', 'delete', id], { env });
    expect(deleted.code, deleted.stderr).toBe(0);
    expect(deleted.stdout).toContain(`job ${id}: deleted`);
    const gone = await runMain(['job', 'status', id], { env });
    expect(gone.code).toBe(1);
    expect(gone.stderr).toContain('404');
  });

  it('refuses bad list filters and misplaced flags with a usage error', async () => {
    const badStatus = await runMain(['job', 'list', '--status', 'done'], { env });
    expect(badStatus.code).toBe(2);
    expect(badStatus.stderr).toContain('--status must be one of');
    const badTime = await runMain(['job', 'list', '--created-after', 'yesterday'], { env });
    expect(badTime.code).toBe(1);
    // The server's refusal, naming its query parameter.
    expect(badTime.stderr).toContain('query.created_after: expected a time');
    const misplaced = await runMain(['job', 'status', 'x', '--tag', 'a'], { env });
    expect(misplaced.code).toBe(2);
    expect(misplaced.stderr).toContain('--tag applies to `job list` only');
    const noTags = await runMain(['job', 'tag', 'x'], { env });
    expect(noTags.code).toBe(2);
  });

  it('usage sums the token’s jobs per platform', async () => {
    const since = new Date().toISOString();
    const ran = await runMain(
      ['run', example('hom.json'), '--platform', 'sim:naive', '-c', 'sample-count', '-n', '300'],
      { env },
    );
    expect(ran.code, ran.stderr).toBe(0);
    const report = await runMain(['usage', '--since', since, '--json'], { env });
    expect(report.code, report.stderr).toBe(0);
    expect(JSON.parse(report.stdout)).toMatchObject({
      since,
      until: null,
      platforms: [{ platform: 'sim:naive', jobs: 1, runSeconds: expect.any(Number), samples: 0 }],
    });
    const text = await runCli(['usage'], { env });
    expect(text.stdout).toMatch(/^PLATFORM\s+JOBS\s+RUN TIME\s+SAMPLES$/m);
    expect(text.stdout).toMatch(/^sim:naive\s+\d+\s/m);
  });
});

describe('bosonic platforms', () => {
  it('lists the self-hosted platforms with their commands and limits', async () => {
    const { code, stdout } = await runMain(['platforms', '--json'], { env });
    expect(code).toBe(0);
    const { url, platforms } = JSON.parse(stdout);
    expect(url).toBe(server.url);
    expect(platforms.map((p: { name: string }) => p.name)).toEqual([
      'sim:slos',
      'sim:naive',
      'sim:clifford2017',
    ]);
    expect(platforms[2].commands).toEqual(['samples']);
    const text = await runMain(['platforms'], { env });
    expect(text.stdout).toMatch(/^sim:slos\s+available\s+simulator\s+probs/m);
    const unknown = await runMain(['platforms', 'sim:slos', 'qpu:nowhere'], { env });
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain('unknown platform: qpu:nowhere');
    const none = await runCli(['platforms', 'sim:nope'], { env });
    expect(none).toMatchObject({ code: 1, stdout: '' });
    expect(none.stderr).toBe('unknown platform: sim:nope\n');
  });
});

describe('bosonic login', () => {
  it('checks the token, then stores it with the URL in a 0600 config file', async () => {
    const configDir = tempDir('bosonic-login-');
    const loginEnv = cleanEnv({ BOSONIC_CONFIG_DIR: configDir });
    const { code, stdout } = await runMain(['login', '--url', server.url, '--token', TOKEN], {
      env: loginEnv,
    });
    expect(code).toBe(0);
    expect(stdout).toContain('readable only by you');
    const file = join(configDir, 'config.json');
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(JSON.parse(readFileSync(file, 'utf8')).remote).toEqual({ url: server.url, token: TOKEN });
    // Later commands need neither --url nor --token.
    const run = await runCli(['run', 'hom.json', '--platform', 'sim:slos', '--json'], { env: loginEnv });
    expect(run.code).toBe(0);
  });

  it('reads the token from stdin', async () => {
    const configDir = tempDir('bosonic-login-');
    const { code } = await runCli(['login', '--url', server.url], {
      env: cleanEnv({ BOSONIC_CONFIG_DIR: configDir }),
      input: `${TOKEN}\n`,
    });
    expect(code).toBe(0);
    expect(JSON.parse(readFileSync(join(configDir, 'config.json'), 'utf8')).remote.token).toBe(TOKEN);
  });

  it('refuses a token the cloud rejects, and stores nothing', async () => {
    const configDir = tempDir('bosonic-login-');
    const { code, stderr } = await runMain(['login', '--url', server.url, '--token', 'not-a-token'], {
      env: cleanEnv({ BOSONIC_CONFIG_DIR: configDir }),
    });
    expect(code).toBe(1);
    expect(stderr).toContain('401');
    expect(() => statSync(join(configDir, 'config.json'))).toThrow();
  });
});

describe('bosonic serve', () => {
  it('prints the URL and, on a first start without a token, the created token; SIGTERM closes it', async () => {
    const dataDir = tempDir('bosonic-serve-');
    const serve = startCli(['serve', '--port', '0', '--data-dir', dataDir, '--json'], { env: cleanEnv() });
    const done = finished(serve);
    let stdout = '';
    serve.stdout?.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
    });
    await waitFor(() => stdout, /"createdToken"[\s\S]*\}\n/);
    const started = JSON.parse(stdout);
    expect(started.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(started.createdToken).toEqual(expect.any(String));

    const platforms = await runMain([
      'platforms',
      'sim:slos',
      '--url',
      started.url,
      '--token',
      started.createdToken,
    ]);
    expect(platforms.code).toBe(0);

    serve.kill('SIGTERM');
    expect((await done).code).toBe(0);

    // A second start on the same data keeps the stored token and creates none.
    const again = startCli(['serve', '--port', '0', '--data-dir', dataDir, '--json'], { env: cleanEnv() });
    const againDone = finished(again);
    let againOut = '';
    again.stdout?.on('data', (chunk: Buffer) => {
      againOut += chunk.toString();
    });
    await waitFor(() => againOut, /\}\n/);
    expect(JSON.parse(againOut).createdToken).toBeUndefined();
    const status = await runMain([
      'platforms',
      'sim:slos',
      '--url',
      JSON.parse(againOut).url,
      '--token',
      started.createdToken,
    ]);
    expect(status.code).toBe(0);
    again.kill('SIGINT');
    expect((await againDone).code).toBe(0);
  });

  it('takes tokens from --token-file and BOSONIC_SERVER_TOKENS, and with --json logs JSON lines on stderr', async () => {
    const dataDir = tempDir('bosonic-serve-');
    const tokenFile = join(tempDir('bosonic-tokens-'), 'tokens');
    writeFileSync(tokenFile, '# team\ntoken-from-file-1234\n', { mode: 0o644 });
    const serve = startCli(
      ['serve', '--port', '0', '--data-dir', dataDir, '--token-file', tokenFile, '--json'],
      {
        env: cleanEnv({ BOSONIC_SERVER_TOKENS: 'token-from-env-5678, token-from-env-9012' }),
      },
    );
    const done = finished(serve);
    let stdout = '';
    serve.stdout?.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
    });
    await waitFor(() => stdout, /\}\n/);
    const { url, createdToken } = JSON.parse(stdout);
    expect(createdToken).toBeUndefined();
    for (const token of ['token-from-file-1234', 'token-from-env-5678', 'token-from-env-9012']) {
      expect((await runMain(['platforms', 'sim:slos', '--url', url, '--token', token])).code, token).toBe(0);
    }
    expect(
      (await runMain(['platforms', 'sim:slos', '--url', url, '--token', 'token-unknown-0000'])).code,
    ).not.toBe(0);
    serve.kill('SIGTERM');
    const { code, stderr } = await done;
    expect(code).toBe(0);
    const logged = stderr
      .split('\n')
      .filter((line) => line.startsWith('{'))
      .map((line) => JSON.parse(line) as { level: number; msg: string });
    expect(logged).toContainEqual(
      expect.objectContaining({
        level: 40,
        msg: `The token file ${tokenFile} is readable by other users: chmod 600 it`,
      }),
    );
    expect(logged).toContainEqual(expect.objectContaining({ level: 30, msg: 'bosonic server listening' }));
  });

  it('writes the URL on stdout and a log of text lines on stderr; -q keeps the warnings only', async () => {
    const tokenFile = join(tempDir('bosonic-tokens-'), 'tokens');
    // Readable by others: a warning the server logs at start.
    writeFileSync(tokenFile, 'token-from-file-1234\n', { mode: 0o644 });
    const run = async (extra: string[]): Promise<{ stdout: string; stderr: string }> => {
      const serve = startCli(
        [
          'serve',
          '--port',
          '0',
          '--data-dir',
          tempDir('bosonic-serve-'),
          '--token-file',
          tokenFile,
          ...extra,
        ],
        { env: cleanEnv() },
      );
      const done = finished(serve);
      let stdout = '';
      serve.stdout?.on('data', (chunk: Buffer) => {
        stdout += chunk.toString();
      });
      await waitFor(() => stdout, /listening on http:\/\/127\.0\.0\.1:\d+/);
      serve.kill('SIGTERM');
      const result = await done;
      expect(result.code).toBe(0);
      return result;
    };

    const normal = await run([]);
    expect(normal.stdout).toMatch(/^bosonic cloud listening on http:\/\/127\.0\.0\.1:\d+ \(data in .*\)$/m);
    expect(normal.stderr).toMatch(/^\S+Z INFO {2}bosonic server listening \(url=http/m);
    expect(normal.stderr).toMatch(
      /^\S+Z WARN {2}The token file .* is readable by other users: chmod 600 it$/m,
    );
    expect(normal.stderr).toMatch(/^\S+Z INFO {2}bosonic server stopped$/m);
    // No JSON anywhere: neither stream mixes pino's lines with text.
    for (const line of `${normal.stdout}${normal.stderr}`.split('\n')) expect(line).not.toMatch(/^\{/);

    const quiet = await run(['-q']);
    expect(quiet.stderr).toMatch(/ WARN {2}The token file .* is readable by other users/);
    expect(quiet.stderr).not.toContain(' INFO ');
    expect(quiet.stdout).toMatch(/listening on http/);
  });

  it('refuses a storage quota below 1 KiB as a usage error', async () => {
    const { code, stderr } = await runMain([
      'serve',
      '--max-stored-bytes',
      '10',
      '--data-dir',
      tempDir('bosonic-serve-'),
    ]);
    expect(code).toBe(2);
    expect(stderr).toContain('--max-stored-bytes must be an integer ≥ 1024');
  });
});
