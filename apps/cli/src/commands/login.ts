import { createInterface } from 'node:readline';
import { Writable } from 'node:stream';
import { RemoteConfig, RpcClient } from '@bosonic/cloud';
import { CLOUD_OPTIONS, COMMON_OPTIONS, parseCommandArgs, positionals } from '../args.js';
import { ExitCode, UsageError } from '../output/format-error.js';
import type { CommandContext } from './command.js';

export const LOGIN_HELP = `Usage: bosonic login [--token <token>] [--url <url>] [--no-verify]

Stores a cloud token (and optionally the cloud's URL) in the config file, readable only by you (mode 0600),
so that later commands need no --token. Without --token, reads it from the terminal (hidden) or from stdin.
The token is checked against the cloud first, unless --no-verify.

Options:
      --token <token>    the token to store
      --url <url>        also store this cloud URL (default cloud: Quandela Cloud)
      --no-verify        store without asking the cloud whether the token works
      --json             machine-readable output on stdout
`;

/** Reads a secret: hidden typing on a terminal, or the whole of a piped stdin. */
async function readToken(stdin: NodeJS.ReadStream, stderr: NodeJS.WriteStream): Promise<string> {
  if (stdin.isTTY) {
    stderr.write('Token: ');
    // A readline whose echo goes nowhere: what is typed is not shown.
    const silent = new Writable({ write: (_chunk, _encoding, done) => done() });
    const reader = createInterface({ input: stdin, output: silent, terminal: true });
    try {
      return await new Promise<string>((resolve) => reader.question('', resolve));
    } finally {
      reader.close();
      stderr.write('\n');
    }
  }
  let text = '';
  for await (const chunk of stdin) text += String(chunk);
  return text;
}

/** `bosonic login`: see {@link LOGIN_HELP}. */
export async function loginCommand(args: string[], context: CommandContext): Promise<number> {
  const { values, positionals: rest } = parseCommandArgs(args, {
    ...COMMON_OPTIONS,
    ...CLOUD_OPTIONS,
    'no-verify': { type: 'boolean' },
  });
  positionals(rest, [], 'login');
  const token = (values.token ?? (await readToken(process.stdin, process.stderr))).trim();
  if (token === '') throw new UsageError('login: no token given (use --token, or type it when asked)');
  const url = values.url ?? new RemoteConfig({ env: context.env }).url;
  context.errorContext.url = url;
  if (values['no-verify'] !== true) {
    // Any authenticated call tells whether the cloud accepts the token; availability is the cheapest.
    const client = new RpcClient({ url, token });
    try {
      await client.getAvailability();
    } finally {
      await client.close();
    }
  }
  const file = RemoteConfig.save(
    { token, ...(values.url === undefined ? {} : { url: values.url }) },
    context.env,
  );
  const { terminal } = context;
  if (terminal.json) terminal.printJson({ configFile: file, url, verified: values['no-verify'] !== true });
  else
    terminal.print(
      `Token saved to ${file} (readable only by you)${values['no-verify'] === true ? '' : `; ${url} accepts it`}.`,
    );
  return ExitCode.ok;
}
