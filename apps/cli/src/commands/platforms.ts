import { HttpError } from '@bosonic/core';
import type { PlatformDetails } from '@bosonic/protocol';
import { CLOUD_OPTIONS, COMMON_OPTIONS, parseCommandArgs } from '../args.js';
import { ExitCode } from '../output/format-error.js';
import { openClient, resolveUrl } from '../remote/cloud-connection.js';
import type { CommandContext } from './command.js';

/**
 * Platforms looked up when none is named: those of a self-hosted `bosonic serve`, then Quandela Cloud's public
 * ones. The protocol has no listing endpoint, so each is asked for by name and the unknown ones are skipped.
 */
export const KNOWN_PLATFORMS = [
  'sim:slos',
  'sim:naive',
  'sim:clifford2017',
  'sim:belenos',
  'qpu:belenos',
  'sim:ascella',
  'qpu:ascella',
] as const;

export const PLATFORMS_HELP = `Usage: bosonic platforms [name…] [options]

Lists the cloud's platforms with their status, commands and limits. Without names, looks up the platforms a
self-hosted \`bosonic serve\` offers (${KNOWN_PLATFORMS.slice(0, 3).join(', ')}) and Quandela Cloud's public
ones, and shows those the cloud knows.

Options:
      --url <url>        the cloud's URL (default: BOSONIC_CLOUD_URL, the config file, Quandela Cloud)
      --token <token>    the cloud token (default: BOSONIC_CLOUD_TOKEN, PCVL_CLOUD_TOKEN, the config file)
      --json             machine-readable output on stdout
  -v, --verbose          show stack traces of errors
`;

/** The facts `platforms` shows about one platform. */
interface PlatformSummary {
  name: string;
  status: string | null;
  type: string | null;
  commands: string[];
  maxModes: number | null;
  maxPhotons: number | null;
}

function summarize(name: string, details: PlatformDetails): PlatformSummary {
  const specs = (details.specs ?? {}) as Record<string, unknown>;
  const constraints = (specs.constraints ?? {}) as Record<string, unknown>;
  const commands = Array.isArray(specs.available_commands) ? specs.available_commands.map(String) : [];
  const numberOrNull = (value: unknown) => (typeof value === 'number' ? value : null);
  return {
    name: typeof details.name === 'string' ? details.name : name,
    status: typeof details.status === 'string' ? details.status : null,
    type: typeof details.type === 'string' ? details.type : null,
    commands,
    maxModes: numberOrNull(constraints.max_mode_count),
    maxPhotons: numberOrNull(constraints.max_photon_count),
  };
}

/** `bosonic platforms [name…]`: see {@link PLATFORMS_HELP}. */
export async function platformsCommand(args: string[], context: CommandContext): Promise<number> {
  const { values, positionals } = parseCommandArgs(args, { ...COMMON_OPTIONS, ...CLOUD_OPTIONS });
  const named = positionals.length > 0;
  const names = named ? positionals : [...KNOWN_PLATFORMS];
  const cloud = { url: values.url, token: values.token, env: context.env };
  const url = resolveUrl(cloud);
  context.errorContext.url = url;
  const client = openClient(cloud);
  const found: PlatformSummary[] = [];
  const missing: string[] = [];
  try {
    for (const name of names) {
      try {
        found.push(summarize(name, await client.getPlatformDetails(name)));
      } catch (error) {
        if (error instanceof HttpError && error.status === 404) missing.push(name);
        else throw error;
      }
    }
  } finally {
    await client.close();
  }
  const { terminal } = context;
  if (terminal.json) {
    terminal.printJson({ url, platforms: found, ...(named ? { unknown: missing } : {}) });
  } else {
    const rows = found.map((p) => [
      p.name,
      p.status ?? '?',
      p.type ?? '?',
      p.commands.join(',') || '-',
      p.maxModes === null ? '-' : String(p.maxModes),
      p.maxPhotons === null ? '-' : String(p.maxPhotons),
    ]);
    const header = ['platform', 'status', 'type', 'commands', 'max modes', 'max photons'];
    const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => (row[i] ?? '').length)));
    const line = (cells: string[]) =>
      cells
        .map((cell, i) => cell.padEnd(widths[i] ?? 0))
        .join('  ')
        .trimEnd();
    // Only names the cloud does not know: the error on stderr says it all, stdout stays empty.
    if (rows.length > 0 || !named) terminal.print(`${url}`);
    if (rows.length === 0 && !named) terminal.print('(no platform found)');
    else if (rows.length > 0) for (const row of [header, ...rows]) terminal.print(line(row));
    if (named && missing.length > 0)
      terminal.note(`unknown platform${missing.length > 1 ? 's' : ''}: ${missing.join(', ')}`);
  }
  return named && missing.length > 0 ? ExitCode.failure : ExitCode.ok;
}
