import { COMMON_OPTIONS, parseCommandArgs, positionals } from '../args.js';
import { experimentJsonSchema } from '../experiment/experiment-schema.js';
import { ExitCode } from '../output/format-error.js';
import type { CommandContext } from './command.js';

export const SCHEMA_HELP = `Usage: bosonic schema

Prints the JSON Schema of experiment files (draft-07), the one \`bosonic run\` checks a file against, for an
editor to check a file as it is typed: save it (\`bosonic schema > experiment.schema.json\`) and point the file's
"$schema" key, or the editor's settings, at it. The package ships it too, as experiment.schema.json.

Options:
  -v, --verbose          show stack traces of errors
`;

/** `bosonic schema`: see {@link SCHEMA_HELP}. */
export async function schemaCommand(args: string[], context: CommandContext): Promise<number> {
  const { positionals: rest } = parseCommandArgs(args, COMMON_OPTIONS);
  positionals(rest, [], 'schema');
  context.terminal.print(JSON.stringify(experimentJsonSchema(), null, 2));
  return ExitCode.ok;
}
