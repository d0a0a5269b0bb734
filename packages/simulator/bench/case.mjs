// One benchmark case, run in a process of its own (so its peak memory is its own): reads the case as JSON from
// argv[2], prints one JSON line with the measurements. Uses the package's public API from dist/ (run
// `pnpm build` first; `pnpm bench` does through turbo).
import { createRequire } from 'node:module';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { BasicState, Circuit, ComplexMatrix, HWP, PBS, Sampler, TD, Unitary } from '@bosonic/core';
import { Processor, permanent } from '../dist/index.js';

/** Deterministic normal numbers (mulberry32 + Box–Muller), so every run measures the same matrices. */
function gaussianSource(seed) {
  let state = seed >>> 0;
  const uniform = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return () => Math.sqrt(-2 * Math.log(1 - uniform())) * Math.cos(2 * Math.PI * uniform());
}

/** A Haar-random n×n unitary: Gram–Schmidt on the columns of a complex Gaussian matrix. */
function haarUnitary(n, seed) {
  const g = gaussianSource(seed);
  const cols = Array.from({ length: n }, () => Array.from({ length: n }, () => [g(), g()]));
  for (let j = 0; j < n; j++) {
    for (let k = 0; k < j; k++) {
      let re = 0;
      let im = 0;
      for (let i = 0; i < n; i++) {
        const [ar, ai] = cols[k][i];
        const [br, bi] = cols[j][i];
        re += ar * br + ai * bi;
        im += ar * bi - ai * br;
      }
      for (let i = 0; i < n; i++) {
        const [ar, ai] = cols[k][i];
        cols[j][i][0] -= re * ar - im * ai;
        cols[j][i][1] -= re * ai + im * ar;
      }
    }
    const norm = Math.hypot(...cols[j].flat());
    for (let i = 0; i < n; i++) {
      cols[j][i][0] /= norm;
      cols[j][i][1] /= norm;
    }
  }
  const data = new Float64Array(2 * n * n);
  for (let r = 0; r < n; r++) {
    for (let c = 0; c < n; c++) {
      data[2 * (r * n + c)] = cols[c][r][0];
      data[2 * (r * n + c) + 1] = cols[c][r][1];
    }
  }
  return new ComplexMatrix(n, n, data);
}

function circuitOf(m, seed) {
  return new Circuit(m).add(0, new Unitary(haarUnitary(m, seed)));
}

/** |1,1,…,1,0,…,0>: n photons in the first n of m modes. */
function firstModes(n, m) {
  return new BasicState(Array.from({ length: m }, (_, i) => (i < n ? 1 : 0)));
}

const now = () => performance.now() / 1000;

/** The addon this package built (`pnpm build:native` puts it in its platform package), loaded directly. */
function loadAddon() {
  const abi =
    process.platform === 'linux'
      ? process.report.getReport().header.glibcVersionRuntime
        ? '-gnu'
        : '-musl'
      : '';
  const file =
    process.env.BOSONIC_NATIVE_LIBRARY_PATH ?? `@bosonic/simulator-${process.platform}-${process.arch}${abi}`;
  return createRequire(import.meta.url)(file);
}

const cases = {
  permanent({ n, threads }) {
    const matrix = haarUnitary(n, 1000 + n);
    permanent(haarUnitary(12, 1), { threads }); // warm-up (kernel selection, page faults)
    let reps = 0;
    const start = now();
    do {
      permanent(matrix, { threads });
      reps++;
    } while (now() - start < 0.3);
    return { seconds: (now() - start) / reps, reps };
  },

  slos({ n, m }) {
    const processor = new Processor('SLOS', circuitOf(m, 7)).withInput(firstModes(n, m));
    const start = now();
    const cpu = process.cpuUsage();
    const { results } = new Sampler(processor).probs();
    const seconds = now() - start;
    const used = process.cpuUsage(cpu);
    // CPU time (user + system, all threads) stays comparable when other processes share the machine.
    return { seconds, cpuSeconds: (used.user + used.system) / 1e6, states: results.size };
  },

  /** One NaiveApprox amplitude with its 99 % bound: Gurvits' estimator, `iterations` draws of O(n²) each. */
  naiveApprox({ n, m, iterations }) {
    const processor = new Processor('NaiveApprox', circuitOf(m, 19), {
      seed: 1,
      gurvitsIterations: iterations,
    });
    processor.withInput(firstModes(n, m));
    const output = new BasicState(Array.from({ length: m }, (_, i) => (i >= m - n ? 1 : 0)));
    const start = now();
    const { amplitude, errorBound } = processor.probAmplitudeWithError(output);
    const seconds = now() - start;
    return { seconds, modulus: Math.hypot(amplitude.re, amplitude.im), errorBound };
  },

  /**
   * Polarization: n photons alternately H and V in the first n of m modes, through a wave plate on every mode, a
   * Haar-random interferometer and a PBS on each pair: SLOS on 2m modes, results merged to m.
   */
  polarization({ n, m }) {
    const circuit = new Circuit(m);
    for (let k = 0; k < m; k++) circuit.add(k, new HWP(0.1 * (k + 1)));
    circuit.add(0, new Unitary(haarUnitary(m, 23)));
    for (let k = 0; k + 1 < m; k += 2) circuit.add(k, new PBS());
    const input = `|${Array.from({ length: m }, (_, i) => (i < n ? (i % 2 === 0 ? '{P:H}' : '{P:V}') : '0')).join(',')}>`;
    const processor = new Processor('SLOS', circuit).withInput(input);
    const start = now();
    const { results } = new Sampler(processor).probs();
    return { seconds: now() - start, states: results.size };
  },

  /** Time delays: a Haar-random interferometer, TD(1) on the last mode, another interferometer; n photons. */
  timeDelay({ n, m }) {
    const circuit = new Circuit(m)
      .add(0, new Unitary(haarUnitary(m, 29)))
      .add(m - 1, new TD(1))
      .add(0, new Unitary(haarUnitary(m, 31)));
    const processor = new Processor('SLOS', circuit).withInput(firstModes(n, m)).minDetectedPhotonsFilter(0);
    const start = now();
    const { results } = new Sampler(processor).probs();
    return { seconds: now() - start, states: results.size };
  },

  /**
   * MPS: `layers` layers of Haar-random beam splitters on neighbouring modes (a shallow circuit), n photons in the
   * first n modes; one amplitude at bond dimension `cutoff` (the whole state is built first), or, without `cutoff`,
   * through `'auto'` (MPS at the exact bond dimension of the light-cone bound). The truncation error is computed
   * after the timing (it builds the MPS again).
   */
  mps({ n, m, layers, cutoff }) {
    const circuit = new Circuit(m);
    let seed = 100;
    for (let layer = 0; layer < layers; layer++) {
      for (let k = layer % 2; k + 1 < m; k += 2) circuit.add(k, new Unitary(haarUnitary(2, seed++)));
    }
    const processor =
      cutoff === undefined
        ? new Processor('auto', circuit).withInput(firstModes(n, m))
        : new Processor('MPS', circuit, { cutoff }).withInput(firstModes(n, m));
    // Every photon one mode down: reachable through two layers of neighbour beam splitters.
    const output = new BasicState(Array.from({ length: m }, (_, i) => (i >= 1 && i <= n ? 1 : 0)));
    const start = now();
    const amplitude = processor.probAmplitude(output);
    const seconds = now() - start;
    const truncationError =
      cutoff === undefined
        ? 0
        : new Processor('MPS', circuit, { cutoff }).withInput(firstModes(n, m)).truncationError();
    return { seconds, modulus: Math.hypot(amplitude.re, amplitude.im), truncationError };
  },

  /** Draws batches of doubling size until about `seconds` of sampling, for a stable time per sample. */
  clifford({ n, m, seconds }) {
    const processor = new Processor('CliffordClifford2017', circuitOf(m, 11), { seed: 5 }).withInput(
      firstModes(n, m),
    );
    new Sampler(processor, { seed: 1 }).samples(1); // warm-up
    let drawn = 0;
    let elapsed = 0;
    for (let batch = 2, seed = 2; elapsed < seconds; batch *= 2, seed++) {
      const start = now();
      const { results } = new Sampler(processor, { seed }).samples(batch);
      elapsed += now() - start;
      drawn += results.length;
    }
    return { seconds: elapsed, samples: drawn, secondsPerSample: elapsed / drawn };
  },

  /**
   * The same SLOS computation bare (the addon called directly, no progress callback, on this thread) and as a
   * watched async job (LocalJob, native thread, progress listener): the difference is the cost of the job
   * machinery, progress reporting and cancellation checks.
   */
  async overhead({ n, m, reps }) {
    const unitary = haarUnitary(m, 3);
    const circuit = new Circuit(m).add(0, new Unitary(unitary));
    const input = firstModes(n, m);
    // The request object of src/native/request.ts, written out by hand.
    const request = {
      backend: 'SLOS',
      m,
      elements: [{ kind: 'unitary', firstMode: 0, size: m, matrix: unitary.data }],
      input: {
        kind: 'source',
        occupations: Uint8Array.from(input.toArray()),
        noise: { brightness: 1, g2: 0, g2Distinguishable: true, indistinguishability: 1, transmittance: 1 },
      },
      heralds: [],
      keepHeralds: false,
      postSelect: null,
      detectors: [],
      thresholdedOutput: false,
      minDetectedPhotons: n,
      precision: null,
      memoryLimitBytes: null,
      threads: 0,
      seed: 1,
    };
    const addon = loadAddon();
    const sampler = new Sampler(new Processor('SLOS', circuit).withInput(input));
    addon.probsSync(request); // warm-up
    const bare = [];
    const watched = [];
    let events = 0;
    for (let i = 0; i < reps; i++) {
      let start = now();
      addon.probsSync(request);
      bare.push(now() - start);
      const job = sampler.probs;
      job.onProgress(() => events++);
      start = now();
      await job.executeAsync();
      await job.wait();
      watched.push(now() - start);
    }
    // The fastest of several runs: timing noise on a shared machine only ever adds time.
    return { bare: Math.min(...bare), watched: Math.min(...watched), events };
  },

  /** How long a cancel takes to stop a sampling job, and the event loop's delay while one runs. */
  async cancel({ n, m }) {
    const processor = new Processor('CliffordClifford2017', circuitOf(m, 13), { seed: 9 }).withInput(
      firstModes(n, m),
    );
    const latencies = [];
    // A first, unmeasured run warms up the sampler (allocations, threads, JIT).
    for (let i = -1; i < 5; i++) {
      const job = new Sampler(processor, { seed: i }).samples;
      await job.executeAsync(100_000);
      await new Promise((resolve) => setTimeout(resolve, 150));
      const start = now();
      await job.cancel();
      try {
        await job.wait();
      } catch {
        // a cancel with nothing drawn yet: still a stop
      }
      if (i >= 0) latencies.push(now() - start);
    }
    return { worst: Math.max(...latencies), latencies };
  },

  async eventLoop({ n, m, seconds }) {
    const processor = new Processor('CliffordClifford2017', circuitOf(m, 17), { seed: 3 }).withInput(
      firstModes(n, m),
    );
    const histogram = monitorEventLoopDelay({ resolution: 1 });
    const job = new Sampler(processor, { seed: 4 }).samples;
    let events = 0;
    job.onProgress(() => events++);
    histogram.enable();
    await job.executeAsync(100_000);
    // Keep the loop busy with timers, as a server would, while the job computes.
    const timer = setInterval(() => {}, 1);
    await new Promise((resolve) => setTimeout(resolve, seconds * 1000));
    await job.cancel();
    await job.wait().catch(() => undefined);
    clearInterval(timer);
    histogram.disable();
    return { p99Ms: histogram.percentile(99) / 1e6, maxMs: histogram.max / 1e6, events };
  },
};

const spec = JSON.parse(process.argv[2]);
const result = await cases[spec.kind](spec);
console.log(JSON.stringify({ ...result, maxRssBytes: process.resourceUsage().maxRSS * 1024 }));
