// The `bosonic` binary in a pseudo-terminal, as a user at a keyboard sees it: the progress bar while a job runs,
// and Ctrl-C cancelling the job and printing its partial results. The PTY comes from util-linux's `script`.
import { spawn, spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { CLI, cleanEnv, EXAMPLES, slowExperiment, waitFor } from './run-cli.js';

/** What the bar writes before each redraw: carriage return, erase the line. */
const ERASE_LINE = '\r\x1b[2K';

const hasScript = spawnSync('script', ['--version']).status === 0;

/** Runs the CLI under a PTY; `interact(read, type)` can read the screen so far and type keys. */
async function inTerminal(
  args: string[],
  interact: (read: () => string, type: (keys: string) => void) => Promise<void>,
): Promise<{ code: number | null; screen: string }> {
  const command = [process.execPath, CLI, ...args]
    .map((part) => `'${part.replaceAll("'", "'\\''")}'`)
    .join(' ');
  // -q: no banner, -f: flush at once, -e: the child's exit code, -c: the command; the typescript goes nowhere.
  const child = spawn('script', ['-qfec', command, '/dev/null'], { env: cleanEnv(), cwd: EXAMPLES });
  let screen = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
    screen += chunk;
  });
  const exited = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
  await interact(
    () => screen,
    (keys) => child.stdin.write(keys),
  );
  const code = await exited;
  child.stdin.end();
  return { code, screen };
}

describe.skipIf(!hasScript)('on a terminal', () => {
  it('draws a progress bar with the progress message, and Ctrl-C cancels and prints the partial results', async () => {
    const { code, screen } = await inTerminal(['run', slowExperiment(), '--top', '3'], async (read, type) => {
      // The bar redraws in place: carriage return, erase line, [███…] NN% sampling · 1.2s
      const bar = new RegExp(
        `${ERASE_LINE.replace('[', '\\[')}\\[[█▏▎▍▌▋▊▉ ]+\\]\\s+\\d+% sampling · \\d+\\.\\ds`,
      );
      await waitFor(read, bar);
      type('\x03'); // Ctrl-C, turned into SIGINT by the terminal
    });
    expect(code).toBe(130);
    expect(screen).toContain('Canceling the job… (press Ctrl-C again to quit at once)');
    expect(screen).toMatch(/slow boson sampling: samples on local CliffordClifford2017/);
    const kept = screen.match(/CANCELED: partial results \((\d+) kept\)/);
    expect(kept).not.toBeNull();
    const count = Number(kept?.[1]);
    expect(count).toBeGreaterThan(0);
    expect(count).toBeLessThan(1_000_000);
    expect(screen).toContain(`${count} samples in all`);
  });

  it('a job that completes clears its bar before the results', async () => {
    const args = ['run', 'boson-sampling-12.json', '-n', '60000', '--seed', '3'];
    const { code, screen } = await inTerminal(args, async () => {});
    expect(code).toBe(0);
    expect(screen).toMatch(/\d+% sampling/);
    // The last thing drawn before the results is the erase of the bar's line.
    const afterBar = screen.slice(screen.lastIndexOf('\x1b[2K') + '\x1b[2K'.length);
    expect(afterBar.startsWith('12-photon boson sampling: sample-count on local CliffordClifford2017')).toBe(
      true,
    );
  });
});
