import {
  AuthenticationError,
  BosonicError,
  HttpError,
  NetworkError,
  type NetworkFailure,
  ValidationError,
} from '@bosonic/core';
import type { CreateJobRequest, JobResultResponse, JobStatusResponse } from '@bosonic/protocol';
import type { RpcConnectionSettings } from '../rpc/rpc-client.js';

/**
 * The conversation between a blocked `executeSync` (main thread) and the worker doing its HTTP work.
 * Everything here crosses a `MessagePort` by structured clone: plain data only.
 */

/** What the worker is given. */
export interface SyncJobOrder {
  settings: RpcConnectionSettings;
  body: CreateJobRequest;
  idempotencyKey: string;
  /** Pause between two status requests, in ms. */
  refreshIntervalMs: number;
}

/** Worker → main. `done` is always the last message. */
export type SyncReport =
  | { type: 'created'; id: string }
  | { type: 'status'; response: JobStatusResponse }
  | { type: 'results'; response: JobResultResponse | null }
  | { type: 'error'; error: SerializedError }
  | { type: 'done' };

/** An error flattened for the trip between threads. */
export interface SerializedError {
  name: string;
  message: string;
  code?: string;
  status?: number;
  body?: string;
  field?: string;
  failure?: NetworkFailure;
}

/** Layout of the shared Int32Array: a counter bumped on every report, and a flag set when the worker exits. */
export const SEQ = 0;
export const EXITED = 1;
export const SHARED_SLOTS = 2;

/** Flattens an error, keeping what rebuilding its bosonic class needs. */
export function serializeError(error: unknown): SerializedError {
  if (!(error instanceof Error)) return { name: 'Error', message: String(error) };
  const flat: SerializedError = { name: error.name, message: error.message };
  if (error instanceof BosonicError) flat.code = error.code;
  if (error instanceof HttpError) {
    flat.status = error.status;
    flat.body = error.body;
  }
  if (error instanceof AuthenticationError && error.status !== undefined) flat.status = error.status;
  if (error instanceof ValidationError && error.field !== undefined) flat.field = error.field;
  if (error instanceof NetworkError) flat.failure = error.failure;
  return flat;
}

/** Rebuilds an error of the same bosonic class (plain `Error`/`BosonicError` for others). */
export function deserializeError(flat: SerializedError): Error {
  switch (flat.name) {
    case 'AuthenticationError':
      return new AuthenticationError(flat.message, flat.status === undefined ? {} : { status: flat.status });
    case 'HttpError':
      return new HttpError(flat.message, { status: flat.status ?? 0, body: flat.body ?? '' });
    case 'ValidationError':
      return new ValidationError(flat.message, flat.field === undefined ? {} : { field: flat.field });
    case 'NetworkError':
      return new NetworkError(flat.message, { failure: flat.failure ?? 'connection' });
    default: {
      if (flat.code !== undefined) {
        const error = new BosonicError(flat.message, flat.code);
        if (flat.name !== 'BosonicError') error.name = flat.name;
        return error;
      }
      const error = new Error(flat.message);
      error.name = flat.name;
      return error;
    }
  }
}
