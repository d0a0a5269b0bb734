import type { RemoteJob, RemoteProcessor } from '@bosonic/cloud';
import { type Job, JobCanceledError, Sampler, type SamplerCommand, type SamplerResults } from '@bosonic/core';
import { isSamplingCommand } from '@bosonic/core/internal';
import { BACKEND_NAMES, type BackendName, Processor } from '@bosonic/simulator';
import {
  CLOUD_OPTIONS,
  COMMON_OPTIONS,
  integerOption,
  numberPairs,
  parseCommandArgs,
  positionals,
} from '../args.js';
import { loadExperiment } from '../experiment/load-experiment.js';
import {
  COMMAND_NAMES,
  commandFlagName,
  type LoadedExperiment,
  toSamplerCommand,
} from '../experiment/read-experiment.js';
import { ExitCode, UsageError } from '../output/format-error.js';
import { formatResultText, resultSize, resultsToJson } from '../output/format-results.js';
import { formatDuration } from '../output/progress-bar.js';
import { connectPlatform, resolveUrl } from '../remote/cloud-connection.js';
import type { Terminal } from '../terminal.js';
import { watchJob } from '../watch-job.js';
import type { CommandContext } from './command.js';

const RUN_OPTIONS = {
  ...COMMON_OPTIONS,
  ...CLOUD_OPTIONS,
  command: { type: 'string', short: 'c' },
  samples: { type: 'string', short: 'n' },
  'max-shots': { type: 'string' },
  backend: { type: 'string', short: 'b' },
  seed: { type: 'string' },
  param: { type: 'string', multiple: true, short: 'p' },
  platform: { type: 'string' },
  async: { type: 'boolean' },
  top: { type: 'string' },
  name: { type: 'string' },
  tag: { type: 'string', multiple: true },
} as const;

/** Samples drawn by `sample-count` and `samples` when neither the file nor `--samples` says. */
export const DEFAULT_SAMPLES = 10_000;
/** Shot limit of a remote job when `--max-shots` is not given (remote platforms require one). */
export const DEFAULT_REMOTE_MAX_SHOTS = 1_000_000;

export const RUN_HELP = `Usage: bosonic run <experiment> [options]

Runs an experiment file (JSON, or a :PCVL: experiment string) on the local simulator, or on a cloud platform
with --platform. Waits for the results with a progress bar; Ctrl-C cancels the job and prints what it has.

Options:
  -c, --command <name>     probs | sample-count | samples (default: the file's "command", else probs)
  -n, --samples <N>        samples for sample-count and samples (default: the file's "samples", else ${DEFAULT_SAMPLES})
      --max-shots <N>      shot limit (remote default ${DEFAULT_REMOTE_MAX_SHOTS})
  -b, --backend <name>     local backend: ${BACKEND_NAMES.join(' | ')} (default: the file's, else auto)
      --seed <N>           seed of the sampling, for reproducible runs
  -p, --param <name=value> value of a symbolic circuit parameter (repeatable)
      --platform <name>    run on a cloud platform instead, e.g. sim:slos
      --url <url>          the cloud's URL (default: BOSONIC_CLOUD_URL, the config file, Quandela Cloud)
      --token <token>      the cloud token (default: BOSONIC_CLOUD_TOKEN, PCVL_CLOUD_TOKEN, the config file)
      --async              with --platform: print the job id and return without waiting
      --name <name>        the job's name (default: the command's)
      --tag <tag>          with --platform: a tag of the job (repeatable; bosonic's server)
      --top <N>            rows of the results table (default 10)
      --json               print the results as JSON on stdout
  -v, --verbose            show stack traces of errors
`;

/** Where the job runs, for the report. */
interface Target {
  where: string;
  processor: Processor | RemoteProcessor;
  remote: boolean;
}

function localTarget(loaded: LoadedExperiment, backend: BackendName, seed: number | undefined): Target {
  const processor = new Processor(backend, loaded.experiment, seed === undefined ? {} : { seed });
  const resolved = processor.resolvedBackend;
  return {
    processor,
    remote: false,
    where: `local ${resolved}${backend === 'auto' ? ' (auto)' : ''}`,
  };
}

/** The id of a remote job (undefined for a local one). */
function remoteJobId(job: Job<SamplerResults>): string | undefined {
  return 'id' in job ? (job as { id?: string }).id : undefined;
}

/** Prints results (or partial results) as text or JSON. */
function report(
  terminal: Terminal,
  loaded: LoadedExperiment,
  command: SamplerCommand,
  target: Target,
  job: Job<SamplerResults>,
  results: SamplerResults,
  elapsedSeconds: number,
  top: number | undefined,
): void {
  const status = job.status.status;
  const id = remoteJobId(job);
  if (terminal.json) {
    terminal.printJson({
      experiment: loaded.name,
      command: commandFlagName(command),
      target: target.where,
      ...(id === undefined ? {} : { jobId: id }),
      status,
      elapsedSeconds,
      ...resultsToJson(results),
    });
    return;
  }
  const experiment = loaded.experiment;
  const input = experiment.input;
  const photons =
    input !== undefined && 'n' in input && typeof input.n === 'number' ? `${input.n} photons, ` : '';
  terminal.print(
    `${loaded.name}: ${commandFlagName(command)} on ${target.where}${id === undefined ? '' : ` (job ${id})`}`,
  );
  terminal.print(`${photons}${experiment.m} modes · ${formatDuration(elapsedSeconds)}`);
  if (status === 'CANCELED') terminal.print(`CANCELED: partial results (${resultSize(results)} kept)`);
  terminal.print(formatResultText(results, top === undefined ? {} : { top }));
}

/** `bosonic run <experiment>`: see {@link RUN_HELP}. */
export async function runCommand(args: string[], context: CommandContext): Promise<number> {
  const { values, positionals: rest } = parseCommandArgs(args, RUN_OPTIONS);
  const [file] = positionals(rest, ['experiment'], 'run') as [string];
  const { terminal } = context;
  if (values.platform !== undefined && values.backend !== undefined) {
    throw new UsageError('--backend chooses a local simulator; with --platform the platform decides');
  }
  if (values.async === true && values.platform === undefined) {
    throw new UsageError('--async needs --platform: a local job lives only as long as this process');
  }
  if (values.tag !== undefined && values.platform === undefined) {
    throw new UsageError('--tag needs --platform: tags are kept by the cloud');
  }
  if (values.platform === undefined && (values.url !== undefined || values.token !== undefined)) {
    throw new UsageError('--url and --token need --platform (without it the experiment runs locally)');
  }
  let commandName: SamplerCommand | undefined;
  if (values.command !== undefined) {
    if (!(COMMAND_NAMES as readonly string[]).includes(values.command)) {
      throw new UsageError(`--command must be probs, sample-count or samples (got '${values.command}')`);
    }
    commandName = toSamplerCommand(values.command as (typeof COMMAND_NAMES)[number]);
  }
  let backend: BackendName | undefined;
  if (values.backend !== undefined) {
    if (!(BACKEND_NAMES as readonly string[]).includes(values.backend)) {
      throw new UsageError(`--backend must be one of ${BACKEND_NAMES.join(', ')} (got '${values.backend}')`);
    }
    backend = values.backend as BackendName;
  }
  const samplesOption = integerOption(values.samples, 'samples', 1);
  const maxShots = integerOption(values['max-shots'], 'max-shots', 1);
  const seed = integerOption(values.seed, 'seed', 0);
  const top = integerOption(values.top, 'top', 1);
  const parameters = numberPairs(values.param, 'param');

  const loaded = loadExperiment(file, { parameters });
  const command = commandName ?? loaded.command ?? 'probs';
  const samples = samplesOption ?? loaded.samples ?? DEFAULT_SAMPLES;
  const cloud = { url: values.url, token: values.token, env: context.env };
  if (values.platform !== undefined) context.errorContext.url = resolveUrl(cloud);

  let remoteProcessor: RemoteProcessor | undefined;
  try {
    let target: Target;
    let sampler: Sampler<Processor | RemoteProcessor>;
    if (values.platform !== undefined) {
      remoteProcessor = await connectPlatform(values.platform, loaded.experiment, cloud);
      target = {
        processor: remoteProcessor,
        remote: true,
        where: `${values.platform} at ${remoteProcessor.url}`,
      };
      sampler = new Sampler<Processor | RemoteProcessor>(remoteProcessor, {
        maxShotsPerCall: maxShots ?? Math.max(DEFAULT_REMOTE_MAX_SHOTS, samples),
        ...(seed === undefined ? {} : { seed }),
      });
    } else {
      target = localTarget(loaded, backend ?? loaded.backend ?? 'auto', seed);
      sampler = new Sampler<Processor | RemoteProcessor>(
        target.processor,
        seed === undefined ? {} : { seed },
      );
    }
    const job = sampler.createJob(command);
    if (values.name !== undefined) job.name = values.name;
    if (values.tag !== undefined) await (job as RemoteJob).setTags(values.tag);
    const jobArgs = isSamplingCommand(command)
      ? maxShots === undefined
        ? [samples]
        : [samples, maxShots]
      : [];
    const startedAt = performance.now();
    const launch = async () => {
      await job.executeAsync(...jobArgs);
      const id = remoteJobId(job);
      if (id !== undefined && !terminal.json && values.async !== true) {
        terminal.note(`job ${id} sent to ${values.platform}`);
      }
    };

    if (values.async === true) {
      await launch();
      const id = remoteJobId(job);
      if (terminal.json)
        terminal.printJson({ jobId: id, platform: values.platform, status: job.status.status });
      else terminal.print(id);
      return ExitCode.ok;
    }

    const outcome = await watchJob(job, terminal, { action: 'cancel', launch });
    const elapsed = (performance.now() - startedAt) / 1000;
    if (outcome.results !== undefined) {
      report(terminal, loaded, command, target, job, outcome.results, elapsed, top);
      return outcome.interrupted ? ExitCode.interrupted : ExitCode.ok;
    }
    if (outcome.interrupted && outcome.error instanceof JobCanceledError) {
      // Canceled before anything was computed: nothing to print but the fact.
      if (terminal.json)
        terminal.printJson({
          experiment: loaded.name,
          command: commandFlagName(command),
          status: 'CANCELED',
          results: null,
        });
      else terminal.note('Canceled before any result was computed.');
      return ExitCode.interrupted;
    }
    throw outcome.error;
  } finally {
    await remoteProcessor?.close();
  }
}
