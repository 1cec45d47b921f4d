/**
 * The control panel's script, sent as is (no build step): it reads the admin API every second
 * and calls it for every control. Written without template literals so it can live in one here.
 * Rows are kept by key and updated in place, so a focused button stays focused across refreshes.
 */
export const PANEL_SCRIPT = `
const API = '/__jobkit';
const $ = (id) => document.getElementById(id);
let info = { vendors: [] };
let jobs = [];
let timer;

function el(tag, attrs, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (k === 'on') for (const [ev, fn] of Object.entries(v)) node.addEventListener(ev, fn);
    else if (v !== undefined && v !== null) node.setAttribute(k, v);
  }
  for (const c of children) node.append(c instanceof Node ? c : String(c ?? ''));
  return node;
}

function say(text) { $('status').textContent = text; }

// The admin token (--admin-token) lives in this tab's sessionStorage only: never in the URL, in
// the page's long-lived storage or a cookie, so it goes with the tab and no other page can send it.
const TOKEN_KEY = 'jobkit.adminToken';
const token = {
  get() { try { return sessionStorage.getItem(TOKEN_KEY); } catch { return null; } },
  set(value) { try { sessionStorage.setItem(TOKEN_KEY, value); } catch {} },
  clear() { try { sessionStorage.removeItem(TOKEN_KEY); } catch {} },
};

/** The admin API refused the panel itself: no token or a wrong one (401), or it is closed (403). */
class AccessError extends Error {
  constructor(message, kind, sent) { super(message); this.kind = kind; this.sent = sent; }
}

async function call(method, path, body) {
  const init = { method, headers: { accept: 'application/json' } };
  const sent = token.get();
  if (sent) init.headers.authorization = 'Bearer ' + sent;
  if (body !== undefined) {
    init.headers['content-type'] = 'application/json';
    init.body = JSON.stringify(body);
  }
  const res = await fetch(API + path, init);
  const text = await res.text();
  let data;
  try { data = text ? JSON.parse(text) : undefined; } catch { data = undefined; }
  const error = data && data.error;
  if (res.status === 401) throw new AccessError((error && error.message) || '401 Unauthorized', 'token', sent !== null);
  if (res.status === 403 && error && error.code === 'admin_closed') throw new AccessError(error.message, 'closed', sent !== null);
  if (!res.ok) throw new Error((error && error.message) || res.status + ' ' + res.statusText);
  return data;
}

/** Stops reading the API and says why: asks for the token, or says it was wrong, or that no token can help. */
function showAccess(e) {
  clearTimeout(timer);
  const why = $('access-why');
  $('access').hidden = false;
  $('access-forget').hidden = true;
  if (e.kind === 'closed') {
    $('access-form').hidden = true;
    why.dataset.refused = 'true';
    why.textContent = 'The admin API is closed: ' + e.message;
    say('The admin API is closed.');
    return;
  }
  $('access-form').hidden = false;
  const input = $('access-token');
  if (e.sent) {
    token.clear();
    why.dataset.refused = 'true';
    why.textContent = 'That admin token is wrong: the admin API answered 401. Enter the token given to --admin-token (or admin.token in jobkit.config.json).';
    input.setAttribute('aria-invalid', 'true');
    say('The admin token was refused.');
  } else {
    why.dataset.refused = 'false';
    why.textContent = 'This mock needs its admin token for every admin call (--admin-token, or admin.token in jobkit.config.json). Enter it to use the panel.';
    input.removeAttribute('aria-invalid');
    say('The admin API needs a token.');
  }
  input.focus();
}

async function act(what, fn) {
  try { await fn(); say(what); } catch (e) {
    if (e instanceof AccessError) return showAccess(e);
    say(what + ' failed: ' + e.message);
  }
  await refresh();
}

function fillSelect(select, values, keep) {
  const old = select.value;
  const fixed = keep ? [...select.options].slice(0, keep) : [];
  select.replaceChildren(...fixed, ...values.map((v) => el('option', { value: v[0] }, v[1])));
  if ([...select.options].some((o) => o.value === old)) select.value = old;
}

function fillScenarios() {
  const vendor = info.vendors.find((v) => v.name === $('create-vendor').value);
  const scenarios = vendor ? Object.entries(vendor.scenarios) : [];
  fillSelect($('create-scenario'), scenarios.map(([k, d]) => [k, d ? k + ' — ' + d : k]));
}

function cell(row, i, content) {
  const td = row.cells[i];
  if (content instanceof Node) td.replaceChildren(content);
  else if (td.textContent !== String(content)) td.textContent = String(content);
}

function jobRow(job) {
  const key = job.vendor + ' ' + job.id;
  const row = el('tr', { 'data-key': key });
  for (let i = 0; i < 9; i++) row.append(el('td'));
  row.cells[1].replaceChildren(el('code', {}, job.id));
  const end = (action, label) => el('button', { type: 'button', on: { click: () =>
    act(label + ' ' + job.id, () => call('POST', '/jobs/' + encodeURIComponent(job.id) + '/' + action + '?vendor=' + encodeURIComponent(job.vendor), {})) } }, label);
  row.cells[7].append(end('complete', 'Complete'), ' ', end('fail', 'Fail'), ' ', end('cancel', 'Cancel'));
  const details = el('details', {}, el('summary', {}, 'Body'), el('pre', {}, ''));
  details.addEventListener('toggle', () => { if (details.open) showBody(job, details); });
  row.cells[8].append(details);
  return row;
}

async function showBody(job, details) {
  try {
    const shown = await call('GET', '/jobs/' + encodeURIComponent(job.id) + '?vendor=' + encodeURIComponent(job.vendor));
    details.querySelector('pre').textContent = JSON.stringify(shown.body, null, 2);
  } catch (e) { details.querySelector('pre').textContent = e.message; }
}

function copyButton(url) {
  return el('button', { type: 'button', 'aria-label': 'Copy status URL', on: { click: async () => {
    try { await navigator.clipboard.writeText(url); say('Copied ' + url); } catch { say(url); }
  } } }, 'Copy');
}

function renderJobs() {
  const vendor = $('filter-vendor').value;
  const state = $('filter-state').value;
  fillSelect($('filter-state'), [...new Set(jobs.map((j) => j.state))].sort().map((s) => [s, s]), 1);
  const shown = jobs.filter((j) => (!vendor || j.vendor === vendor) && (!state || j.state === state));
  const body = $('jobs').tBodies[0];
  const old = new Map([...body.rows].map((r) => [r.dataset.key, r]));
  const rows = shown.map((job) => {
    const row = old.get(job.vendor + ' ' + job.id) || jobRow(job);
    cell(row, 0, job.vendor);
    cell(row, 2, job.scenario);
    const state = el('span', { class: 'state', 'data-terminal': String(job.terminal !== null) }, job.state);
    if (row.cells[3].textContent !== job.state) cell(row, 3, state);
    const pct = Math.round(job.progress || 0);
    const bar = row.cells[4].querySelector('progress') || el('progress', { max: '100', 'aria-label': 'Progress of ' + job.id });
    bar.value = pct;
    if (!bar.isConnected) row.cells[4].append(bar, ' ', el('span'));
    row.cells[4].querySelector('span').textContent = pct + '%';
    cell(row, 5, job.createdAt);
    if (!row.cells[6].firstChild && job.statusUrl) row.cells[6].append(el('code', {}, job.statusUrl), ' ', copyButton(job.statusUrl));
    return row;
  });
  body.replaceChildren(...rows);
  $('jobs-count').textContent = '(' + shown.length + ' of ' + jobs.length + ')';
}

function faultEffect(f) {
  const parts = [];
  if (f.status !== undefined) parts.push('status ' + f.status);
  if (f.error !== undefined) parts.push(f.error);
  if (f.fault !== undefined) parts.push(f.fault);
  if (f.latencyMs !== undefined) parts.push('latency ' + JSON.stringify(f.latencyMs) + ' ms');
  return parts.join(', ') || 'none';
}

function renderFaults(faults) {
  const body = $('faults').tBodies[0];
  const old = new Map([...body.rows].map((r) => [r.dataset.key, r]));
  body.replaceChildren(...faults.map((f) => {
    let row = old.get(f.id);
    if (!row) {
      row = el('tr', { 'data-key': f.id }, el('td', {}, f.id), el('td'), el('td'), el('td'), el('td', {},
        el('button', { type: 'button', 'aria-label': 'Remove fault ' + f.id, on: { click: () =>
          act('Removed fault ' + f.id, () => call('DELETE', '/faults/' + encodeURIComponent(f.id))) } }, 'Remove')));
    }
    cell(row, 1, [f.vendor || 'every vendor', f.route, f.jobId, f.scenario].filter(Boolean).join(' · '));
    cell(row, 2, faultEffect(f));
    cell(row, 3, f.left === undefined ? '∞' : f.left);
    return row;
  }));
}

function renderRequests(log, report) {
  const recent = log.requests.slice(-100).reverse();
  $('requests-count').textContent = '(' + log.requests.length + ', the last ' + log.limit + ' kept)';
  $('requests').tBodies[0].replaceChildren(...recent.map((r) => el('tr', {},
    el('td', {}, new Date(r.wallTime).toLocaleTimeString()), el('td', {}, r.method), el('td', {}, el('code', {}, r.path)),
    el('td', {}, r.status), el('td', {}, r.vendor || ''), el('td', {}, r.job || ''), el('td', {}, r.state || ''),
    el('td', {}, r.latencyMs.toFixed(1) + ' ms'),
    el('td', {}, r.fault ? [r.fault.id, r.fault.outcome, r.fault.delayMs ? '+' + Math.round(r.fault.delayMs) + ' ms' : ''].filter(Boolean).join(' ') : ''))));
  $('polling').tBodies[0].replaceChildren(...report.jobs.map((j) => el('tr', {},
    el('td', {}, el('code', {}, j.job)), el('td', {}, j.polls),
    el('td', {}, j.intervalMs ? Math.round(j.intervalMs.minMs) + ' / ' + Math.round(j.intervalMs.medianMs) + ' ms' : '—'),
    el('td', {}, j.pollsAfterTerminal),
    el('td', { class: j.findings.length ? 'finding' : 'muted' }, j.findings.length ? j.findings.map((f) => f.rule + ': ' + f.message).join('; ') : 'polite'))));
}

function showClock(clock) {
  const real = clock.kind === 'real';
  $('clock-kind').textContent = real ? '(real clock ×' + clock.speed + (clock.paused ? ', paused' : '') + ')' : '(manual clock)';
  $('clock-real').hidden = !real;
  $('clock-pause').textContent = clock.paused ? 'Resume clock' : 'Pause clock';
  $('clock-pause').dataset.paused = String(clock.paused === true);
  if (document.activeElement !== $('clock-speed')) $('clock-speed').value = String(clock.speed);
}

async function refresh() {
  clearTimeout(timer);
  try {
    const [root, list, faults, log, report] = await Promise.all([
      call('GET', '/'), call('GET', '/jobs'), call('GET', '/faults'), call('GET', '/requests'), call('GET', '/requests/report'),
    ]);
    if (info.vendors.length !== root.vendors.length) {
      info = root;
      const names = root.vendors.map((v) => [v.name, v.title || v.name]);
      fillSelect($('create-vendor'), names);
      fillSelect($('filter-vendor'), names, 1);
      fillSelect($('fault-vendor'), names, 1);
      fillScenarios();
    }
    $('clock-now').textContent = root.clock.now;
    showClock(root.clock);
    jobs = list.jobs;
    renderJobs();
    renderFaults(faults.faults);
    renderRequests(log, report);
    if (!$('access').hidden) say('The admin token was accepted; it is kept in this tab only.');
    $('access').hidden = true;
    $('access-forget').hidden = token.get() === null;
  } catch (e) {
    if (e instanceof AccessError) return showAccess(e);
    say('Cannot read the admin API: ' + e.message);
  }
  timer = setTimeout(refresh, 1000);
}

function faultBody() {
  const kind = $('fault-kind').value;
  const body = {};
  if ($('fault-vendor').value) body.vendor = $('fault-vendor').value;
  if (kind === 'latency') body.latencyMs = 2000;
  else if (/^[0-9]+$/.test(kind)) body.status = Number(kind);
  else body.fault = kind;
  if ($('fault-times').value) body.times = Number($('fault-times').value);
  return body;
}

$('access-form').addEventListener('submit', (e) => {
  e.preventDefault();
  const given = $('access-token').value.trim();
  if (!given) return;
  token.set(given);
  $('access-token').value = '';
  say('Sending the admin token…');
  refresh();
});
$('access-forget').addEventListener('click', () => {
  token.clear();
  say('Forgot the admin token.');
  refresh();
});
$('create-vendor').addEventListener('change', fillScenarios);
$('filter-vendor').addEventListener('change', renderJobs);
$('filter-state').addEventListener('change', renderJobs);
$('create').addEventListener('submit', (e) => {
  e.preventDefault();
  const body = { vendor: $('create-vendor').value, scenario: $('create-scenario').value };
  act('Created a ' + body.vendor + ' ' + body.scenario + ' job', () => call('POST', '/jobs', body));
});
$('clock-advance').addEventListener('click', () => {
  const ms = Number($('clock-step').value);
  act('Advanced the clock by ' + ms / 1000 + ' s', () => call('POST', '/clock', { advanceMs: ms }));
});
$('clock-pause').addEventListener('click', () => {
  const resume = $('clock-pause').dataset.paused === 'true';
  act(resume ? 'Resumed the clock' : 'Paused the clock', () => call('POST', resume ? '/clock/resume' : '/clock/pause', {}));
});
$('clock-speed-set').addEventListener('click', () => {
  const speed = Number($('clock-speed').value);
  act('Set the clock speed to ×' + speed, () => call('POST', '/clock/speed', { speed }));
});
$('fault').addEventListener('submit', (e) => {
  e.preventDefault();
  act('Added a fault', () => call('POST', '/faults', faultBody()));
});
$('faults-clear').addEventListener('click', () => act('Removed every fault', () => call('DELETE', '/faults')));
$('requests-clear').addEventListener('click', () => act('Cleared the request log', () => call('DELETE', '/requests')));
refresh();
`;
