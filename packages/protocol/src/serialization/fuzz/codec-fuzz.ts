import { BasicState, PostSelect, Rng, ValidationError } from '@bosonic/core';
import { deserialize } from '../deserialize.js';
import { PCVL_PREFIX } from '../pcvl-prefix.js';
import { serialize } from '../serialize.js';
import { MAX_INPUT_LENGTH, mutatePcvl, mutateText } from './mutations.js';
import { seedCorpus } from './seed-corpus.js';

/** How one kind of input was answered. */
export interface FuzzTally {
  /** Inputs tried. */
  tried: number;
  /** Inputs read without error. */
  ok: number;
  /** Inputs refused with a ValidationError (the expected answer to malformed or oversized input). */
  validationError: number;
  /** The longest answer, in milliseconds: reported to point at slow paths, never asserted. */
  slowestMs: number;
}

/** An input answered with anything else than a value or a ValidationError. */
export interface FuzzFailure {
  /** What was called (`deserialize :PCVL:BasicState`, `BasicState.parse`, `new PostSelect`, `round trip …`). */
  target: string;
  /** The input's length, and its first 200 characters. */
  length: number;
  excerpt: string;
  /** The error's class name and message. */
  error: string;
}

/** What a fuzz run tried and how each kind of input was answered. */
export interface FuzzReport {
  seed: number;
  tried: number;
  elapsedMs: number;
  byTarget: Record<string, FuzzTally>;
  failures: FuzzFailure[];
}

/** Options of {@link fuzzCodecs}. */
export interface FuzzOptions {
  /** The generator's seed: the same seed tries the same inputs in the same order. */
  seed: number;
  /** Time budget; the run stops at the first input after it. */
  seconds: number;
  /** Stop after this many inputs, if earlier. */
  maxInputs?: number;
}

/**
 * Feeds seeded mutations of well-formed `:PCVL:` strings to `deserialize` (every tag, plain and `zip:`), and of
 * state and post-selection texts to `BasicState.parse` and `new PostSelect`. Every answer must be a value or a
 * ValidationError; anything else (a RangeError, a stack overflow, a TypeError, a ResourceLimitError) is a
 * failure, recorded with its input. A value read by `deserialize` must also survive `serialize` and a second
 * `deserialize`.
 */
export function fuzzCodecs(options: FuzzOptions): FuzzReport {
  const rng = new Rng(options.seed);
  const seeds = seedCorpus();
  const report: FuzzReport = { seed: options.seed, tried: 0, elapsedMs: 0, byTarget: {}, failures: [] };
  const start = Date.now();
  const deadline = start + options.seconds * 1000;
  const maxInputs = options.maxInputs ?? Number.POSITIVE_INFINITY;
  while (report.tried < maxInputs && Date.now() < deadline) {
    const seed = seeds[rng.nextInt(seeds.length)] as string;
    const tag = seed.slice(PCVL_PREFIX.length, seed.indexOf(':', PCVL_PREFIX.length));
    const body = seed.slice(seed.indexOf(':', PCVL_PREFIX.length) + 1);
    switch (rng.nextInt(6)) {
      case 0:
        if (tag === 'BasicState') {
          tryOne(report, 'BasicState.parse', mutateText(rng, body), (text) => BasicState.parse(text));
          break;
        }
        if (tag === 'PostSelect') {
          tryOne(report, 'new PostSelect', mutateText(rng, body), (text) => new PostSelect(text));
          break;
        }
        tryDeserialize(report, tag, mutatePcvl(rng, seed));
        break;
      default:
        tryDeserialize(report, tag, mutatePcvl(rng, seed));
    }
  }
  report.elapsedMs = Date.now() - start;
  return report;
}

function tryDeserialize(report: FuzzReport, tag: string, input: string): void {
  const value = tryOne(report, `deserialize :PCVL:${tag}`, input, (text) => deserialize(text));
  if (value === undefined || typeof value === 'string') return;
  // What was read must be written and read back (the codec reads its own output).
  tryOne(report, `round trip :PCVL:${tag}`, input, () => deserialize(serialize(value)), false);
}

/** Runs `call` on `input`, tallies its answer under `target`, and returns the value read (if any). */
function tryOne(
  report: FuzzReport,
  target: string,
  input: string,
  call: (input: string) => unknown,
  validationErrorAllowed = true,
): unknown {
  const tally = report.byTarget[target] ?? { tried: 0, ok: 0, validationError: 0, slowestMs: 0 };
  report.byTarget[target] = tally;
  tally.tried++;
  report.tried++;
  const start = performance.now();
  const timed = () => {
    tally.slowestMs = Math.max(tally.slowestMs, performance.now() - start);
  };
  try {
    const value = call(input.length > MAX_INPUT_LENGTH ? input.slice(0, MAX_INPUT_LENGTH) : input);
    timed();
    tally.ok++;
    return value;
  } catch (error) {
    timed();
    if (error instanceof ValidationError && validationErrorAllowed) {
      tally.validationError++;
      return undefined;
    }
    report.failures.push({
      target,
      length: input.length,
      excerpt: input.slice(0, 200),
      error:
        error instanceof Error ? `${error.constructor.name}: ${error.message.slice(0, 300)}` : String(error),
    });
    return undefined;
  }
}

/** The report as a table: inputs tried per target and how they were answered, then any failure. */
export function formatFuzzReport(report: FuzzReport): string {
  const rows = Object.entries(report.byTarget).sort(([a], [b]) => a.localeCompare(b));
  const width = Math.max(...rows.map(([target]) => target.length), 6);
  const lines = [
    `codec fuzz: seed ${report.seed}, ${report.tried} inputs in ${(report.elapsedMs / 1000).toFixed(1)} s, ` +
      `${report.failures.length} failures`,
    `${'target'.padEnd(width)}  ${'tried'.padStart(7)}  ${'ok'.padStart(7)}  ${'ValidationError'.padStart(15)}  ${'slowest ms'.padStart(10)}`,
    ...rows.map(
      ([target, t]) =>
        `${target.padEnd(width)}  ${String(t.tried).padStart(7)}  ${String(t.ok).padStart(7)}  ` +
        `${String(t.validationError).padStart(15)}  ${t.slowestMs.toFixed(1).padStart(10)}`,
    ),
  ];
  for (const failure of report.failures.slice(0, 20)) {
    lines.push(
      `FAILED ${failure.target} (${failure.length} chars ${JSON.stringify(failure.excerpt)}): ${failure.error}`,
    );
  }
  return lines.join('\n');
}
