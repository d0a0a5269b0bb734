import { type ParseArgsConfig, parseArgs } from 'node:util';
import { UsageError } from './output/format-error.js';

/** Options every command accepts. */
export const COMMON_OPTIONS = {
  json: { type: 'boolean' },
  verbose: { type: 'boolean', short: 'v' },
  help: { type: 'boolean', short: 'h' },
} as const;

/** Options of the commands that talk to a cloud. */
export const CLOUD_OPTIONS = {
  url: { type: 'string' },
  token: { type: 'string' },
} as const;

type OptionsConfig = NonNullable<ParseArgsConfig['options']>;

/** What {@link parseCommandArgs} returns: typed `values` and the `positionals`. */
export type ParsedCommandArgs<O extends OptionsConfig> = ReturnType<
  typeof parseArgs<{ args: string[]; options: O; allowPositionals: true; strict: true }>
>;

/**
 * Parses a command's arguments strictly (an unknown or malformed option is a {@link UsageError}, exit code 2,
 * rather than something silently ignored).
 */
export function parseCommandArgs<O extends OptionsConfig>(args: string[], options: O): ParsedCommandArgs<O> {
  try {
    return parseArgs({ args, options, allowPositionals: true, strict: true });
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    if (typeof code === 'string' && code.startsWith('ERR_PARSE_ARGS')) {
      throw new UsageError((error as Error).message.replace(/\. To specify a positional argument.*$/s, ''));
    }
    throw error;
  }
}

/** The integer value of option `--name`, at least `min`. */
export function integerOption(value: string | undefined, name: string, min = 0): number | undefined {
  if (value === undefined) return undefined;
  const trimmed = value.trim().replaceAll('_', '');
  const number = Number(trimmed);
  if (trimmed === '' || !Number.isSafeInteger(number) || number < min) {
    throw new UsageError(`--${name} must be an integer ≥ ${min} (got '${value}')`);
  }
  return number;
}

/** The value of option `--name` as a number above 0 (fractions allowed). */
export function positiveNumberOption(value: string | undefined, name: string): number | undefined {
  if (value === undefined) return undefined;
  const number = value.trim() === '' ? Number.NaN : Number(value);
  if (!Number.isFinite(number) || number <= 0) {
    throw new UsageError(`--${name} must be a number above 0 (got '${value}')`);
  }
  return number;
}

/** `name=value` pairs of a repeated option (`--param phi=0.5`), values as numbers. */
export function numberPairs(values: readonly string[] | undefined, name: string): Record<string, number> {
  const pairs: Record<string, number> = {};
  for (const entry of values ?? []) {
    const at = entry.indexOf('=');
    const key = at < 0 ? '' : entry.slice(0, at).trim();
    const number = at < 0 ? Number.NaN : Number(entry.slice(at + 1));
    if (key === '' || !Number.isFinite(number) || entry.slice(at + 1).trim() === '') {
      throw new UsageError(`--${name} expects name=number (got '${entry}')`);
    }
    pairs[key] = number;
  }
  return pairs;
}

/** Exactly `names.length` positional arguments. */
export function positionals(values: readonly string[], names: readonly string[], command: string): string[] {
  if (values.length < names.length) {
    throw new UsageError(
      `${command}: missing ${names
        .slice(values.length)
        .map((n) => `<${n}>`)
        .join(' ')}`,
    );
  }
  if (values.length > names.length) {
    throw new UsageError(`${command}: unexpected argument '${values[names.length]}'`);
  }
  return [...values];
}
