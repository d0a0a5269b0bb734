import { Rng } from '@bosonic/core';
import { serialize } from '@bosonic/protocol';
import { createJobBody, homExperiment, longSamplingExperiment } from './fixtures.js';
import { rawCall } from './raw-http.js';

/**
 * A seeded fuzzer of the HTTP API: valid requests mutated (create-job bodies with fields removed, replaced by
 * values of other types, extreme numbers, long or malformed strings; odd headers; odd ids in paths), sent to a
 * running server. Every answer must be a 2xx or a 4xx: a 5xx, a network error or a non-JSON error is a failure.
 */

/** How the fuzzed requests were answered. */
export interface HttpFuzzReport {
  seed: number;
  /** Requests sent. */
  tried: number;
  /** Answers by status code. */
  byStatus: Record<string, number>;
  /** Requests answered 5xx, not answered, or answered with an error that is not JSON `{ error }`. */
  failures: { request: string; answer: string }[];
}

const TOKEN_HEADERS = [
  'Bearer %T',
  'bearer %T',
  'Bearer  %T ',
  'Bearer',
  'Basic %T',
  '%T',
  'Bearer %T%T',
  '',
];
const WEIRD_STRINGS = [
  '',
  ' ',
  '\u0000',
  'é',
  '🙂',
  ':PCVL:',
  ':PCVL:zip:',
  ':PCVL:zip:AAAA',
  ':PCVL:BasicState:|1,1>',
  ':PCVL:BasicState:|9999999>',
  ':PCVL:Experiment:',
  `:PCVL:Experiment:${'A'.repeat(5000)}`,
  '(((((((((([0]==1))))))))))',
  '../../etc/passwd',
  '%00',
  'x'.repeat(300),
];
const WEIRD_NUMBERS = [0, -1, 1, 0.5, 2 ** 31, 2 ** 53, -(2 ** 53), 1e308, Number.MAX_SAFE_INTEGER];
const WEIRD_IDS = [
  'x',
  '0',
  '-',
  '..',
  '%2e%2e',
  'a'.repeat(129),
  'a'.repeat(300),
  '%00',
  '%F0%9F%99%82',
  'id?x=1',
];

/** Sends requests for `seconds` (or `maxRequests`), mutating valid ones with a generator seeded by `seed`. */
export async function fuzzHttpApi(options: {
  url: string;
  token: string;
  seed: number;
  seconds: number;
  maxRequests?: number;
}): Promise<HttpFuzzReport> {
  const rng = new Rng(options.seed);
  const report: HttpFuzzReport = { seed: options.seed, tried: 0, byStatus: {}, failures: [] };
  const bases = [
    createJobBody(homExperiment()),
    createJobBody(homExperiment(), { command: 'sample_count', max_samples: 100 }),
    createJobBody(homExperiment('sim:clifford2017'), { command: 'samples', max_samples: 10 }),
    {
      ...createJobBody(homExperiment()),
      payload: { command: 'probs', experiment: serialize(longSamplingExperiment('sim:slos')) },
    },
  ];
  const end = Date.now() + options.seconds * 1000;
  while (Date.now() < end && report.tried < (options.maxRequests ?? Number.POSITIVE_INFINITY)) {
    const request = pickRequest(rng, bases, options.token);
    let answer: Awaited<ReturnType<typeof rawCall>> | undefined;
    let failure: string | undefined;
    try {
      answer = await rawCall(options.url, request.method, request.path, {
        headers: request.headers,
        ...(request.body === undefined ? {} : { body: request.body }),
      });
    } catch (error) {
      failure = `no answer: ${(error as Error).message}`;
    }
    report.tried++;
    const status = answer === undefined ? 'none' : String(answer.status);
    report.byStatus[status] = (report.byStatus[status] ?? 0) + 1;
    if (answer !== undefined && answer.status >= 500)
      failure = `${answer.status} ${answer.text.slice(0, 200)}`;
    if (
      answer !== undefined &&
      answer.status >= 400 &&
      typeof (answer.json as { error?: unknown })?.error !== 'string'
    ) {
      failure = `${answer.status} without a JSON error: ${answer.text.slice(0, 200)}`;
    }
    if (failure !== undefined && report.failures.length < 20) {
      report.failures.push({
        request: `${request.method} ${request.path} ${JSON.stringify(request.headers)} ${String(request.body).slice(0, 300)}`,
        answer: failure,
      });
    }
  }
  return report;
}

interface FuzzRequest {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  path: string;
  headers: Record<string, string>;
  body?: string;
}

function pickRequest(rng: Rng, bases: readonly Record<string, unknown>[], token: string): FuzzRequest {
  const headers: Record<string, string> = { authorization: `Bearer ${token}` };
  if (rng.next() < 0.1) {
    headers.authorization = pick(rng, TOKEN_HEADERS).replaceAll(
      '%T',
      rng.next() < 0.5 ? token : 'wrong-token-1234',
    );
  }
  if (rng.next() < 0.1)
    headers['idempotency-key'] = pick(
      rng,
      // Visible ASCII only: the client itself refuses other header values.
      WEIRD_STRINGS.filter((s) => /^[ -~]*$/.test(s)),
    );
  const kind = rng.nextInt(10);
  if (kind < 6) {
    const body = mutate(rng, structuredClone(pick(rng, bases)), 1 + rng.nextInt(3));
    let text = JSON.stringify(body);
    if (rng.next() < 0.05) text = text.slice(0, rng.nextInt(text.length + 1));
    headers['content-type'] = rng.next() < 0.05 ? 'text/plain' : 'application/json';
    return { method: 'POST', path: '/api/job', headers, body: text };
  }
  const id = rng.next() < 0.5 ? crypto.randomUUID() : pick(rng, WEIRD_IDS);
  const paths: [FuzzRequest['method'], string][] = [
    ['GET', `/api/job/status/${id}`],
    ['GET', `/api/job/result/${id}`],
    ['POST', `/api/job/cancel/${id}`],
    ['POST', `/api/job/rerun/${id}`],
    ['DELETE', `/api/job/${id}`],
    ['PUT', `/api/job/${id}/tags`],
    [
      'GET',
      `/api/jobs?limit=${pick(rng, ['0', '-1', '1', '1000000', 'x', ''])}&status=${pick(rng, WEIRD_STRINGS)}`,
    ],
    [
      'GET',
      `/api/platforms/${encodeURIComponent(pick(rng, ['sim:slos', 'sim:x', ...WEIRD_STRINGS]))}/processor`,
    ],
    ['GET', '/api/jobs/availability'],
  ];
  const [method, path] = pick(rng, paths);
  const request: FuzzRequest = { method, path, headers };
  if (method === 'PUT') {
    headers['content-type'] = 'application/json';
    request.body = JSON.stringify(
      rng.next() < 0.5 ? { tags: [pick(rng, WEIRD_STRINGS)] } : pick(rng, WEIRD_STRINGS),
    );
  }
  return request;
}

/** `count` random edits of a JSON value: a field removed, replaced by a weird value, or a nested one edited. */
function mutate(rng: Rng, value: Record<string, unknown>, count: number): unknown {
  for (let i = 0; i < count; i++) {
    const path = randomPath(rng, value);
    if (path.length === 0) continue;
    const parent = path
      .slice(0, -1)
      .reduce<Record<string, unknown>>((at, key) => at[key] as Record<string, unknown>, value);
    const key = path[path.length - 1]!;
    const choice = rng.nextInt(6);
    if (choice === 0) delete parent[key];
    else if (choice === 1) parent[key] = pick(rng, WEIRD_STRINGS);
    else if (choice === 2) parent[key] = pick(rng, WEIRD_NUMBERS);
    else if (choice === 3) parent[key] = pick<unknown>(rng, [null, true, [], {}, [[[]]], { a: { b: {} } }]);
    else if (choice === 4 && typeof parent[key] === 'string') {
      const text = parent[key] as string;
      const at = rng.nextInt(text.length + 1);
      parent[key] = text.slice(0, at) + pick(rng, WEIRD_STRINGS) + text.slice(at + rng.nextInt(8));
    } else
      parent[
        pick(rng, ['max_samples', 'max_shots', 'iterator', 'parameters', 'tags', 'job_context', '__proto__'])
      ] = pick<unknown>(rng, [
        ...WEIRD_NUMBERS,
        ...WEIRD_STRINGS.slice(0, 4),
        [{}],
        [{ max_samples: 0 }],
        { x: 1 },
      ]);
  }
  return value;
}

function randomPath(rng: Rng, value: unknown): string[] {
  const path: string[] = [];
  let at = value;
  while (at !== null && typeof at === 'object' && (path.length === 0 || rng.next() < 0.6)) {
    const keys = Object.keys(at);
    if (keys.length === 0) break;
    const key = pick(rng, keys);
    path.push(key);
    at = (at as Record<string, unknown>)[key];
  }
  return path;
}

function pick<T>(rng: Rng, items: readonly T[]): T {
  return items[rng.nextInt(items.length)]!;
}
