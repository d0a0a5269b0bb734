import { createRequire } from 'node:module';
import { ANALYZE_HELP, analyzeCommand } from './commands/analyze.js';
import type { Command, CommandContext } from './commands/command.js';
import { DRAW_HELP, drawCommand } from './commands/draw.js';
import { JOB_HELP, jobCommand } from './commands/job.js';
import { LOGIN_HELP, loginCommand } from './commands/login.js';
import { PLATFORMS_HELP, platformsCommand } from './commands/platforms.js';
import { RUN_HELP, runCommand } from './commands/run.js';
import { SCHEMA_HELP, schemaCommand } from './commands/schema.js';
import { SERVE_HELP, serveCommand } from './commands/serve.js';
import { USAGE_HELP, usageCommand } from './commands/usage.js';
import { WORKER_HELP, workerCommand } from './commands/worker.js';
import { ExitCode, formatError, formatErrorVerbose, UsageError } from './output/format-error.js';
import { type OutputStream, Terminal } from './terminal.js';

export const MAIN_HELP = `Usage: bosonic <command> [options]

Photonic quantum jobs from the command line, on the local native simulator or a Quandela-compatible cloud.

Commands:
  run <experiment>                    run an experiment file (local, or --platform on a cloud)
  analyze <experiment>                truth table, performance and fidelity of a gate (Perceval's Analyzer)
  draw <experiment> [-o file.svg]     draw the experiment's circuit as SVG
  schema                              print the JSON Schema of experiment files (for editors)
  job <status|results|cancel|rerun|wait|delete|tag> <id>
                                      follow and manage a remote job
  job list [filters]                  the token's jobs on a bosonic server
  usage                               the token's usage per platform
  platforms [name…]                   list a cloud's platforms
  login                               store a cloud token in the config file (mode 0600)
  serve                               serve a self-hosted cloud
  worker                              run jobs of a distributed self-hosted cloud

Run \`bosonic <command> --help\` for a command's options. Common options: --json, --verbose, --help.
`;

const COMMANDS: Record<string, { run: Command; help: string }> = {
  run: { run: runCommand, help: RUN_HELP },
  analyze: { run: analyzeCommand, help: ANALYZE_HELP },
  draw: { run: drawCommand, help: DRAW_HELP },
  schema: { run: schemaCommand, help: SCHEMA_HELP },
  job: { run: jobCommand, help: JOB_HELP },
  platforms: { run: platformsCommand, help: PLATFORMS_HELP },
  login: { run: loginCommand, help: LOGIN_HELP },
  serve: { run: serveCommand, help: SERVE_HELP },
  usage: { run: usageCommand, help: USAGE_HELP },
  worker: { run: workerCommand, help: WORKER_HELP },
};

/** The CLI's package version. */
export function version(): string {
  const require = createRequire(import.meta.url);
  return (require('../package.json') as { version: string }).version;
}

/** Streams and environment of one CLI invocation. */
export interface MainIo {
  stdout: OutputStream;
  stderr: OutputStream;
  env: NodeJS.ProcessEnv;
}

/**
 * Runs the `bosonic` command line with `argv` (without `node` and the script) and returns the exit code:
 * 0 success, 1 failure, 2 a usage error, 130 interrupted by Ctrl-C. Errors are printed on stderr as one
 * message (with a hint where one helps); `--verbose` adds the stack trace and causes.
 */
export async function main(argv: string[], io: MainIo): Promise<number> {
  const [name, ...rest] = argv;
  const json = rest.includes('--json');
  const verbose = argv.includes('--verbose') || argv.includes('-v');
  const terminal = new Terminal({ stdout: io.stdout, stderr: io.stderr, json });
  const context: CommandContext = { terminal, errorContext: {}, env: io.env };
  try {
    if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
      const topic = name === 'help' ? rest[0] : undefined;
      const command = topic === undefined ? undefined : COMMANDS[topic];
      if (topic !== undefined && command === undefined) throw new UsageError(`unknown command '${topic}'`);
      io.stdout.write(command?.help ?? MAIN_HELP);
      return name === undefined ? ExitCode.usage : ExitCode.ok;
    }
    if (name === '--version' || name === '-V') {
      io.stdout.write(`${version()}\n`);
      return ExitCode.ok;
    }
    const command = COMMANDS[name];
    if (command === undefined) {
      throw new UsageError(
        `unknown command '${name}' (expected one of: ${Object.keys(COMMANDS).join(', ')})`,
      );
    }
    if (rest.includes('--help') || rest.includes('-h')) {
      io.stdout.write(command.help);
      return ExitCode.ok;
    }
    return await command.run(rest, context);
  } catch (error) {
    io.stderr.write(`${formatError(error, context.errorContext)}\n`);
    if (verbose) io.stderr.write(`${formatErrorVerbose(error)}\n`);
    return error instanceof UsageError ? ExitCode.usage : ExitCode.failure;
  }
}
