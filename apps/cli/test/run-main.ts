// The CLI's `main`, run in the test's own process: for the checks where a process of its own proves nothing more
// than the exit code `main` returns and the text it writes on its two streams (a refusal's wording, a table's
// columns, a JSON document). Each command still has tests that spawn the built binary (run-cli.ts), which also
// prove that the bundle runs, that the process exits with that code, and that nothing keeps it alive.
import { main } from '../src/main.js';
import { type CliResult, cleanEnv } from './run-cli.js';

/** Runs `bosonic <args>` in this process with `env` (default: a clean one); paths in `args` are absolute. */
export async function runMain(args: string[], options: { env?: NodeJS.ProcessEnv } = {}): Promise<CliResult> {
  let stdout = '';
  let stderr = '';
  const code = await main(args, {
    stdout: {
      write: (text: string) => {
        stdout += text;
        return true;
      },
    },
    stderr: {
      write: (text: string) => {
        stderr += text;
        return true;
      },
    },
    env: options.env ?? cleanEnv(),
  });
  return { code, signal: null, stdout, stderr };
}
