import { BosonicError, ValidationError } from '../errors/index.js';
import type { LocalTask, TaskContext } from '../job/index.js';
import { later } from '../job/later.js';
import type { SamplerResults } from '../model/sampler-results.js';
import { checkJobSpec, parseSamplingArguments } from './job-spec.js';
import type { SamplerJobSpec, SamplerPrimitives } from './processor-like.js';
import {
  type PrimitiveCall,
  type PrimitiveOutcome,
  type Program,
  planRuns,
  samplerProgram,
} from './sampler-program.js';

function isPromiseLike(value: unknown): value is PromiseLike<unknown> {
  return (
    (typeof value === 'object' || typeof value === 'function') &&
    value !== null &&
    typeof (value as { then?: unknown }).then === 'function'
  );
}

/** A call of one of the processor's primitives. */
type PrimitiveRequest = Exclude<PrimitiveCall, { kind: 'pause' }>;

function invoke(
  primitives: SamplerPrimitives,
  call: PrimitiveRequest,
): PrimitiveOutcome | Promise<PrimitiveOutcome> {
  return call.kind === 'probs'
    ? primitives.probs(call.request, call.ctx)
    : primitives.samples(call.request, call.ctx);
}

function checkOutcome(call: PrimitiveRequest, outcome: unknown): PrimitiveOutcome {
  if (outcome === null || typeof outcome !== 'object' || !('results' in outcome)) {
    throw new BosonicError(`The processor's ${call.kind} primitive returned no results`, 'ERR_PRIMITIVE');
  }
  return outcome as PrimitiveOutcome;
}

function driveSync<T>(program: Program<T>, primitives: SamplerPrimitives): T {
  let step = program.next();
  while (!step.done) {
    const call = step.value;
    // A synchronous run has no event loop to yield to: a cancel comes from a progress listener.
    if (call.kind === 'pause') {
      step = program.next(undefined);
      continue;
    }
    let outcome: PrimitiveOutcome;
    try {
      const value = invoke(primitives, call);
      if (isPromiseLike(value)) {
        Promise.resolve(value).catch(() => {}); // nobody will await it: keep its failure from going unhandled
        throw new BosonicError(
          `The processor's ${call.kind} primitive returned a promise in a synchronous run: ` +
            'run this job with executeAsync instead',
          'ERR_SYNC_UNSUPPORTED',
        );
      }
      outcome = checkOutcome(call, value);
    } catch (error) {
      step = program.throw(error);
      continue;
    }
    step = program.next(outcome);
  }
  return step.value;
}

async function driveAsync<T>(program: Program<T>, primitives: SamplerPrimitives): Promise<T> {
  let step = program.next();
  while (!step.done) {
    const call = step.value;
    if (call.kind === 'pause') {
      // A turn of the event loop (after pending I/O), where a cancel() or other work can run.
      await new Promise<void>((resolve) => later(resolve));
      step = program.next(undefined);
      continue;
    }
    let outcome: PrimitiveOutcome;
    try {
      outcome = checkOutcome(call, await invoke(primitives, call));
    } catch (error) {
      step = program.throw(error);
      continue;
    }
    step = program.next(outcome);
  }
  return step.value;
}

/**
 * The LocalJob task of a local processor for `spec`: runs the command natively or through Perceval's
 * primitive fallback, once or once per iteration.
 *
 * - strong processors (`probs` native): `sample_count` perturbs and rounds the distribution
 *   ({@link probsToSampleCount}), `samples` draws from it;
 * - sampling processors (`samples` native): `sample_count` counts the samples, `probs` estimates the
 *   distribution from {@link PROBS_SIMU_SAMPLE_COUNT} samples.
 *
 * Execute-time arguments: `(maxSamples?, maxShots?)` for `sample_count` and `samples`, none for `probs`. A
 * sampling run needs a sample and/or a shot limit (from the arguments, the iteration, or `maxShotsPerCall`);
 * `maxSamples` defaults to {@link SAMPLES_MAX_COUNT} and never exceeds `maxShots`.
 *
 * In `ctx.mode === 'sync'` the primitives are called synchronously; in `'async'` they are awaited. Progress is
 * spread evenly over the iterations and reaches 1 only on success. After a cancel request the task stops
 * between iterations and returns what it has (a canceled `samples` primitive returns its partial samples); the
 * job keeps the progress it had.
 *
 * @throws ValidationError (at once) for a bad spec or a processor without primitives; the task itself throws
 *   ValidationError for bad arguments or missing sampling limits.
 */
export function createSamplerTask(
  spec: SamplerJobSpec,
  primitives: SamplerPrimitives,
): LocalTask<SamplerResults> {
  checkJobSpec(spec);
  const natives = [...(primitives?.nativeCommands ?? [])];
  if (natives.length === 0 || natives.some((c) => c !== 'probs' && c !== 'samples')) {
    throw new ValidationError(
      `A local processor must provide 'probs' and/or 'samples' (got ${JSON.stringify(natives)})`,
      { field: 'nativeCommands' },
    );
  }
  const command = spec.command;
  const iterations = [...spec.iterations];
  const frozenSpec: SamplerJobSpec = { ...spec, iterations };
  const prepare = (args: readonly unknown[], ctx: TaskContext): Program<SamplerResults> => {
    const runs = planRuns(frozenSpec, parseSamplingArguments(command, args));
    return samplerProgram(command, natives, runs, iterations.length > 0, ctx);
  };
  return (args: unknown[], ctx: TaskContext) => {
    // Arguments are checked before anything runs, so bad ones fail the launch in both modes.
    const program = prepare(args, ctx);
    return ctx.mode === 'sync' ? driveSync(program, primitives) : driveAsync(program, primitives);
  };
}
