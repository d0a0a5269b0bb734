// Helpers of the binary tests: they drive the built `bosonic` (dist/cli.js) as a user would, in a process of
// its own, with an environment that holds no cloud settings of the machine it runs on.
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The built binary. */
export const CLI = fileURLToPath(new URL('../dist/cli.js', import.meta.url));
/** The package's example experiments. */
export const EXAMPLES = fileURLToPath(new URL('../examples/', import.meta.url));

/** What a finished CLI process left. */
export interface CliResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** A fresh temporary directory. */
export function tempDir(prefix = 'bosonic-cli-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

/** Writes `content` (JSON-encoded unless a string) to a file in a fresh temporary directory; returns its path. */
export function writeTemp(name: string, content: unknown): string {
  const path = join(tempDir(), name);
  writeFileSync(path, typeof content === 'string' ? content : JSON.stringify(content));
  return path;
}

/** An environment without the caller's cloud settings, with a private config directory. */
export function cleanEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (!/^(BOSONIC_|PCVL_)/.test(key)) env[key] = value;
  }
  return {
    ...env,
    BOSONIC_CONFIG_DIR: tempDir('bosonic-config-'),
    BOSONIC_DATA_DIR: tempDir('bosonic-data-'),
    ...extra,
  };
}

/** Starts the CLI with `args`. */
export function startCli(
  args: string[],
  options: { env?: NodeJS.ProcessEnv; cwd?: string } = {},
): ChildProcess {
  return spawn(process.execPath, [CLI, ...args], {
    env: options.env ?? cleanEnv(),
    cwd: options.cwd ?? EXAMPLES,
    stdio: ['pipe', 'pipe', 'pipe'],
  });
}

/** Collects a process's output until it exits. */
export function finished(child: ChildProcess): Promise<CliResult> {
  let stdout = '';
  let stderr = '';
  child.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
    stdout += chunk;
  });
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
    stderr += chunk;
  });
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
}

/** Runs the CLI to completion; `input` is written to its stdin (which is then closed). */
export function runCli(
  args: string[],
  options: { env?: NodeJS.ProcessEnv; input?: string; cwd?: string } = {},
): Promise<CliResult> {
  const child = startCli(args, options);
  const done = finished(child);
  child.stdin?.end(options.input ?? '');
  return done;
}

/** Resolves once `read()` matches `pattern`, polling every 50 ms; rejects after `timeoutMs`. */
export async function waitFor(
  read: () => string,
  pattern: RegExp,
  timeoutMs = 30_000,
): Promise<RegExpMatchArray> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const match = read().match(pattern);
    if (match !== null) return match;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${pattern}; got:\n${read()}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/**
 * A boson-sampling experiment slow enough to interrupt: 20 photons in 40 modes through the discrete Fourier
 * transform, sampled with Clifford & Clifford (tens of seconds per thousand samples on two cores).
 */
export function slowExperiment(): string {
  const m = 40;
  const rows = Array.from({ length: m }, (_, j) =>
    Array.from({ length: m }, (_, k) => {
      const angle = (2 * Math.PI * j * k) / m;
      return [Math.cos(angle) / Math.sqrt(m), Math.sin(angle) / Math.sqrt(m)];
    }),
  );
  const input = Array.from({ length: m }, (_, mode) => (mode < 20 ? 1 : 0));
  return writeTemp('slow.json', {
    name: 'slow boson sampling',
    m,
    circuit: [{ type: 'Unitary', modes: 0, rows }],
    input,
    command: 'samples',
    samples: 1_000_000,
    backend: 'CliffordClifford2017',
  });
}
