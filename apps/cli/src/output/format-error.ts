import {
  AuthenticationError,
  BosonicError,
  HttpError,
  JobCanceledError,
  JobError,
  NetworkError,
  ValidationError,
} from '@bosonic/core';

/** A mistake on the command line (unknown option, missing argument): exit code 2, with a pointer to `--help`. */
export class UsageError extends BosonicError {
  constructor(message: string) {
    super(message, 'ERR_USAGE');
  }
}

/** Exit codes of the `bosonic` binary. */
export const ExitCode = {
  ok: 0,
  /** The job or the command failed. */
  failure: 1,
  /** The command line was wrong. */
  usage: 2,
  /** Interrupted by Ctrl-C (128 + SIGINT), after cancelling the job. */
  interrupted: 130,
} as const;

/**
 * The error a user should see: a job that failed because its launch was refused carries the real reason
 * (a refused token, an unreachable server) as its `cause`.
 */
export function rootCause(error: unknown): unknown {
  let current = error;
  while (current instanceof JobError && current.cause instanceof BosonicError) current = current.cause;
  return current;
}

/** What the command was talking to, for hints. */
export interface ErrorContext {
  /** The cloud's URL, when the command used one. */
  url?: string;
}

/** What to do about an error, when there is something to say. */
function hintFor(error: unknown, context: ErrorContext): string | undefined {
  // A token the server refused (it has a status); "no token found" already says where to put one.
  if (error instanceof AuthenticationError && error.status !== undefined) {
    return 'check the token: --token, BOSONIC_CLOUD_TOKEN, or `bosonic login` to store one';
  }
  if (error instanceof NetworkError) {
    const where = context.url === undefined ? 'the server' : `the server at ${context.url}`;
    return `is ${where} running and reachable? (set the URL with --url or BOSONIC_CLOUD_URL)`;
  }
  if (error instanceof HttpError && error.status === 404) return 'check the job id or platform name';
  if (error instanceof UsageError) return 'see `bosonic --help`';
  return undefined;
}

/** The one-paragraph message printed on stderr for an error (no stack trace). */
export function formatError(error: unknown, context: ErrorContext = {}): string {
  const cause = rootCause(error);
  let message: string;
  if (cause instanceof JobCanceledError) {
    message = `${cause.message || 'the job was canceled'} (no partial results)`;
  } else if (cause instanceof ValidationError && cause.message.includes('minDetectedPhotonsFilter(')) {
    // The model names its JavaScript method; a CLI user writes the experiment file's key.
    message =
      'the experiment needs "minDetectedPhotons": the least number of photons an output must have to be kept, ' +
      'photons on herald modes not counted (it is inferred only for a perfect source with a Fock-state input)';
  } else if (cause instanceof Error) {
    message = cause.message || cause.name;
  } else {
    message = String(cause);
  }
  const hint = hintFor(cause, context);
  return `bosonic: error: ${message}${hint === undefined ? '' : `\n  hint: ${hint}`}`;
}

/** The full story of an error for `--verbose`: its stack, then each cause's. */
export function formatErrorVerbose(error: unknown): string {
  const parts: string[] = [];
  let current: unknown = error;
  for (let depth = 0; current !== undefined && depth < 8; depth++) {
    if (current instanceof Error) {
      const code = current instanceof BosonicError ? ` [${current.code}]` : '';
      parts.push(
        `${depth === 0 ? '' : 'caused by: '}${current.stack ?? `${current.name}: ${current.message}`}${code}`,
      );
      current = current.cause;
    } else {
      parts.push(`${depth === 0 ? '' : 'caused by: '}${String(current)}`);
      break;
    }
  }
  return parts.join('\n');
}
