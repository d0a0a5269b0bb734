// Every fenced block of every README is held to what it says. The TypeScript blocks are type-checked and run in an
// npm project by pack.test.ts, which makes that project with the root README's install block, run as written; the
// others are checked here, each by the check its README and position name, run with the block's text as the README
// has it. A block without a check fails the first test, so a new block cannot go
// untested. Shell blocks run as written from the directory the README names, with `bosonic` on the PATH; what a
// reader must replace (a `<job id>`, the `…` of a token, the port of a server the test started on a free port) is
// replaced by the value the earlier commands printed, and nothing else is changed.
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { chmodSync, existsSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { PUBLISHED_PACKAGE_DIRS, packageName } from './published-packages.js';
import { type ReadmeBlock, ROOT, readmeBlocks, readmes } from './readme-blocks.js';
import { CLI, cleanEnv, tempDir, waitFor } from './run-cli.js';

/**
 * A directory holding a `bosonic` that runs this build, as an installed binary would be on the PATH, and the `pnpm`
 * the root README gives (through npx, at the pinned version).
 */
const BIN = tempDir('bosonic-bin-');
writeFileSync(join(BIN, 'bosonic'), `#!/bin/sh\nexec "${process.execPath}" "${CLI}" "$@"\n`);
writeFileSync(join(BIN, 'pnpm'), '#!/bin/sh\nexec npx -y pnpm@10.34.9 "$@"\n');
for (const name of ['bosonic', 'pnpm']) chmodSync(join(BIN, name), 0o755);

/** A user's environment with `bosonic` on the PATH and a config directory of its own. */
function shellEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env = cleanEnv(extra);
  return { ...env, PATH: `${BIN}:${env.PATH ?? ''}` };
}

/** The command lines of a block: comments and blank lines dropped, a trailing comment cut. */
function commandLines(code: string): string[] {
  return code
    .split('\n')
    .map((line) => line.replace(/\s+#\s.*$/, '').trim())
    .filter((line) => line !== '' && !line.startsWith('#'));
}

/** Runs one command line with sh; fails the test, showing the output, unless it exits 0. */
function run(line: string, cwd: string, env: NodeJS.ProcessEnv): string {
  const result = spawnSync('sh', ['-c', line], { cwd, env, encoding: 'utf8', timeout: 300_000 });
  expect(result.status, `${line}\n${result.stdout}\n${result.stderr}`).toBe(0);
  return result.stdout;
}

const servers: ChildProcess[] = [];
afterAll(async () => {
  await Promise.all(
    servers
      .filter((server) => server.exitCode === null && server.signalCode === null)
      .map((server) => {
        const exited = new Promise((resolve) => server.once('exit', resolve));
        server.kill('SIGTERM');
        return exited;
      }),
  );
});

/**
 * Starts a `bosonic serve …` line in the background (as its `&` or a second terminal would), on a free port instead
 * of the one it names: resolves with its URL and what it printed once it listens.
 */
function startServe(
  line: string,
  cwd: string,
  env: NodeJS.ProcessEnv,
): Promise<{ url: string; output: () => string; child: ChildProcess }> {
  const command = line.replace(/\s*&$/, '').replace(/--port \d+/, '--port 0');
  const onFreePort = command.includes('--port 0') ? command : `${command} --port 0`;
  const child = spawn('sh', ['-c', `exec ${onFreePort}`], { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
  servers.push(child);
  let output = '';
  return new Promise((resolve, reject) => {
    const read = (chunk: Buffer): void => {
      output += chunk.toString('utf8');
      const url = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(output)?.[1];
      if (url !== undefined) resolve({ url, output: () => output, child });
    };
    child.stdout.on('data', read);
    child.stderr.on('data', read);
    child.once('exit', (code) => reject(new Error(`${onFreePort} exited with ${code}:\n${output}`)));
  });
}

/** Stops a server the way a user does (SIGTERM, Ctrl-C's twin) and waits for it. */
async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  await exited;
}

const key = (block: ReadmeBlock): string => `${block.readme} ${block.lang} ${block.index}`;
const rootBlocks = readmeBlocks('README.md');
const blockOf = (readme: string, lang: string, index: number): ReadmeBlock => {
  const block = readmeBlocks(readme).find((b) => b.lang === lang && b.index === index);
  if (block === undefined) throw new Error(`${readme} has no ${lang} block ${index}`);
  return block;
};

/** The workspace packages a README may tell users to install. */
const PUBLISHED = new Set(PUBLISHED_PACKAGE_DIRS.map(packageName));

/** The `npm install …` line of a package README: only our published packages, and the note that they are not on npm yet. */
function checkInstallLine(block: ReadmeBlock): void {
  const [line, ...rest] = commandLines(block.code);
  expect(rest).toEqual([]);
  const words = line!.split(/\s+/);
  expect(words.slice(0, 2)).toEqual(['npm', 'install']);
  for (const name of words.slice(2)) expect(PUBLISHED, name).toContain(name);
  expect(block.code).toContain('not published yet: install the packed tarballs (root README)');
}

/** Each README's non-TypeScript blocks, by `<readme> <lang> <index>`, with their check. */
const CHECKS: Record<string, (block: ReadmeBlock) => void | Promise<void>> = {
  'README.md sh 1': checkCiCommand,
  'README.md sh 2': checkCiCommand,
  'README.md sh 3': (block) => {
    // From the repository root, as the README says.
    for (const line of commandLines(block.code)) expect(run(line, ROOT, shellEnv()), line).not.toBe('');
  },
  'README.md sh 4': (block) => {
    // Run as written by pack.test.ts, whose packages and install it is: here, that it names the folder of every
    // published package and of this machine's platform package.
    const dirs =
      /for dir in ([^;]+); do/
        .exec(block.code.replace(/\\\n\s*/g, ' '))?.[1]
        ?.trim()
        .split(/\s+/) ?? [];
    const names = dirs.map(packageName);
    expect(names.filter((name) => PUBLISHED.has(name)).sort()).toEqual([...PUBLISHED].sort());
    expect(names).toContain('@bosonic/simulator-linux-x64-gnu');
  },
  'packages/core/README.md sh 1': checkInstallLine,
  'packages/cloud/README.md sh 1': checkInstallLine,
  'packages/protocol/README.md sh 1': checkInstallLine,
  'packages/protocol/README.md sh 2': (block) => {
    // The long fuzz run, for the suite's 3 seconds instead of five minutes (from the root, where pnpm finds the
    // workspace): every kind of input is still tried.
    const [line] = commandLines(block.code);
    expect(line).toMatch(/--seconds 300 /);
    const output = run(line!.replace('--seconds 300', '--seconds 3'), ROOT, shellEnv());
    expect(output).toContain('codec fuzz: 3 s, seed 7');
  },
  'packages/server/README.md sh 1': (block) => {
    // PostgreSQL and Redis are not started here (the distributed e2e tests and deploy/ run them): the variables are
    // the ones the CLI reads, and every option given is one the command documents.
    const lines = commandLines(block.code);
    expect(lines.slice(0, 2).map((line) => line.split('=')[0])).toEqual([
      'export BOSONIC_DATABASE_URL',
      'export BOSONIC_REDIS_URL',
    ]);
    for (const line of lines.slice(2)) {
      const [, command, ...args] = line.split(/\s+/);
      const help = run(`bosonic ${command} --help`, ROOT, shellEnv());
      for (const option of args.filter((arg) => arg.startsWith('--'))) expect(help, line).toContain(option);
    }
    const source = readFileSync(join(ROOT, 'packages/server/src/distributed-options.ts'), 'utf8');
    expect(source).toContain("DATABASE_URL_ENV = 'BOSONIC_DATABASE_URL'");
    expect(source).toContain("REDIS_URL_ENV = 'BOSONIC_REDIS_URL'");
  },
  'packages/server/README.md sh 2': async (block) => {
    // The backup, in a directory of its own: a server with a job, stopped by the block's kill, copied, started again.
    const cwd = tempDir('bosonic-backup-');
    const env = shellEnv();
    const [kill, copy, restart] = commandLines(block.code);
    const first = await startServe('bosonic serve --data-dir data --token backup-token-0123456789', cwd, env);
    const sent = run(
      `bosonic run ${join(ROOT, 'apps/cli/examples/hom.json')} --platform sim:slos --url ${first.url} --token backup-token-0123456789 --json`,
      cwd,
      env,
    );
    const jobId = (JSON.parse(sent) as { jobId: string }).jobId;
    const exited = new Promise((resolve) => first.child.once('exit', resolve));
    run(kill!.replace('<server pid>', String(first.child.pid)), cwd, env);
    await exited;
    run(copy!, cwd, env);
    const day = run('date +%F', cwd, env).trim();
    expect(existsSync(join(cwd, `backups/jobs-${day}.sqlite`))).toBe(true);
    const again = await startServe(`${restart!.replace(' …', '')} --token backup-token-0123456789`, cwd, env);
    const status = run(
      `bosonic job status ${jobId} --url ${again.url} --token backup-token-0123456789 --json`,
      cwd,
      env,
    );
    expect(JSON.parse(status)).toMatchObject({ id: jobId, status: 'SUCCESS' });
    await stop(again.child);
  },
  'apps/cli/README.md sh 1': async (block) => {
    // "In the folder of the installed package (where examples/ is)": a folder holding the package's examples.
    const cwd = tempDir('bosonic-cli-readme-');
    symlinkSync(join(ROOT, 'apps/cli/examples'), join(cwd, 'examples'));
    const env = shellEnv();
    const [local, json, serve, login, async, wait] = commandLines(block.code);
    expect(run(local!, cwd, env)).toContain('|2,0>');
    expect(JSON.parse(run(json!, cwd, env))).toMatchObject({ status: 'SUCCESS' });
    const server = await startServe(serve!, cwd, env);
    const [, token] = await waitFor(
      server.output,
      /Created a token \(shown only once, store it now\): (\S+)/,
    );
    run(login!.replace('http://127.0.0.1:8080', server.url).replace('…', token!), cwd, env);
    const id = run(async!, cwd, env).trim();
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    expect(run(wait!.replace('<id>', id), cwd, env)).toContain(`job ${id}: SUCCESS`);
    // The listing the README shows (its console block) has the columns `job list` prints.
    run(`bosonic job tag ${id} calibration`, cwd, env);
    const shown = blockOf('apps/cli/README.md', 'console', 1).code.split('\n');
    const listed = run(shown[0]!.replace(/^\$ /, ''), cwd, env).split('\n');
    expect(listed[0]?.trim().split(/\s{2,}/)).toEqual(shown[1]?.trim().split(/\s{2,}/));
    expect(listed[1]).toContain(id);
    await stop(server.child);
  },
  'apps/cli/README.md console 1': (block) => {
    // Run by the check of the first shell block, against the server it starts; here, its shape.
    expect(block.code.split('\n')[0]).toBe('$ bosonic job list --tag calibration --limit 3');
  },
  'apps/cli/README.md sh 2': (block) => {
    const [line] = commandLines(block.code);
    const output = run(line!, join(ROOT, 'apps/cli'), shellEnv());
    // The block's comment: "performance: 0.111111 / error rate: 0 · fidelity: 1".
    expect(output).toMatch(/performance: 0\.111111/);
    expect(output).toMatch(/error rate: 0\b/);
    expect(output).toMatch(/fidelity: 1\b/);
  },
  'apps/cli/README.md json 1': (block) => {
    const shipped = JSON.parse(readFileSync(join(ROOT, 'apps/cli/examples/cnot-postprocessed.json'), 'utf8'));
    expect(JSON.parse(block.code)).toEqual(shipped);
  },
  'apps/sample/README.md sh 1': async (block) => {
    // From apps/sample, where its programs are: locally, then against the server the block starts.
    const cwd = join(ROOT, 'apps/sample');
    const env = shellEnv();
    const [local, serve, remote] = commandLines(block.code);
    expect(run(local!, cwd, env)).toMatch(/^ended: CANCELED /m);
    const server = await startServe(serve!, cwd, env);
    const output = run(remote!.replace('http://127.0.0.1:8080', server.url), cwd, env);
    expect(output).toMatch(/^Target: sim:clifford2017 at http:\/\/127\.0\.0\.1:\d+$/m);
    expect(output).toMatch(/^ended: CANCELED /m);
    await stop(server.child);
  },
};

/** A block of the root README whose commands .ci/run runs as they are written. */
function checkCiCommand(block: ReadmeBlock): void {
  const ci = readFileSync(join(ROOT, '.ci/run'), 'utf8');
  for (const command of block.code.trim().split(' && ')) expect(ci, command).toContain(command);
}

const otherBlocks = readmes()
  .flatMap((readme) => readmeBlocks(readme))
  .filter((block) => block.lang !== 'ts');

describe('the READMEs', () => {
  it('have a check for every block that is not TypeScript (and pack.test.ts runs every TypeScript one)', () => {
    expect(otherBlocks.map(key).sort()).toEqual(Object.keys(CHECKS).sort());
    expect(otherBlocks.every((block) => ['sh', 'json', 'console'].includes(block.lang))).toBe(true);
  });

  it.each(otherBlocks.map((block) => [`${key(block)} (line ${block.line})`, block] as const))(
    '%s',
    async (_name, block) => {
      const check = CHECKS[key(block)];
      expect(check, key(block)).toBeDefined();
      await check!(block);
    },
    300_000,
  );

  it('give the start and test commands .ci/run runs, and say how to force a fresh local run', () => {
    const commands = rootBlocks
      .filter((b) => b.lang === 'sh' && b.code.startsWith('npx -y pnpm@'))
      .flatMap((b) => b.code.trim().split(' && '));
    expect(commands).toEqual(
      expect.arrayContaining(['npx -y pnpm@10.34.9 start', 'npx -y pnpm@10.34.9 test']),
    );
    // Test results are never replayed from turbo's cache, CI forces the rest, and the README says how.
    const turbo = JSON.parse(readFileSync(join(ROOT, 'turbo.json'), 'utf8'));
    expect(turbo.tasks.test.cache).toBe(false);
    expect(readFileSync(join(ROOT, '.ci/run'), 'utf8')).toMatch(/^export TURBO_FORCE=true$/m);
    expect(readFileSync(join(ROOT, 'README.md'), 'utf8')).toContain(
      'TURBO_FORCE=true npx -y pnpm@10.34.9 test',
    );
  });
});
