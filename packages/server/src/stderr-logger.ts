import { type Logger, pino } from 'pino';

/**
 * A logger for a server whose stdout is spoken for (`bosonic serve --json` prints one JSON document there) or
 * kept quiet (`-q`): warnings and errors only, as pino JSON lines on stderr, so that a failed request (a 500) or a
 * revoked token is never logged nowhere.
 */
export function stderrLogger(): Logger {
  return pino({ level: 'warn' }, pino.destination({ fd: 2, sync: true }));
}
