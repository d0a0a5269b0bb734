import { describe, expect, it } from 'vitest';
import { COMMON_OPTIONS, integerOption, parseCommandArgs } from './args.js';
import { UsageError } from './output/format-error.js';

const OPTIONS = {
  ...COMMON_OPTIONS,
  samples: { type: 'string', short: 'n' },
  port: { type: 'string' },
} as const;

describe('parseCommandArgs', () => {
  it('takes a negative number after an option with a value as its value, so the range check speaks', () => {
    for (const args of [['--samples', '-5'], ['--samples=-5'], ['-n', '-5']]) {
      const { values } = parseCommandArgs(args, OPTIONS);
      expect(values.samples, args.join(' ')).toBe('-5');
      expect(() => integerOption(values.samples, 'samples', 1)).toThrow(
        new UsageError("--samples must be an integer ≥ 1 (got '-5')"),
      );
    }
  });

  it('still refuses an option that is not one, and leaves what follows -- alone', () => {
    expect(() => parseCommandArgs(['--json', '-5'], OPTIONS)).toThrow(UsageError);
    expect(parseCommandArgs(['--', '--samples', '-5'], OPTIONS).positionals).toEqual(['--samples', '-5']);
  });
});

describe('integerOption', () => {
  it('checks an upper bound when there is one (a TCP port), as a usage error', () => {
    expect(integerOption('8080', 'port', 0, 65_535)).toBe(8080);
    expect(() => integerOption('99999', 'port', 0, 65_535)).toThrow(
      new UsageError("--port must be an integer from 0 to 65535 (got '99999')"),
    );
  });
});
