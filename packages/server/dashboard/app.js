// The dashboard of bosonic's server: plain DOM code, no framework and nothing from a CDN. Every text that comes
// from a job (name, tags, messages, states) is set with textContent or as an attribute value, never parsed as
// markup; the circuit drawing is shown through an <img> (an SVG there cannot run anything). The token lives in
// sessionStorage and travels only in the Authorization header.

const TOKEN_KEY = 'bosonic.token';
const PAGE_SIZE = 25;
/** Live refresh: at most one request a second. */
const REFRESH_MS = 1000;
const FINAL = new Set(['completed', 'error', 'canceled']);
const SVG_NS = 'http://www.w3.org/2000/svg';

const $ = (id) => document.getElementById(id);

/** An element with text content and attributes (values are set as attributes, never parsed). */
function el(tag, text, attributes = {}) {
  const node = document.createElement(tag);
  if (text !== undefined && text !== null) node.textContent = String(text);
  for (const [name, value] of Object.entries(attributes)) node.setAttribute(name, value);
  return node;
}

function svgEl(tag, attributes = {}, text) {
  const node = document.createElementNS(SVG_NS, tag);
  for (const [name, value] of Object.entries(attributes)) node.setAttribute(name, String(value));
  if (text !== undefined) node.textContent = text;
  return node;
}

class ApiError extends Error {
  constructor(status, message) {
    super(message);
    this.status = status;
  }
}

function token() {
  return sessionStorage.getItem(TOKEN_KEY);
}

/** A call to the API with the token in the Authorization header; JSON in and out. */
async function api(method, path, { body, raw } = {}) {
  const headers = { authorization: `Bearer ${token() ?? ''}` };
  if (body !== undefined) headers['content-type'] = 'application/json';
  const response = await fetch(path, {
    method,
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
    cache: 'no-store',
    credentials: 'omit',
    referrerPolicy: 'no-referrer',
  });
  if (response.status === 401) {
    signOut('Your token was refused: sign in again.');
    throw new ApiError(401, 'Not signed in');
  }
  if (!response.ok) {
    let message = `${method} ${path.split('?')[0]} answered ${response.status}`;
    try {
      message = (await response.json()).error ?? message;
    } catch {
      // Not JSON: keep the status line.
    }
    throw new ApiError(response.status, message);
  }
  return raw ? response : response.json();
}

function formatTime(seconds) {
  if (typeof seconds !== 'number') return '';
  return new Date(seconds * 1000).toISOString().replace('T', ' ').slice(0, 19);
}

function formatDuration(seconds) {
  if (typeof seconds !== 'number' || !Number.isFinite(seconds)) return '';
  if (seconds < 60) return `${seconds.toFixed(1)} s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes} min ${Math.floor(seconds % 60)} s`;
  return `${Math.floor(minutes / 60)} h ${minutes % 60} min`;
}

function statusCell(status) {
  return el('span', status, { class: `status status-${status}`, 'data-status': status });
}

function progressBar(job) {
  const value = job.status === 'completed' ? 1 : (job.progress ?? 0);
  const bar = el('progress', null, { max: '1', value: String(value) });
  bar.textContent = `${Math.floor(value * 100)}%`;
  bar.title = `${Math.floor(value * 100)}%${job.progress_message ? ` · ${job.progress_message}` : ''}`;
  return bar;
}

function tagList(tags) {
  const span = el('span');
  for (const tag of tags ?? []) span.append(el('span', tag, { class: 'tag' }));
  return span;
}

/** Cancel, rerun and delete buttons for what the job's status allows. */
function actionButtons(job, after) {
  const buttons = [];
  const act = (label, run, danger = false) => {
    const button = el('button', label, { type: 'button', 'data-action': label.toLowerCase() });
    if (danger) button.classList.add('danger');
    button.addEventListener('click', async () => {
      button.disabled = true;
      try {
        await run();
        await after();
      } catch (error) {
        showError(error);
        button.disabled = false;
      }
    });
    buttons.push(button);
  };
  const id = encodeURIComponent(job.id);
  if (!FINAL.has(job.status)) act('Cancel', () => api('POST', `/api/job/cancel/${id}`));
  if (job.status === 'error' || job.status === 'canceled')
    act('Rerun', () => api('POST', `/api/job/rerun/${id}`));
  if (FINAL.has(job.status)) {
    act(
      'Delete',
      async () => {
        await api('DELETE', `/api/job/${id}`);
        if (location.hash.startsWith('#/job/')) location.hash = '#/';
      },
      true,
    );
  }
  return buttons;
}

function showError(error) {
  const target = location.hash.startsWith('#/job/') ? $('job-error') : $('jobs-error');
  target.textContent = error instanceof Error ? error.message : String(error);
}

// ---- the jobs table ----------------------------------------------------------------------------------------

const listState = { cursors: [], cursor: undefined, next: null };

function filterQuery() {
  const form = $('filters');
  const params = new URLSearchParams();
  const data = new FormData(form);
  for (const [name, value] of data.entries()) {
    const text = String(value).trim();
    if (text !== '') params.set(name, text);
  }
  params.set('limit', String(PAGE_SIZE));
  if (listState.cursor !== undefined) params.set('cursor', listState.cursor);
  return params;
}

async function refreshJobs() {
  const page = await api('GET', `/api/jobs?${filterQuery()}`);
  $('jobs-error').textContent = '';
  listState.next = page.next_cursor;
  const body = $('jobs-table').tBodies[0];
  const rows = page.jobs.map((job) => {
    const row = el('tr', null, { 'data-job-id': job.id });
    const name = el('td', null, { class: 'name' });
    name.append(el('a', job.name ?? '(unnamed)', { href: `#/job/${encodeURIComponent(job.id)}` }));
    const actions = el('td', null, { class: 'actions' });
    actions.append(...actionButtons(job, refreshJobs));
    const status = el('td');
    status.append(statusCell(job.status));
    const progress = el('td');
    progress.append(progressBar(job));
    const tags = el('td');
    tags.append(tagList(job.tags));
    row.append(
      name,
      el('td', job.id.slice(0, 8), { class: 'id', title: job.id }),
      el('td', job.platform ?? ''),
      tags,
      status,
      progress,
      el('td', formatTime(job.creation_datetime)),
      el('td', formatDuration(job.duration)),
      actions,
    );
    return row;
  });
  body.replaceChildren(...rows);
  $('jobs-empty').hidden = rows.length > 0;
  $('next-page').disabled = listState.next === null;
  $('first-page').disabled = listState.cursor === undefined;
}

// ---- usage -------------------------------------------------------------------------------------------------

async function refreshUsage() {
  const usage = await api('GET', '/api/usage');
  const rows = usage.platforms.map((entry) => {
    const row = el('tr');
    row.append(
      el('td', entry.platform),
      el('td', entry.jobs),
      el('td', formatDuration(entry.run_seconds)),
      el('td', entry.samples),
    );
    return row;
  });
  $('usage-table').tBodies[0].replaceChildren(...rows);
  $('usage-empty').hidden = rows.length > 0;
}

// ---- one job -----------------------------------------------------------------------------------------------

const jobState = { id: null, circuitUrl: null, chartedStatus: null };

async function refreshJob(id) {
  const path = encodeURIComponent(id);
  const job = { id, ...(await api('GET', `/api/job/status/${path}`)) };
  $('job-error').textContent = '';
  $('job-name').textContent = job.name ?? '(unnamed)';
  const meta = $('job-meta');
  const entries = [
    ['Id', job.id],
    ['Platform', job.platform],
    ['Status', job.status],
    ['Progress', null],
    ['Tags', null],
    ['Created', formatTime(job.creation_datetime)],
    ['Started', formatTime(job.start_time)],
    ['Stopped', formatTime(job.stop_time)],
    ['Duration', formatDuration(job.duration)],
    ['Time limit', job.max_execution_time ? formatDuration(job.max_execution_time) : 'none'],
    ['Message', job.status_message ?? job.progress_message ?? ''],
  ];
  const items = [];
  for (const [label, value] of entries) {
    const dd = el('dd', value);
    if (label === 'Progress') dd.append(progressBar(job));
    if (label === 'Tags') dd.append(tagList(job.tags));
    if (label === 'Status') dd.setAttribute('data-status', job.status);
    items.push(el('dt', label), dd);
  }
  meta.replaceChildren(...items);
  $('job-actions').replaceChildren(...actionButtons(job, () => refreshJob(id)));
  if (jobState.circuitUrl === null) await showCircuit(path);
  if (FINAL.has(job.status) && jobState.chartedStatus !== job.status) {
    jobState.chartedStatus = job.status;
    await showHistogram(path);
  } else if (!FINAL.has(job.status)) {
    $('histogram-note').textContent = 'The results appear here once the job ends.';
    $('histogram').replaceChildren();
    $('download').hidden = true;
  }
  return job;
}

async function showCircuit(path) {
  try {
    const response = await api('GET', `/api/job/${path}/circuit.svg`, { raw: true });
    const blob = new Blob([await response.text()], { type: 'image/svg+xml' });
    jobState.circuitUrl = URL.createObjectURL(blob);
    $('circuit').replaceChildren(
      el('img', null, { src: jobState.circuitUrl, alt: 'The circuit of the job' }),
    );
  } catch (error) {
    jobState.circuitUrl = '';
    $('circuit').replaceChildren(el('p', `No drawing: ${error.message}`, { class: 'hint' }));
  }
}

/** A horizontal bar chart of the 20 largest states, drawn as SVG elements (text set as text). */
async function showHistogram(path) {
  let histogram;
  try {
    histogram = await api('GET', `/api/job/${path}/histogram?top=20`);
  } catch (error) {
    $('histogram-note').textContent = `No results to chart: ${error.message}`;
    $('histogram').replaceChildren();
    $('download').hidden = error.status === 409;
    return;
  }
  const what = histogram.kind === 'probability' ? 'most probable' : 'most frequent';
  const sweep = histogram.iterations > 1 ? ` (iteration 1 of ${histogram.iterations})` : '';
  $('histogram-note').textContent =
    `The ${histogram.states.length} ${what} of ${histogram.distinct} output states${sweep}.`;
  const rowHeight = 22;
  const labelWidth = 180;
  const barWidth = 420;
  const height = histogram.states.length * rowHeight + 10;
  const chart = svgEl('svg', {
    width: labelWidth + barWidth + 120,
    height,
    viewBox: `0 0 ${labelWidth + barWidth + 120} ${height}`,
    role: 'img',
    'aria-label': `Bar chart of the ${what} output states`,
    id: 'histogram-chart',
  });
  const largest = Math.max(...histogram.states.map((row) => row.value), Number.MIN_VALUE);
  histogram.states.forEach((row, i) => {
    const y = 5 + i * rowHeight;
    const width = Math.max(1, (row.value / largest) * barWidth);
    const value =
      histogram.kind === 'probability' ? Number(row.value.toPrecision(4)).toString() : String(row.value);
    chart.append(
      svgEl(
        'text',
        { x: labelWidth - 8, y: y + 15, 'text-anchor': 'end', 'font-family': 'monospace', 'font-size': 12 },
        row.state,
      ),
      svgEl('rect', { x: labelWidth, y: y + 2, width, height: rowHeight - 6, fill: '#2b6cb0', class: 'bar' }),
      svgEl('text', { x: labelWidth + width + 6, y: y + 15, 'font-size': 12, fill: '#333' }, value),
    );
  });
  $('histogram').replaceChildren(chart);
  $('download').hidden = false;
}

async function downloadResults() {
  const id = jobState.id;
  const result = await api('GET', `/api/job/result/${encodeURIComponent(id)}`);
  const blob = new Blob([JSON.stringify(result, null, 2)], { type: 'application/json' });
  const url = URL.createObjectURL(blob);
  const link = el('a', null, { href: url, download: `bosonic-job-${id}.json` });
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

// ---- navigation and live refresh ---------------------------------------------------------------------------

let timer = null;

function show(section) {
  for (const id of ['sign-in', 'jobs', 'usage', 'job']) $(id).hidden = id !== section;
  $('nav').hidden = section === 'sign-in';
}

/** Runs `refresh` now and then every second while the view stays the same (and the tab is visible). */
function live(refresh, stopWhen = () => false) {
  clearTimeout(timer);
  const view = location.hash;
  const tick = async () => {
    if (location.hash !== view || token() === null) return;
    let stop = false;
    try {
      if (document.visibilityState !== 'hidden') stop = stopWhen(await refresh());
    } catch (error) {
      if (error.status !== 401) showError(error);
      if (error.status === 401 || error.status === 404) return;
    }
    if (!stop && location.hash === view) timer = setTimeout(tick, REFRESH_MS);
  };
  void tick();
}

function route() {
  clearTimeout(timer);
  if (token() === null) {
    show('sign-in');
    $('token').focus();
    return;
  }
  const hash = location.hash || '#/';
  if (hash.startsWith('#/job/')) {
    const id = decodeURIComponent(hash.slice('#/job/'.length));
    if (jobState.circuitUrl) URL.revokeObjectURL(jobState.circuitUrl);
    Object.assign(jobState, { id, circuitUrl: null, chartedStatus: null });
    $('job-name').textContent = '';
    $('job-meta').replaceChildren();
    $('circuit').replaceChildren();
    $('histogram').replaceChildren();
    $('histogram-note').textContent = '';
    $('download').hidden = true;
    show('job');
    // Keeps polling while the job runs; a finished job is drawn once.
    live(
      () => refreshJob(id),
      (job) => FINAL.has(job.status),
    );
  } else if (hash === '#/usage') {
    show('usage');
    live(refreshUsage);
  } else {
    show('jobs');
    live(refreshJobs);
  }
}

function signOut(message = '') {
  sessionStorage.removeItem(TOKEN_KEY);
  $('sign-in-error').textContent = message;
  route();
}

async function signIn(event) {
  event.preventDefault();
  const value = $('token').value.trim();
  if (value === '') return;
  sessionStorage.setItem(TOKEN_KEY, value);
  try {
    await api('GET', '/api/jobs?limit=1');
  } catch (error) {
    if (error.status !== 401) $('sign-in-error').textContent = error.message;
    return;
  }
  $('token').value = '';
  $('sign-in-error').textContent = '';
  if (location.hash === '' || location.hash === '#/') route();
  else location.hash = '#/';
}

function start() {
  $('sign-in-form').addEventListener('submit', signIn);
  $('sign-out').addEventListener('click', () => signOut());
  $('filters').addEventListener('submit', (event) => {
    event.preventDefault();
    Object.assign(listState, { cursors: [], cursor: undefined });
    live(refreshJobs);
  });
  $('filters').addEventListener('reset', () => {
    Object.assign(listState, { cursors: [], cursor: undefined });
    setTimeout(() => live(refreshJobs), 0);
  });
  $('next-page').addEventListener('click', () => {
    if (listState.next === null) return;
    listState.cursors.push(listState.cursor);
    listState.cursor = listState.next;
    live(refreshJobs);
  });
  $('first-page').addEventListener('click', () => {
    Object.assign(listState, { cursors: [], cursor: undefined });
    live(refreshJobs);
  });
  $('download').addEventListener('click', () => downloadResults().catch(showError));
  window.addEventListener('hashchange', route);
  route();
}

start();
