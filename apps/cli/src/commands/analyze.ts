import type { RemoteProcessor } from '@bosonic/cloud';
import {
  Analyzer,
  type AnalyzerExpected,
  type AnalyzerOutputSet,
  type AnalyzerStateSet,
  BasicState,
  catalog,
  type Experiment,
  generateAllLogicalStates,
  getBasicStateFromPorts,
  JobCanceledError,
  Port,
} from '@bosonic/core';
import { BACKEND_NAMES, type BackendName, Processor } from '@bosonic/simulator';
import { CLOUD_OPTIONS, COMMON_OPTIONS, integerOption, parseCommandArgs, positionals } from '../args.js';
import { loadExperiment } from '../experiment/load-experiment.js';
import { handleInterrupts } from '../interrupt.js';
import { ExitCode, UsageError } from '../output/format-error.js';
import { connectPlatform, resolveUrl } from '../remote/cloud-connection.js';
import type { CommandContext } from './command.js';
import { DEFAULT_REMOTE_MAX_SHOTS } from './run.js';

const ANALYZE_OPTIONS = {
  ...COMMON_OPTIONS,
  ...CLOUD_OPTIONS,
  inputs: { type: 'string', multiple: true, short: 'i' },
  outputs: { type: 'string', multiple: true, short: 'o' },
  expected: { type: 'string', multiple: true, short: 'e' },
  normalize: { type: 'boolean' },
  backend: { type: 'string', short: 'b' },
  platform: { type: 'string' },
  'max-shots': { type: 'string' },
} as const;

/** Prefix of an experiment taken from the component catalog instead of a file. */
const CATALOG_PREFIX = 'catalog:';

export const ANALYZE_HELP = `Usage: bosonic analyze <experiment> [options]

Perceval's Analyzer: the truth table of an experiment over input and output states, its performance (worst
success probability over the inputs) and, with --expected, its error rate and fidelity. <experiment> is a file
(JSON or :PCVL:) or a catalog item, e.g. "catalog:postprocessed cnot".

Options:
  -i, --inputs <state>     an input state, e.g. '|1,0,1,0>' (repeatable); default: every logical state of the
                           experiment's qubit ports, labelled '|00>', '|01>', …; else the experiment's input
  -o, --outputs <state>    an output state (repeatable), or '*' for every state; default: the inputs
  -e, --expected <in=out>  the ideal output of an input, by state or label, e.g. '|10>=|11>' (repeatable)
      --normalize          divide each row by its sum (implied by --expected)
  -b, --backend <name>     local backend: ${BACKEND_NAMES.join(' | ')} (default SLOS)
      --platform <name>    run on a cloud platform instead, e.g. sim:slos
      --url <url>          the cloud's URL (default: BOSONIC_CLOUD_URL, the config file, Quandela Cloud)
      --token <token>      the cloud token (default: BOSONIC_CLOUD_TOKEN, PCVL_CLOUD_TOKEN, the config file)
      --max-shots <N>      shot limit of each remote job (default ${DEFAULT_REMOTE_MAX_SHOTS})
      --json               print the analysis as JSON on stdout
  -v, --verbose            show stack traces of errors

Example:
  bosonic analyze "catalog:heralded cnot" -e '|00>=|00>' -e '|01>=|01>' -e '|10>=|11>' -e '|11>=|10>'
`;

/** The experiment and its display name, from a file or the catalog. */
function experimentOf(source: string): { experiment: Experiment; name: string } {
  if (source.startsWith(CATALOG_PREFIX)) {
    const name = source.slice(CATALOG_PREFIX.length).trim();
    if (!catalog.has(name)) {
      throw new UsageError(`the catalog has no item '${name}' (items: ${catalog.names.join(', ')})`);
    }
    return { experiment: catalog.get(name).buildExperiment(), name };
  }
  const loaded = loadExperiment(source);
  return { experiment: loaded.experiment, name: loaded.name };
}

/** The inputs given, else the logical states of the qubit ports, else the experiment's Fock input. */
function inputsOf(experiment: Experiment, given: readonly string[] | undefined): AnalyzerStateSet {
  if (given !== undefined && given.length > 0) return given;
  const ports = experiment.inPorts;
  const qubits = ports.reduce((n, p) => n + (p instanceof Port ? p.encoding.logicalLength : 0), 0);
  if (qubits > 0) {
    return Object.fromEntries(
      generateAllLogicalStates(qubits).map((l) => [
        getBasicStateFromPorts(ports, l).toString(),
        l.toString(),
      ]),
    );
  }
  if (experiment.input instanceof BasicState) return [experiment.input];
  throw new UsageError(
    'give the input states with --inputs (the experiment has no qubit ports and no Fock input)',
  );
}

function expectedOf(pairs: readonly string[] | undefined): AnalyzerExpected | undefined {
  if (pairs === undefined || pairs.length === 0) return undefined;
  const expected: Record<string, string> = {};
  for (const pair of pairs) {
    const at = pair.indexOf('=');
    if (at <= 0 || at === pair.length - 1) {
      throw new UsageError(`--expected takes input=output, e.g. '|10>=|11>' (got '${pair}')`);
    }
    expected[pair.slice(0, at).trim()] = pair.slice(at + 1).trim();
  }
  return expected;
}

/** `bosonic analyze <experiment>`: see {@link ANALYZE_HELP}. */
export async function analyzeCommand(args: string[], context: CommandContext): Promise<number> {
  const { values, positionals: rest } = parseCommandArgs(args, ANALYZE_OPTIONS);
  const [source] = positionals(rest, ['experiment'], 'analyze') as [string];
  const { terminal } = context;
  if (values.platform !== undefined && values.backend !== undefined) {
    throw new UsageError('--backend chooses a local simulator; with --platform the platform decides');
  }
  if (values.platform === undefined && (values.url !== undefined || values.token !== undefined)) {
    throw new UsageError('--url and --token need --platform (without it the analysis runs locally)');
  }
  if (values.backend !== undefined && !(BACKEND_NAMES as readonly string[]).includes(values.backend)) {
    throw new UsageError(`--backend must be one of ${BACKEND_NAMES.join(', ')} (got '${values.backend}')`);
  }
  const maxShots = integerOption(values['max-shots'], 'max-shots', 1);
  const { experiment, name } = experimentOf(source);
  const inputs = inputsOf(experiment, values.inputs);
  const outputs: AnalyzerOutputSet =
    values.outputs === undefined
      ? undefined
      : values.outputs.length === 1 && values.outputs[0] === '*'
        ? '*'
        : values.outputs;
  const expected = expectedOf(values.expected);

  const cloud = { url: values.url, token: values.token, env: context.env };
  let remote: RemoteProcessor | undefined;
  const controller = new AbortController();
  const interrupts = handleInterrupts(() => controller.abort());
  try {
    let processor: Processor | RemoteProcessor;
    let where: string;
    if (values.platform !== undefined) {
      context.errorContext.url = resolveUrl(cloud);
      // The Analyzer sets the photon filter per input; a remote platform needs one before that.
      const prepared = experiment.copy();
      if (prepared.minDetectedPhotons === undefined) prepared.minDetectedPhotonsFilter(1);
      remote = await connectPlatform(values.platform, prepared, cloud);
      processor = remote;
      where = `${values.platform} at ${remote.url}`;
    } else {
      processor = new Processor((values.backend as BackendName | undefined) ?? 'SLOS', experiment);
      where = `local ${processor.resolvedBackend}`;
    }
    const analyzer = new Analyzer(processor, inputs, outputs, {
      ...(remote === undefined ? {} : { maxShotsPerCall: maxShots ?? DEFAULT_REMOTE_MAX_SHOTS }),
    });
    const result = await analyzer.computeAsync({
      signal: controller.signal,
      ...(expected === undefined ? {} : { expected }),
      ...(values.normalize === true ? { normalize: true } : {}),
      ...(terminal.json ? {} : { progress: (_p: number, message: string) => terminal.note(`  ${message}`) }),
    });
    if (terminal.json) {
      terminal.printJson({ experiment: name, target: where, ...analyzer.toJSON() });
      return ExitCode.ok;
    }
    terminal.print(
      `${name}: Analyzer on ${where} (${result.inputStates.length} inputs × ${result.outputStates.length} outputs)`,
    );
    terminal.print(analyzer.toString());
    terminal.print(`performance: ${format(result.performance)}`);
    if (expected !== undefined) {
      terminal.print(
        result.fidelity === undefined
          ? 'fidelity: undefined (an input produced no output)'
          : `error rate: ${format(result.errorRate!)} · fidelity: ${format(result.fidelity)}`,
      );
    }
    return ExitCode.ok;
  } catch (error) {
    if (interrupts.interrupted && error instanceof JobCanceledError) {
      terminal.note('Analysis canceled.');
      return ExitCode.interrupted;
    }
    throw error;
  } finally {
    interrupts.dispose();
    await remote?.close();
  }
}

function format(x: number): string {
  return Number(x.toPrecision(6)).toString();
}
