// The addon itself, called with hostile arguments: every mistake is a coded error naming the field, a throwing
// callback propagates, and nothing crashes the process.
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import { BasicState, BS, Circuit, Experiment } from '@bosonic/core';
import { describe, expect, it } from 'vitest';
import type { NativeBinding } from './binding.js';
import { encodeRequest } from './encode.js';
import { nativeBinding as binding, detectMusl, platformTuple } from './loader.js';
import type { NativeRequest } from './request.js';

function homRequest(): NativeRequest {
  const experiment = new Experiment(new Circuit(2).add(0, BS.H())).withInput(new BasicState([1, 1]));
  return encodeRequest(experiment, { backend: 'SLOS', seed: 1 });
}

/** The coded error a native call throws. */
function nativeError(fn: () => unknown): { code?: string; field?: string; message: string } {
  try {
    fn();
  } catch (error) {
    return error as { code?: string; field?: string; message: string };
  }
  throw new Error('expected the call to throw');
}

describe('the native addon', () => {
  const addon: NativeBinding = binding();

  it('computes the HOM distribution from a plain request object', () => {
    const out = addon.probsSync(homRequest());
    expect(out.kind).toBe('dense');
    expect(out.m).toBe(2);
    expect(Array.from(out.probs).map((p) => Math.round(p * 1e12) / 1e12)).toEqual([0.5, 0, 0.5]);
  });

  it('names the field of every malformed part of a request', () => {
    const cases: [(r: NativeRequest) => unknown, string][] = [
      [(r) => ({ ...r, backend: 'SLAP' }), 'request.backend'],
      [(r) => ({ ...r, m: -1 }), 'request.m'],
      [(r) => ({ ...r, m: '2' }), 'request.m'],
      [(r) => ({ ...r, elements: {} }), 'request.elements'],
      [(r) => ({ ...r, elements: [{ kind: 'mirror' }] }), 'request.elements[0].kind'],
      [
        (r) => ({ ...r, elements: [{ kind: 'unitary', firstMode: 0, size: 2, matrix: [1, 0] }] }),
        'request.elements[0].matrix',
      ],
      [(r) => ({ ...r, input: { kind: 'source', occupations: [1, 1] } }), 'request.input.occupations'],
      [(r) => ({ ...r, heralds: [{ mode: 0, expected: 999 }] }), 'request.heralds[0].expected'],
      [(r) => ({ ...r, postSelect: { kind: 'nand', children: [] } }), 'request.postSelect.kind'],
      [
        (r) => ({ ...r, detectors: [{ kind: 'ppnr', efficiency: 'high' }, null] }),
        'request.detectors[0].efficiency',
      ],
      [(r) => ({ ...r, threads: 1e9 }), 'request.threads'],
      [(r) => ({ ...r, seed: 0.5 }), 'request.seed'],
    ];
    for (const [mutate, field] of cases) {
      const error = nativeError(() => addon.probsSync(mutate(homRequest()) as NativeRequest));
      expect(error.code, field).toBe('ERR_VALIDATION');
      expect(error.field).toBe(field);
    }
  });

  it('refuses a request that is not an object', () => {
    for (const request of [undefined, null, 42, 'SLOS']) {
      expect(nativeError(() => addon.probsSync(request as never)).code).toBe('ERR_VALIDATION');
    }
  });

  it('refuses a post-selection nested deeper than it can safely walk', () => {
    let deep: unknown = { kind: 'true' };
    for (let i = 0; i < 100; i++) deep = { kind: 'and', children: [deep] };
    const error = nativeError(() => addon.probsSync({ ...homRequest(), postSelect: deep as never }));
    expect(error.code).toBe('ERR_VALIDATION');
  });

  it('lets the engine name physics errors (a non-unitary matrix)', () => {
    const request = homRequest();
    request.elements = [
      { kind: 'unitary', firstMode: 0, size: 2, matrix: Float64Array.of(2, 0, 0, 0, 0, 0, 2, 0) },
    ];
    const error = nativeError(() => addon.probsSync(request));
    expect(error.code).toBe('ERR_VALIDATION');
    expect(typeof error.field).toBe('string');
  });

  it('rethrows what a sync progress callback throws, after stopping the work', () => {
    const experiment = new Experiment(new Circuit(12)).withInput(new BasicState(Array(12).fill(1)));
    const request = encodeRequest(experiment, { backend: 'Naive', seed: 1 });
    const error = nativeError(() =>
      addon.probsSync(request, () => {
        throw new Error('listener failed');
      }),
    );
    expect(error.message).toBe('listener failed');
  });

  it('checks its own arguments: permanent sizes, sample counts and callbacks', () => {
    expect(nativeError(() => addon.permanent(new Float64Array(2), 1, -1)).field).toBe('threads');
    expect(nativeError(() => addon.permanent(new Float64Array(8), 99, 1)).field).toBe('n');
    expect(nativeError(() => addon.samplesSync(homRequest(), -5, null)).field).toBe('maxSamples');
    expect(nativeError(() => addon.probsAsync(homRequest(), 'nope' as never)).field).toBe('onProgress');
    expect(nativeError(() => addon.probAmplitude(homRequest(), [2, 0] as never)).field).toBe('output');
  });
});

describe('the native addon in worker threads', () => {
  const addonPath = createRequire(import.meta.url).resolve(
    `@bosonic/simulator-${platformTuple(process.platform, process.arch, detectMusl)}`,
  );

  it('loads in several workers and survives their termination mid-job', async () => {
    // Only the sampling backend samples natively.
    const request = { ...homRequest(), backend: 'CliffordClifford2017' as const };
    const code = `
      const { parentPort, workerData } = require('node:worker_threads');
      const addon = require(workerData.addonPath);
      parentPort.postMessage(addon.permanent(new Float64Array([1, 0, 2, 0, 3, 0, 4, 0]), 2, 1).re);
      addon.samplesAsync(workerData.request, 50_000_000, null, () => {}).promise.then(() => {});
    `;
    const firsts = await Promise.all(
      [0, 1, 2].map(
        (i) =>
          new Promise<number>((resolve, reject) => {
            const worker = new Worker(code, { eval: true, workerData: { addonPath, request } });
            worker.once('message', (value: number) => {
              // Tear the worker down while its native job is still sampling.
              setTimeout(() => void worker.terminate().then(() => resolve(value)), 20 * i);
            });
            worker.once('error', reject);
          }),
      ),
    );
    expect(firsts).toEqual([10, 10, 10]);
    // This thread's addon still works after the workers' environments went away.
    expect(binding().permanent(new Float64Array([1, 0, 2, 0, 3, 0, 4, 0]), 2, 1).re).toBe(10);
  });
});
