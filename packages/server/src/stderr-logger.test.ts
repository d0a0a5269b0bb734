import { describe, expect, it } from 'vitest';
import { humanLine, stderrLogger } from './stderr-logger.js';

/**
 * Issue 13: `bosonic serve` logs on stderr, human lines by default and JSON lines with `--json`; `-q` keeps
 * warnings and errors, and only those.
 */

function capture(): { lines: string[]; stream: { write(text: string): void } } {
  const lines: string[] = [];
  return { lines, stream: { write: (text) => lines.push(text) } };
}

describe('the log of bosonic serve', () => {
  it('writes one human line per entry by default: time, level, message, fields, and the error', () => {
    const { lines, stream } = capture();
    const logger = stderrLogger({ stream });
    logger.info({ url: 'http://127.0.0.1:8080', workers: 2 }, 'bosonic server listening');
    const error = Object.assign(new Error('disk full'), { code: 'ERR_STORE' });
    logger.child({ reqId: 'req-7' }).error({ err: error }, 'request failed');
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(
      /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z INFO {2}bosonic server listening \(url=http:\/\/127\.0\.0\.1:8080, workers=2\)\n$/,
    );
    expect(lines[1]).toMatch(/ ERROR request failed \(reqId=req-7\): Error ERR_STORE: disk full\n$/);
    expect(lines.join('')).not.toContain('{');
  });

  it('writes pino JSON lines with json', () => {
    const { lines, stream } = capture();
    stderrLogger({ json: true, stream }).warn({ jobs: 3 }, 'recovered jobs');
    expect(JSON.parse(lines[0]!)).toMatchObject({ level: 40, msg: 'recovered jobs', jobs: 3 });
  });

  it('keeps warnings and errors, and drops the rest, when quiet (in both formats)', () => {
    for (const json of [false, true]) {
      const { lines, stream } = capture();
      const logger = stderrLogger({ json, quiet: true, stream });
      logger.info('bosonic server listening');
      logger.warn('recovered jobs');
      logger.error('request failed');
      expect(lines, `json: ${json}`).toHaveLength(2);
      expect(lines[0]).toContain('recovered jobs');
      expect(lines[1]).toContain('request failed');
    }
  });

  it('passes a line that is not JSON unchanged', () => {
    expect(humanLine('plain text')).toBe('plain text\n');
  });
});
