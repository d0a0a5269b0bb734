import { describe, expect, it } from 'vitest';
import { experimentJsonSchema } from '../experiment/experiment-schema.js';
import { main } from '../main.js';

/** Runs the CLI in this process, collecting what it writes. */
async function run(argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await main(argv, {
    stdout: { write: (text: string) => (stdout += text) },
    stderr: { write: (text: string) => (stderr += text) },
    env: {},
  });
  return { code, stdout, stderr };
}

describe('bosonic schema', () => {
  it('prints the JSON Schema of experiment files on stdout', async () => {
    const { code, stdout, stderr } = await run(['schema']);
    expect(code).toBe(0);
    expect(stderr).toBe('');
    expect(JSON.parse(stdout)).toEqual(experimentJsonSchema());
  });

  it('takes no argument: anything else is a usage error', async () => {
    const { code, stderr } = await run(['schema', 'extra.json']);
    expect(code).toBe(2);
    expect(stderr).toMatch(/bosonic: error: /);
  });
});
