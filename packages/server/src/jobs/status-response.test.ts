import { describe, expect, it } from 'vitest';
import type { JobStatusView } from '../store/job-record.js';
import { statusResponse } from './status-response.js';

const CREATED = 1_700_000_000;

function view(patch: Partial<JobStatusView>): JobStatusView {
  return {
    id: 'j',
    name: 'hom <b>',
    platform: 'sim:slos',
    tags: ['calibration'],
    status: 'waiting',
    progress: 0,
    progressMessage: null,
    statusMessage: null,
    createdAt: CREATED,
    startedAt: null,
    stoppedAt: null,
    maxExecutionTime: null,
    ...patch,
  };
}

describe('statusResponse', () => {
  it('describes a waiting job: its name and tags as created, no start, no stop, no duration', () => {
    expect(statusResponse(view({}), CREATED + 5)).toEqual({
      status: 'waiting',
      progress: 0,
      progress_message: '',
      creation_datetime: CREATED,
      start_time: null,
      stop_time: null,
      duration: null,
      status_message: null,
      name: 'hom <b>',
      tags: ['calibration'],
      platform: 'sim:slos',
      max_execution_time: null,
    });
  });

  it('counts a running job’s duration from its start', () => {
    const running = statusResponse(
      view({ status: 'running', progress: 0.25, progressMessage: 'iteration 1/4', startedAt: CREATED + 2 }),
      CREATED + 5,
    );
    expect(running).toMatchObject({
      status: 'running',
      progress: 0.25,
      progress_message: 'iteration 1/4',
      duration: 3,
    });
  });

  it('reports a completed job at progress 1, its duration up to its stop', () => {
    const done = statusResponse(
      view({ status: 'completed', progress: 0.7, startedAt: CREATED + 2, stoppedAt: CREATED + 4 }),
      CREATED + 60,
    );
    expect(done).toMatchObject({
      status: 'completed',
      progress: 1,
      start_time: CREATED + 2,
      stop_time: CREATED + 4,
      duration: 2,
    });
  });

  it('gives a job canceled before it started numbers for start and duration, and its reason', () => {
    const canceled = statusResponse(
      view({
        status: 'canceled',
        stoppedAt: CREATED + 1,
        statusMessage: 'Canceled by the user before it started',
      }),
      CREATED + 60,
    );
    expect(canceled).toMatchObject({
      status: 'canceled',
      start_time: CREATED + 1,
      duration: 0,
      status_message: 'Canceled by the user before it started',
    });
  });
});
