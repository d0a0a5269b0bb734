import type { ErrorContext } from '../output/format-error.js';
import type { Terminal } from '../terminal.js';

/** What every command receives besides its arguments. */
export interface CommandContext {
  terminal: Terminal;
  /** Filled by commands with what they talk to, so that an error's hint can name it. */
  errorContext: ErrorContext;
  /** Environment variables (`process.env`). */
  env: NodeJS.ProcessEnv;
}

/** A command: parses its arguments, does its work, and returns the process exit code. */
export type Command = (args: string[], context: CommandContext) => Promise<number>;
