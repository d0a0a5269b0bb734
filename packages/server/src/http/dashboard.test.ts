import { BasicState, Experiment } from '@bosonic/core';
import { serialize } from '@bosonic/protocol';
import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createJobBody, homExperiment, longSamplingExperiment, meshCircuit } from '../testing/fixtures.js';
import { rawCall } from '../testing/raw-http.js';
import { chromiumOrSkip, launchChromium, screenshot } from '../testing/services/chromium.js';
import { startTestServer, TOKEN_A, TOKEN_B } from '../testing/test-server.js';
import { DASHBOARD_CSP } from './dashboard.js';

/**
 * The dashboard in a real browser: Debian's Chromium, headless, driven by playwright-core. Each test saves a
 * screenshot under test-output/dashboard/.
 */

const available = chromiumOrSkip('dashboard browser tests');
const HOSTILE_NAME = '<img src=x onerror=alert(1)>';
const HOSTILE_TAG = '<script>alert(2)</script>';

let server: Awaited<ReturnType<typeof startTestServer>>;
let browser: Browser;
const pages: Page[] = [];

async function create(body: Record<string, unknown>, token = TOKEN_A): Promise<string> {
  const answer = await rawCall(server.url, 'POST', '/api/job', { token, body });
  expect(answer.status, answer.text).toBe(200);
  return (answer.json as { job_id: string }).job_id;
}

async function statusOf(id: string): Promise<string> {
  return (
    (await rawCall(server.url, 'GET', `/api/job/status/${id}`, { token: TOKEN_A })).json as { status: string }
  ).status;
}

async function untilFinished(id: string): Promise<void> {
  while (!['completed', 'error', 'canceled'].includes(await statusOf(id))) {
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** A sampling job of `samples` samples on Clifford & Clifford (a few hundred microseconds each). */
function samplingJob(name: string, samples: number, tags: string[] = []): Record<string, unknown> {
  return {
    pcvl_version: '1.1.1',
    process_id: 'p',
    platform_name: 'sim:clifford2017',
    payload: {
      command: 'samples',
      experiment: serialize(longSamplingExperiment()),
      max_shots: 100_000_000,
      max_samples: samples,
      job_context: null,
    },
    job_name: name,
    tags,
  };
}

/** Probabilities of 3 photons in a 6-mode mesh: up to 56 output states, enough for a top-20 chart. */
function meshJob(name: string): Record<string, unknown> {
  const experiment = new Experiment(meshCircuit(6, 4), { name: 'sim:slos' })
    .withInput(new BasicState([1, 0, 1, 0, 1, 0]))
    .minDetectedPhotonsFilter(1);
  return { ...createJobBody(experiment), job_name: name, tags: ['mesh'] };
}

/** A new page (its own session storage), dialogs recorded. */
async function newPage(): Promise<{ page: Page; dialogs: string[] }> {
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  pages.push(page);
  const dialogs: string[] = [];
  page.on('dialog', (dialog) => {
    dialogs.push(dialog.message());
    void dialog.dismiss();
  });
  return { page, dialogs };
}

async function signIn(page: Page, token = TOKEN_A): Promise<void> {
  await page.goto(server.url);
  await page.fill('#token', token);
  await page.click('#sign-in-form button[type=submit]');
  await page.locator('#jobs').waitFor({ state: 'visible' });
}

/** Polls `check` until it holds (the test's timeout bounds the wait). */
async function until(check: () => Promise<boolean>): Promise<void> {
  while (!(await check())) await new Promise((resolve) => setTimeout(resolve, 50));
}

/** The natural width of the circuit drawing's image (0 until it loaded). */
function circuitWidth(page: Page): Promise<number> {
  return page
    .locator('#circuit img')
    .evaluate((image) => (image as unknown as { naturalWidth: number }).naturalWidth);
}

/** The row of a job in the table, once it shows. */
function row(page: Page, id: string) {
  return page.locator(`#jobs-table tr[data-job-id="${id}"]`);
}

beforeAll(async () => {
  if (!available) return;
  server = await startTestServer({ workers: 2 });
  browser = await launchChromium();
});

afterEach(async () => {
  await Promise.all(pages.splice(0).map((page) => page.close()));
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe.skipIf(!available)('dashboard (Chromium)', () => {
  it('serves the page with a strict Content-Security-Policy, without a token; the API still needs one', async () => {
    const page = await rawCall(server.url, 'GET', '/');
    expect(page.status).toBe(200);
    expect(page.headers['content-type']).toMatch(/^text\/html/);
    expect(page.headers['content-security-policy']).toBe(DASHBOARD_CSP);
    expect(DASHBOARD_CSP).not.toContain('unsafe-inline');
    expect(DASHBOARD_CSP).toContain("script-src 'self'");
    expect(page.headers['x-content-type-options']).toBe('nosniff');
    expect((await rawCall(server.url, 'GET', '/dashboard/app.js')).headers['content-type']).toMatch(
      /^text\/javascript/,
    );
    expect((await rawCall(server.url, 'GET', '/api/jobs')).status).toBe(401);
    // No spelling of an API path passes as a public file.
    expect((await rawCall(server.url, 'GET', '/%61pi/jobs')).status).toBe(401);

    const { page: tab } = await newPage();
    const response = await tab.goto(server.url);
    expect(response?.headers()['content-security-policy']).toBe(DASHBOARD_CSP);
    await screenshot(tab, 'csp-sign-in-page');
  });

  it('signs in with a token kept in sessionStorage, refuses a wrong one, signs out', async () => {
    const { page } = await newPage();
    const requests: { url: string; authorization: string | undefined }[] = [];
    page.on('request', (request) =>
      requests.push({ url: request.url(), authorization: request.headers().authorization }),
    );
    await page.goto(server.url);
    await page.fill('#token', 'not-a-token-of-this-server');
    await page.click('#sign-in-form button[type=submit]');
    await page.locator('#sign-in-error', { hasText: 'refused' }).waitFor();
    await screenshot(page, 'sign-in-refused');

    await page.fill('#token', TOKEN_A);
    await page.click('#sign-in-form button[type=submit]');
    await page.locator('#jobs').waitFor({ state: 'visible' });
    expect(await page.evaluate("sessionStorage.getItem('bosonic.token')")).toBe(TOKEN_A);
    expect(await page.evaluate('document.cookie')).toBe('');
    // The token travels in the Authorization header, never in a URL.
    expect(requests.some((request) => request.authorization === `Bearer ${TOKEN_A}`)).toBe(true);
    expect(requests.every((request) => !request.url.includes(TOKEN_A))).toBe(true);
    await screenshot(page, 'signed-in');

    await page.click('#sign-out');
    await page.locator('#sign-in').waitFor({ state: 'visible' });
    expect(await page.evaluate("sessionStorage.getItem('bosonic.token')")).toBeNull();
  });

  it('shows a running job’s progress bar advancing to completion', async () => {
    const { page } = await newPage();
    await signIn(page);
    const id = await create(samplingJob('progressing', 15_000));
    const progress = row(page, id).locator('progress');
    await progress.waitFor();
    // Progress seen strictly between 0 and 1, then the job completed at 1.
    await until(async () => {
      const value = Number(await progress.getAttribute('value'));
      return value > 0 && value < 1;
    });
    await screenshot(page, 'progress-running');
    await row(page, id).locator('[data-status="completed"]').waitFor({ timeout: 120_000 });
    expect(await progress.getAttribute('value')).toBe('1');
    await screenshot(page, 'progress-completed');
  });

  it('cancels a running job from the page', async () => {
    const { page } = await newPage();
    await signIn(page);
    const id = await create(samplingJob('to cancel', 1_000_000));
    await row(page, id).locator('[data-status="running"]').waitFor({ timeout: 120_000 });
    await row(page, id).locator('button[data-action="cancel"]').click();
    await row(page, id).locator('[data-status="canceled"]').waitFor({ timeout: 120_000 });
    expect(await statusOf(id)).toBe('canceled');
    // A canceled job can be run again or deleted from the same row.
    await row(page, id).locator('button[data-action="rerun"]').waitFor();
    await screenshot(page, 'canceled');
    await row(page, id).locator('button[data-action="delete"]').click();
    await row(page, id).waitFor({ state: 'detached' });
    expect((await rawCall(server.url, 'GET', `/api/job/status/${id}`, { token: TOKEN_A })).status).toBe(404);
    for (const job of (
      (await rawCall(server.url, 'GET', '/api/jobs?status=waiting,running', { token: TOKEN_A })).json as {
        jobs: { id: string }[];
      }
    ).jobs) {
      await rawCall(server.url, 'POST', `/api/job/cancel/${job.id}`, { token: TOKEN_A });
    }
  });

  it('draws the job page: metadata, the circuit, a bar chart of the 20 most probable states, a download', async () => {
    const id = await create(meshJob('mesh 6 modes'));
    await untilFinished(id);
    const { page } = await newPage();
    await signIn(page);
    await row(page, id).locator('a').click();
    await page.locator('#histogram-chart').waitFor({ timeout: 120_000 });
    expect(await page.locator('#histogram-chart rect.bar').count()).toBe(20);
    expect(await page.locator('#histogram-note').textContent()).toMatch(
      /^The 20 most probable of \d+ output states/,
    );
    expect(await page.locator('#job-name').textContent()).toBe('mesh 6 modes');
    const circuit = page.locator('#circuit img');
    await circuit.waitFor();
    await until(async () => (await circuitWidth(page)) > 0);
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('#download')]);
    expect(download.suggestedFilename()).toBe(`bosonic-job-${id}.json`);
    await screenshot(page, 'job-page');
  });

  it('filters the table by name, tag and status', async () => {
    const ids = {
      alpha: await create({ ...createJobBody(homExperiment()), job_name: 'filter alpha', tags: ['team-a'] }),
      beta: await create({ ...createJobBody(homExperiment()), job_name: 'filter beta', tags: ['team-b'] }),
      other: await create({ ...createJobBody(homExperiment()), job_name: 'unrelated', tags: ['team-a'] }),
    };
    for (const id of Object.values(ids)) await untilFinished(id);
    await create({ ...createJobBody(homExperiment()), job_name: 'filter secret' }, TOKEN_B);
    const { page } = await newPage();
    await signIn(page);
    const names = () => page.locator('#jobs-table tbody td.name').allTextContents();

    await page.fill('#filters input[name=name]', 'filter');
    await page.click('#filters button[type=submit]');
    await until(async () => (await names()).length === 2);
    expect(await names()).toEqual(['filter beta', 'filter alpha']);

    await page.fill('#filters input[name=name]', '');
    await page.fill('#filters input[name=tag]', 'team-a');
    await page.click('#filters button[type=submit]');
    await until(async () => (await names()).join('|') === 'unrelated|filter alpha');
    expect(await names()).toEqual(['unrelated', 'filter alpha']);
    await screenshot(page, 'filtered');

    await page.selectOption('#filters select[name=status]', 'error');
    await page.click('#filters button[type=submit]');
    await page.locator('#jobs-empty').waitFor({ state: 'visible' });
    expect(await names()).toEqual([]);
  });

  it('renders hostile names and tags as text: no dialog fires, no element is injected', async () => {
    const id = await create({
      ...createJobBody(homExperiment()),
      job_name: HOSTILE_NAME,
      tags: [HOSTILE_TAG],
    });
    await untilFinished(id);
    const { page, dialogs } = await newPage();
    await signIn(page);
    const name = row(page, id).locator('td.name');
    await name.waitFor();
    expect(await name.textContent()).toBe(HOSTILE_NAME);
    expect(await row(page, id).locator('.tag').textContent()).toBe(HOSTILE_TAG);
    expect(await page.locator('#jobs-table img, #jobs-table script').count()).toBe(0);
    await name.locator('a').click();
    await page.locator('#histogram-chart').waitFor({ timeout: 120_000 });
    expect(await page.locator('#job-name').textContent()).toBe(HOSTILE_NAME);
    expect(await page.locator('#job-meta img, #job-meta script').count()).toBe(0);
    // The circuit drawing carries the name in its title, escaped, inside an <img>: it cannot run anything.
    await until(async () => (await circuitWidth(page)) > 0);
    expect(dialogs).toEqual([]);
    await screenshot(page, 'hostile-names');
  });

  it('shows usage per platform', async () => {
    const { page } = await newPage();
    await signIn(page);
    await page.click('a[href="#/usage"]');
    await page.locator('#usage-table tbody tr').first().waitFor();
    const platforms = await page.locator('#usage-table tbody tr td:first-child').allTextContents();
    expect(platforms).toContain('sim:slos');
    await screenshot(page, 'usage');
    // The table of every job the tests above made (the README's picture).
    await page.click('a[href="#/"]');
    await page.locator('#jobs-table tbody tr').first().waitFor();
    await screenshot(page, 'jobs-table');
  });
});
