/**
 * A minimal cloud for the tests, written from docs/wire-protocol.md: the REST paths, Bearer tokens, JSON bodies
 * and status strings of the Quandela Cloud, with jobs that progress on timers. Not part of the package (tsup
 * bundles only what `index.ts` and the worker reach).
 */
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  type CreateJobRequest,
  type JobResultsContent,
  type PlatformDetails,
  quotePlus,
  validateCreateJobRequest,
} from '@bosonic/protocol';

/** How a job behaves on the test cloud. */
export interface JobScript {
  /** Ms from creation to `running` (default 20). */
  startAfterMs?: number;
  /** Ms of running before the outcome (default 60); progress is reported in between. */
  runForMs?: number;
  /** How it ends (default: completed with {@link TestCloudOptions.results}). */
  outcome?:
    | { status: 'completed'; results?: JobResultsContent | null }
    | { status: 'error'; message: string }
    | { status: 'never' };
  /** Partial results returned once canceled (default none: the result endpoint answers 404). */
  partialResults?: JobResultsContent;
}

/** Options of {@link startTestCloud}. */
export interface TestCloudOptions {
  tokens?: string[];
  platforms?: PlatformDetails[];
  /** Results of a completed job, from its request (default: `{"results": null}`). */
  results?: (request: CreateJobRequest) => JobResultsContent | null;
  /** Script of each new job (default: the defaults of {@link JobScript}). */
  script?: (request: CreateJobRequest) => JobScript;
  /** Serve only the legacy platform path (the new one answers 404). */
  legacyPlatformPathOnly?: boolean;
  /** `max_jobs_in_queue` of the availability endpoint (default 10). */
  maxJobsInQueue?: number;
}

/** A job as the test cloud holds it. */
export interface TestCloudJob {
  id: string;
  token: string;
  request: CreateJobRequest;
  status: string;
  progress: number;
  progressMessage: string | null;
  statusMessage: string | null;
  created: number;
  started: number | null;
  stopped: number | null;
  results: JobResultsContent | null;
  script: JobScript;
  timers: NodeJS.Timeout[];
}

/** A request the test cloud received. */
export interface LoggedRequest {
  method: string;
  path: string;
  headers: IncomingMessage['headers'];
  body: string;
}

/** A fault to inject: the next `times` requests matching `path` (and `method`) answer `status` (or hang). */
export interface Fault {
  method?: string;
  path: RegExp;
  status?: number;
  body?: string;
  headers?: Record<string, string>;
  /** Hold the answer this long (to trigger client timeouts). */
  delayMs?: number;
  /** Destroy the connection without answering. */
  drop?: boolean;
  times: number;
}

export interface TestCloud {
  url: string;
  jobs: Map<string, TestCloudJob>;
  requests: LoggedRequest[];
  /** Injects faults, consumed in order of registration. */
  fault(fault: Fault): void;
  /** Requests whose path matches. */
  count(method: string, path: RegExp): number;
  close(): Promise<void>;
}

/** A platform like the test mock of Perceval's (`DEFAULT_PLATFORM_INFO`). */
export function testPlatform(
  name: string,
  overrides: Partial<PlatformDetails['specs']> = {},
): PlatformDetails {
  return {
    id: randomUUID(),
    name,
    status: 'available',
    type: 'simulator',
    perfs: {},
    specs: {
      available_commands: ['probs', 'sample_count', 'samples'],
      constraints: {
        max_mode_count: 20,
        max_photon_count: 6,
        min_mode_count: 1,
        min_photon_count: 1,
        support_multi_photon: true,
      },
      parameters: { min_detected_photons: 'Minimum number of detected photons' },
      architecture: ':PCVL:Experiment:UP///38=',
      ...overrides,
    },
  };
}

export async function startTestCloud(options: TestCloudOptions = {}): Promise<TestCloud> {
  const tokens = new Set(options.tokens ?? ['t0k3n']);
  const platforms = new Map((options.platforms ?? [testPlatform('sim:test')]).map((p) => [p.name ?? '', p]));
  const jobs = new Map<string, TestCloudJob>();
  const idempotency = new Map<string, string>();
  const requests: LoggedRequest[] = [];
  const faults: Fault[] = [];

  const finish = (job: TestCloudJob, status: string, message: string | null): void => {
    for (const timer of job.timers) clearTimeout(timer);
    job.timers = [];
    job.status = status;
    job.statusMessage = message;
    job.stopped = Date.now() / 1000;
    job.started ??= job.stopped;
  };

  const launch = (job: TestCloudJob): void => {
    const startAfter = job.script.startAfterMs ?? 20;
    const runFor = job.script.runForMs ?? 60;
    job.timers.push(
      setTimeout(() => {
        if (job.status !== 'waiting') return;
        job.status = 'running';
        job.started = Date.now() / 1000;
        job.progressMessage = 'computing';
        const steps = 3;
        for (let step = 1; step < steps; step++) {
          job.timers.push(
            setTimeout(
              () => {
                if (job.status === 'running') job.progress = step / steps;
              },
              (runFor * step) / steps,
            ),
          );
        }
        job.timers.push(
          setTimeout(() => {
            if (job.status !== 'running') return;
            const outcome = job.script.outcome ?? { status: 'completed' };
            if (outcome.status === 'never') return;
            if (outcome.status === 'error') {
              finish(job, 'error', outcome.message);
              return;
            }
            job.results =
              outcome.results !== undefined ? outcome.results : (options.results?.(job.request) ?? null);
            job.progress = 1;
            finish(job, 'completed', null);
          }, runFor),
        );
      }, startAfter),
    );
  };

  const handle = async (req: IncomingMessage, res: ServerResponse, body: string): Promise<void> => {
    const method = req.method ?? 'GET';
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    const send = (status: number, payload: unknown): void => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(payload));
    };
    const faultIndex = faults.findIndex(
      (f) => f.path.test(path) && (f.method === undefined || f.method === method),
    );
    if (faultIndex !== -1) {
      const fault = faults[faultIndex]!;
      fault.times -= 1;
      if (fault.times <= 0) faults.splice(faultIndex, 1);
      if (fault.delayMs !== undefined) await new Promise((resolve) => setTimeout(resolve, fault.delayMs));
      if (fault.drop) {
        req.socket.destroy();
        return;
      }
      if (fault.status !== undefined) {
        res.writeHead(fault.status, { 'content-type': 'application/json', ...fault.headers });
        res.end(fault.body ?? JSON.stringify({ error: `injected ${fault.status}` }));
        return;
      }
    }
    const auth = req.headers.authorization ?? '';
    const token = auth.startsWith('Bearer ') ? auth.slice('Bearer '.length) : '';
    if (!tokens.has(token)) {
      send(401, { error: 'Invalid or missing token' });
      return;
    }
    const current = /^\/api\/platforms\/([^/]+)\/processor$/.exec(path);
    if (method === 'GET' && current) {
      const platform = findPlatform(platforms, current[1]!);
      if (options.legacyPlatformPathOnly || platform === undefined) send(404, { error: 'Unknown platform' });
      else send(200, platform);
      return;
    }
    const legacy = /^\/api\/platform\/([^/]+)$/.exec(path);
    if (method === 'GET' && legacy) {
      const platform = findPlatform(platforms, legacy[1]!);
      if (platform === undefined) send(404, { error: 'Unknown platform' });
      else send(200, platform);
      return;
    }
    if (method === 'POST' && path === '/api/job') {
      const key = req.headers['idempotency-key'];
      if (typeof key === 'string' && idempotency.has(`${token}:${key}`)) {
        send(200, { job_id: idempotency.get(`${token}:${key}`) });
        return;
      }
      let request: CreateJobRequest;
      try {
        request = validateCreateJobRequest(JSON.parse(body));
      } catch (error) {
        send(400, { error: (error as Error).message });
        return;
      }
      if (request.platform_name !== undefined && !platforms.has(request.platform_name)) {
        send(400, { error: `Unknown platform ${request.platform_name}` });
        return;
      }
      const job = newJob(token, request, options.script?.(request) ?? {});
      jobs.set(job.id, job);
      if (typeof key === 'string') idempotency.set(`${token}:${key}`, job.id);
      launch(job);
      send(200, { job_id: job.id });
      return;
    }
    if (method === 'GET' && path === '/api/jobs/availability') {
      const queued = [...jobs.values()].filter(
        (j) => j.token === token && (j.status === 'waiting' || j.status === 'running'),
      ).length;
      send(200, { max_jobs_in_queue: options.maxJobsInQueue ?? 10, num_jobs_in_queue: queued });
      return;
    }
    const match = /^\/api\/job\/(status|result|cancel|rerun)\/([^/]+)$/.exec(path);
    if (match) {
      const [, action, id] = match;
      const job = jobs.get(id!);
      if (job === undefined || job.token !== token) {
        send(404, { error: `Unknown job ${id}` });
        return;
      }
      if (action === 'status' && method === 'GET') {
        send(200, {
          status: job.status,
          progress: job.progress,
          progress_message: job.progressMessage,
          creation_datetime: job.created,
          start_time: job.started,
          duration:
            job.stopped !== null && job.started !== null ? Math.round(job.stopped - job.started) : null,
          status_message: job.statusMessage,
        });
        return;
      }
      if (action === 'result' && method === 'GET') {
        const results = job.status === 'canceled' ? job.script.partialResults : job.results;
        if (results === undefined || (job.status !== 'completed' && job.status !== 'canceled')) {
          send(404, { error: 'No results for this job' });
          return;
        }
        const echoed =
          results === null ? null : { ...results, job_context: job.request.payload.job_context ?? null };
        send(200, { results: echoed === null ? null : JSON.stringify(echoed) });
        return;
      }
      if (action === 'cancel' && method === 'POST') {
        if (job.status !== 'waiting' && job.status !== 'running') {
          send(400, { error: `Cannot cancel a job that is ${job.status}` });
          return;
        }
        job.status = 'cancel_requested';
        job.timers.push(setTimeout(() => finish(job, 'canceled', 'Canceled by the user'), 20));
        send(200, {});
        return;
      }
      if (action === 'rerun' && method === 'POST') {
        if (job.status !== 'error' && job.status !== 'canceled') {
          send(400, { error: `Cannot rerun a job that is ${job.status}` });
          return;
        }
        const copy = newJob(token, job.request, options.script?.(job.request) ?? {});
        jobs.set(copy.id, copy);
        launch(copy);
        send(200, { job_id: copy.id });
        return;
      }
    }
    send(404, { error: `No route for ${method} ${path}` });
  };

  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      requests.push({
        method: req.method ?? 'GET',
        path: new URL(req.url ?? '/', 'http://x').pathname,
        headers: req.headers,
        body,
      });
      handle(req, res, body).catch((error: unknown) => {
        res.writeHead(500, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ error: String(error) }));
      });
    });
  });
  // Idle keep-alive sockets must not hold the test process.
  server.keepAliveTimeout = 200;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    jobs,
    requests,
    fault: (fault) => faults.push({ ...fault }),
    count: (method, path) => requests.filter((r) => r.method === method && path.test(r.path)).length,
    close: async () => {
      for (const job of jobs.values()) for (const timer of job.timers) clearTimeout(timer);
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

function newJob(token: string, request: CreateJobRequest, script: JobScript): TestCloudJob {
  return {
    id: randomUUID(),
    token,
    request,
    status: 'waiting',
    progress: 0,
    progressMessage: null,
    statusMessage: null,
    created: Date.now() / 1000,
    started: null,
    stopped: null,
    results: null,
    script,
    timers: [],
  };
}

function findPlatform(platforms: Map<string, PlatformDetails>, quoted: string): PlatformDetails | undefined {
  for (const [name, platform] of platforms) if (quotePlus(name) === quoted) return platform;
  return undefined;
}
