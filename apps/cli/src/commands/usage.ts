import { usage } from '@bosonic/cloud';
import { CLOUD_OPTIONS, COMMON_OPTIONS, parseCommandArgs, positionals } from '../args.js';
import { ExitCode } from '../output/format-error.js';
import { formatDuration } from '../output/progress-bar.js';
import { formatTable, printable } from '../output/table.js';
import { openClient, resolveUrl } from '../remote/cloud-connection.js';
import type { CommandContext } from './command.js';

export const USAGE_HELP = `Usage: bosonic usage [options]

The token's usage per platform on a bosonic server: jobs created, run time, samples produced.

Options:
      --since <time>     count jobs created at or after this time: ISO 8601 (2026-12-01, 2026-12-01T08:00:00Z)
      --until <time>     count jobs created before this time
      --url <url>        the cloud's URL (default: BOSONIC_CLOUD_URL, the config file)
      --token <token>    the cloud token (default: BOSONIC_CLOUD_TOKEN, PCVL_CLOUD_TOKEN, the config file)
      --json             machine-readable output on stdout
  -v, --verbose          show stack traces of errors
`;

/** `bosonic usage`: see {@link USAGE_HELP}. */
export async function usageCommand(args: string[], context: CommandContext): Promise<number> {
  const { values, positionals: rest } = parseCommandArgs(args, {
    ...COMMON_OPTIONS,
    ...CLOUD_OPTIONS,
    since: { type: 'string' },
    until: { type: 'string' },
  });
  positionals(rest, [], 'usage');
  const cloud = { url: values.url, token: values.token, env: context.env };
  context.errorContext.url = resolveUrl(cloud);
  const client = openClient(cloud);
  try {
    const report = await usage({
      rpc: client,
      ...(values.since === undefined ? {} : { since: values.since }),
      ...(values.until === undefined ? {} : { until: values.until }),
    });
    const { terminal } = context;
    if (terminal.json) {
      terminal.printJson({
        since: report.since?.toISOString() ?? null,
        until: report.until?.toISOString() ?? null,
        platforms: report.platforms,
      });
      return ExitCode.ok;
    }
    const period = `${report.since?.toISOString() ?? 'the first job'} to ${report.until?.toISOString() ?? 'now'}`;
    if (report.platforms.length === 0) {
      terminal.print(`No jobs from ${period}.`);
      return ExitCode.ok;
    }
    terminal.print(`Usage from ${period}:`);
    terminal.print(
      formatTable(
        [
          { header: 'PLATFORM' },
          { header: 'JOBS', align: 'right' },
          { header: 'RUN TIME', align: 'right' },
          { header: 'SAMPLES', align: 'right' },
        ],
        report.platforms.map((entry) => [
          printable(entry.platform, 32),
          String(entry.jobs),
          formatDuration(entry.runSeconds),
          String(entry.samples),
        ]),
      ),
    );
    return ExitCode.ok;
  } finally {
    await client.close();
  }
}
