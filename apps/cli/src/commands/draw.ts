import { writeFileSync } from 'node:fs';
import { circuitToSvg } from '@bosonic/core';
import { COMMON_OPTIONS, numberPairs, parseCommandArgs, positionals } from '../args.js';
import { loadExperiment } from '../experiment/load-experiment.js';
import { ExitCode } from '../output/format-error.js';
import type { CommandContext } from './command.js';

export const DRAW_HELP = `Usage: bosonic draw <experiment> [-o circuit.svg]

Draws an experiment's circuit as SVG (like Perceval's pdisplay): one line per mode, each component a labelled
box, its input photons and heralds at the ends. Without -o, the SVG goes to stdout.

Options:
  -o, --output <file>      write the SVG to this file
  -p, --param <name=value> value of a symbolic circuit parameter (repeatable)
  -v, --verbose            show stack traces of errors
`;

/** `bosonic draw <experiment>`: see {@link DRAW_HELP}. */
export async function drawCommand(args: string[], context: CommandContext): Promise<number> {
  const { values, positionals: rest } = parseCommandArgs(args, {
    ...COMMON_OPTIONS,
    output: { type: 'string', short: 'o' },
    param: { type: 'string', multiple: true, short: 'p' },
  });
  const [file] = positionals(rest, ['experiment'], 'draw') as [string];
  const loaded = loadExperiment(file, { parameters: numberPairs(values.param, 'param') });
  const svg = `${circuitToSvg(loaded.experiment, { title: loaded.name })}\n`;
  if (values.output === undefined) {
    context.terminal.print(svg.trimEnd());
    return ExitCode.ok;
  }
  writeFileSync(values.output, svg);
  if (context.terminal.json)
    context.terminal.printJson({ output: values.output, bytes: Buffer.byteLength(svg) });
  else context.terminal.note(`wrote ${values.output}`);
  return ExitCode.ok;
}
