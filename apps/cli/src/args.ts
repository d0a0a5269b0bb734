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
    return parseArgs({
      args: joinNegativeValues(args, options),
      options,
      allowPositionals: true,
      strict: true,
    });
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    if (typeof code === 'string' && code.startsWith('ERR_PARSE_ARGS')) {
      throw new UsageError((error as Error).message.replace(/\. To specify a positional argument.*$/s, ''));
    }
    throw error;
  }
}

/**
 * `--samples -5` as `--samples=-5`: Node's parser takes a value starting with a dash for a forgotten argument
 * ("ambiguous"), whereas a negative number after an option that takes a value is that value, which the option's
 * own check then refuses in one line like any other out-of-range value.
 */
function joinNegativeValues(args: string[], options: OptionsConfig): string[] {
  const takesValue = (arg: string): boolean => {
    const long = /^--([^=]+)$/.exec(arg)?.[1];
    if (long !== undefined) return options[long]?.type === 'string';
    const short = /^-([^-])$/.exec(arg)?.[1];
    return Object.values(options).some((option) => option.short === short && option.type === 'string');
  };
  const joined: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] as string;
    const next = args[i + 1];
    if (arg === '--') {
      joined.push(...args.slice(i));
      break;
    }
    if (next !== undefined && /^-\d/.test(next) && takesValue(arg)) {
      joined.push(arg.startsWith('--') ? `${arg}=${next}` : `${arg}${next}`); // -n-5: a short option's inline value
      i++;
    } else {
      joined.push(arg);
    }
  }
  return joined;
}

/** The integer value of option `--name`, at least `min` (and at most `max`). */
export function integerOption(
  value: string | undefined,
  name: string,
  min = 0,
  max = Number.MAX_SAFE_INTEGER,
): number | undefined {
  if (value === undefined) return undefined;
  const trimmed = value.trim().replaceAll('_', '');
  const number = Number(trimmed);
  if (trimmed === '' || !Number.isSafeInteger(number) || number < min || number > max) {
    const range = max === Number.MAX_SAFE_INTEGER ? `≥ ${min}` : `from ${min} to ${max}`;
    throw new UsageError(`--${name} must be an integer ${range} (got '${value}')`);
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
