import type { Worker } from 'node:worker_threads';
import { BosonicError, ResourceLimitError, ValidationError } from '@bosonic/core';
import { HttpProblem } from '../http/error-reply.js';
import type { ExecutionLimits } from '../jobs/sampler-job-plan.js';
import type { CheckerSetup, CheckOrder, CheckVerdict } from './request-checker-messages.js';
import { locateWorkerScript, startWorkerThread } from './worker-threads.js';

/** Create-job bodies from this size (JSON characters) on are checked by the worker, smaller ones inline. */
export const OFFLOAD_REQUEST_CHARS = 32 * 1024;

/** Requests waiting for the checker at most; more answer 429 with `Retry-After`. */
export const MAX_PENDING_CHECKS = 32;

/**
 * Heap of the checker thread, in MiB. Decoding is bounded (inflated bytes, modes, photons), so a request stays far
 * below it; were one to reach it anyway, only the checker dies (the request answers 422), never the server.
 */
export const CHECKER_HEAP_MB = 1024;

interface Pending {
  resolve: (verdict: { quick: boolean }) => void;
  reject: (error: unknown) => void;
}

/**
 * Checks large create-job requests off the event loop (issue 14, item 3): one worker thread decodes and plans
 * them (the same `planSamplerJob` the route runs inline for small ones), one at a time, with a heap of its own.
 * A checker that dies (out of memory) fails the requests it held with a ResourceLimitError and is started again
 * for the next one.
 */
export class RequestChecker {
  readonly #file: string;
  readonly #setup: CheckerSetup;
  readonly #pending = new Map<number, Pending>();
  #worker: Worker | undefined;
  #nextId = 1;
  #closed = false;

  constructor(limits: ExecutionLimits) {
    this.#file = locateWorkerScript('request-checker');
    this.#setup = { limits };
  }

  /** Starts the checker's thread now rather than on the first large request (it loads the simulator). */
  start(): void {
    if (!this.#closed) this.#started();
  }

  /**
   * Decodes and checks `request` (a create-job body as JSON text) for `platform` in the worker.
   * @returns whether the job is quick (see `SamplerJobPlan.quick`).
   * @throws ValidationError or ResourceLimitError as the inline check would; HttpProblem 429 when too many
   *   requests wait.
   */
  check(request: string, platform: string): Promise<{ quick: boolean }> {
    if (this.#closed) return Promise.reject(new BosonicError('The request checker is closed', 'ERR_CLOSED'));
    if (this.#pending.size >= MAX_PENDING_CHECKS) {
      return Promise.reject(
        new HttpProblem(429, `${MAX_PENDING_CHECKS} large requests are being checked: retry in a second`, {
          code: 'ERR_BUSY',
          headers: { 'retry-after': '1' },
        }),
      );
    }
    const id = this.#nextId++;
    return new Promise((resolve, reject) => {
      this.#pending.set(id, { resolve, reject });
      const order: CheckOrder = { id, request, platform };
      this.#started().postMessage(order);
    });
  }

  async close(): Promise<void> {
    this.#closed = true;
    const worker = this.#worker;
    this.#worker = undefined;
    await worker?.terminate();
  }

  #started(): Worker {
    if (this.#worker !== undefined) return this.#worker;
    const worker = startWorkerThread(this.#file, 'bosonic-request-checker', this.#setup, {
      resourceLimits: { maxOldGenerationSizeMb: CHECKER_HEAP_MB },
    });
    worker.unref();
    worker.on('message', (verdict: CheckVerdict) => this.#settle(verdict));
    const fail = (error: unknown): void => {
      if (this.#worker === worker) this.#worker = undefined;
      const reason = new ResourceLimitError(
        `Decoding this request needed more than the ${CHECKER_HEAP_MB} MiB a request check may use`,
        { cause: error },
      );
      for (const pending of this.#pending.values()) pending.reject(reason);
      this.#pending.clear();
    };
    worker.on('error', fail);
    worker.on('exit', (code) => {
      if (!this.#closed) fail(new Error(`The request checker exited with code ${code}`));
    });
    this.#worker = worker;
    return worker;
  }

  #settle(verdict: CheckVerdict): void {
    const pending = this.#pending.get(verdict.id);
    if (pending === undefined) return;
    this.#pending.delete(verdict.id);
    if (verdict.ok) {
      pending.resolve({ quick: verdict.quick });
      return;
    }
    if (verdict.kind === 'validation') {
      pending.reject(
        new ValidationError(verdict.message, verdict.field === undefined ? {} : { field: verdict.field }),
      );
    } else if (verdict.kind === 'resource') {
      pending.reject(new ResourceLimitError(verdict.message));
    } else {
      pending.reject(new BosonicError(verdict.message, verdict.code));
    }
  }
}
