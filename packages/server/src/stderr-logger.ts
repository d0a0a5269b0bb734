import { writeSync } from 'node:fs';
import { type DestinationStream, type Logger, pino } from 'pino';

/** Options of {@link stderrLogger}. */
export interface StderrLoggerOptions {
  /**
   * pino's JSON lines, for a log collector (`--json`), instead of one line of text per entry (default false).
   */
  json?: boolean;
  /**
   * Warnings and errors only (`-q`). Without it, also what the server does as it runs: its start, the tokens it
   * accepts, jobs purged by retention, its stop. Warnings (jobs recovered after a crash, a token file others can
   * read) and errors (a request answered 500, a job whose outcome could not be saved) are never silenced.
   */
  quiet?: boolean;
  /** Where the lines go (default: the process's stderr, written synchronously so that none is lost at exit). */
  stream?: { write(text: string): unknown };
}

/**
 * The log of `bosonic serve` and `bosonic worker`: on stderr, so that stdout keeps what users read or parse (the
 * URL and a created token, or the one JSON document of `--json`); human lines by default, JSON lines with
 * `json`. There is no request log (Fastify's is off): each line says something happened.
 */
export function stderrLogger(options: StderrLoggerOptions = {}): Logger {
  const stream = options.stream ?? { write: (text: string) => writeSync(2, text) };
  const level = options.quiet === true ? 'warn' : 'info';
  if (options.json === true) return pino({ level }, stream as DestinationStream);
  return pino({ level, base: undefined }, {
    write: (line: string) => stream.write(humanLine(line)),
  } as DestinationStream);
}

const LEVEL_NAMES: Readonly<Record<number, string>> = {
  10: 'TRACE',
  20: 'DEBUG',
  30: 'INFO',
  40: 'WARN',
  50: 'ERROR',
  60: 'FATAL',
};

/**
 * One pino JSON line as text: `2026-12-06T02:15:37.123Z WARN  message (key=value, …): ErrorType: its message`.
 * A line that is not JSON passes unchanged.
 */
export function humanLine(json: string): string {
  let entry: Record<string, unknown>;
  try {
    entry = JSON.parse(json) as Record<string, unknown>;
  } catch {
    return json.endsWith('\n') ? json : `${json}\n`;
  }
  const { level, time, msg, err, ...fields } = entry;
  const when = typeof time === 'number' ? new Date(time).toISOString() : '';
  const name = (typeof level === 'number' ? LEVEL_NAMES[level] : undefined) ?? String(level);
  let line = `${when} ${name.padEnd(5)} ${typeof msg === 'string' ? msg : ''}`;
  const details = Object.entries(fields).map(
    ([key, value]) => `${key}=${typeof value === 'string' ? value : JSON.stringify(value)}`,
  );
  if (details.length > 0) line += ` (${details.join(', ')})`;
  if (err !== null && typeof err === 'object') {
    const { type, message, code } = err as { type?: unknown; message?: unknown; code?: unknown };
    line += `: ${typeof type === 'string' ? type : 'Error'}${typeof code === 'string' ? ` ${code}` : ''}: ${String(message)}`;
  }
  return `${line}\n`;
}
