/**
 * The control panel's page: plain HTML and CSS, no build step and no framework; its script
 * (script.ts) fills it from the admin API, the same calls curl can make.
 */
export const PANEL_HTML = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>jobkit control panel</title>
<link rel="icon" href="data:,">
<style>
  :root { font: 14px/1.4 system-ui, sans-serif; color: #1c1f24; background: #f6f7f9; }
  body { margin: 0 auto; max-width: 1200px; padding: 1rem 1.5rem 3rem; }
  h1 { font-size: 1.4rem; margin: 0 0 .25rem; }
  h2 { font-size: 1.05rem; margin: 0 0 .5rem; }
  section { background: #fff; border: 1px solid #dde1e6; border-radius: 8px; padding: .75rem 1rem; margin: .75rem 0; }
  .row { display: flex; flex-wrap: wrap; gap: .5rem 1rem; align-items: end; }
  label { display: flex; flex-direction: column; font-size: .8rem; color: #4a5260; gap: .15rem; }
  select { max-width: 22rem; }
  select, input, button { font: inherit; padding: .25rem .5rem; border: 1px solid #b8bfc9; border-radius: 4px; background: #fff; }
  button { cursor: pointer; background: #eef1f5; }
  button:hover { background: #e1e6ec; }
  button.primary { background: #1f5fbf; border-color: #1f5fbf; color: #fff; }
  :focus-visible { outline: 3px solid #f0a500; outline-offset: 1px; }
  table { border-collapse: collapse; width: 100%; font-size: .85rem; }
  th, td { text-align: left; padding: .3rem .4rem; border-bottom: 1px solid #edf0f3; vertical-align: top; }
  th { font-weight: 600; color: #4a5260; }
  code { font-size: .8rem; word-break: break-all; }
  progress { width: 6rem; }
  .state { font-weight: 600; }
  .state[data-terminal="true"] { color: #1d7a3a; }
  .muted { color: #6b7380; }
  .finding { color: #a3361b; }
  pre { max-height: 14rem; overflow: auto; background: #f3f5f7; padding: .4rem; font-size: .75rem; }
  #status { min-height: 1.2em; }
  [hidden] { display: none !important; }
  #access { border-color: #f0a500; }
  #access-why[data-refused="true"] { color: #a3361b; font-weight: 600; }
</style>
</head>
<body>
<header>
  <h1>jobkit control panel</h1>
  <p class="muted">Every control here is one admin API call under <code>/__jobkit</code>; the page reads it every second.</p>
  <p id="status" role="status" aria-live="polite"></p>
  <button type="button" id="access-forget" hidden>Forget admin token</button>
</header>

<section id="access" aria-labelledby="access-h" hidden>
  <h2 id="access-h">Admin token</h2>
  <p id="access-why" role="alert"></p>
  <form id="access-form" class="row">
    <label>Admin token <input id="access-token" type="password" autocomplete="off" spellcheck="false" required></label>
    <button type="submit" class="primary">Use token</button>
  </form>
  <p class="muted">Kept in this tab's session storage only (never in the address or local storage), and sent as <code>Authorization: Bearer …</code> on every admin call.</p>
</section>

<section aria-labelledby="clock-h">
  <h2 id="clock-h">Clock</h2>
  <div class="row">
    <span>Now: <strong id="clock-now">…</strong> <span id="clock-kind" class="muted"></span></span>
    <label>Step <select id="clock-step" aria-label="Clock step">
      <option value="1000">1 s</option><option value="10000">10 s</option>
      <option value="60000" selected>1 min</option><option value="600000">10 min</option>
      <option value="3600000">1 h</option></select></label>
    <button type="button" id="clock-advance">Advance clock</button>
    <span id="clock-real" class="row" hidden>
      <button type="button" id="clock-pause">Pause clock</button>
      <label>Speed <input id="clock-speed" type="number" min="0.1" max="100000" step="any" size="6"></label>
      <button type="button" id="clock-speed-set">Set speed</button>
    </span>
  </div>
</section>

<section aria-labelledby="create-h">
  <h2 id="create-h">New job</h2>
  <form id="create" class="row">
    <label>Vendor <select id="create-vendor" name="vendor"></select></label>
    <label>Scenario <select id="create-scenario" name="scenario"></select></label>
    <button type="submit" class="primary">Create job</button>
  </form>
</section>

<section aria-labelledby="jobs-h">
  <h2 id="jobs-h">Jobs <span id="jobs-count" class="muted"></span></h2>
  <div class="row">
    <label>Filter by vendor <select id="filter-vendor"><option value="">All vendors</option></select></label>
    <label>Filter by state <select id="filter-state"><option value="">All states</option></select></label>
  </div>
  <table id="jobs" aria-label="Jobs">
    <thead><tr><th scope="col">Vendor</th><th scope="col">Job</th><th scope="col">Scenario</th>
      <th scope="col">State</th><th scope="col">Progress</th><th scope="col">Created</th>
      <th scope="col">Status URL</th><th scope="col">Actions</th><th scope="col">Last body</th></tr></thead>
    <tbody></tbody>
  </table>
</section>

<section aria-labelledby="faults-h">
  <h2 id="faults-h">Faults</h2>
  <form id="fault" class="row">
    <label>Vendor <select id="fault-vendor"><option value="">Every vendor</option></select></label>
    <label>Fault <select id="fault-kind">
      <option value="503">503 Service Unavailable</option>
      <option value="429">429 Too Many Requests</option>
      <option value="500">500 Internal Server Error</option>
      <option value="latency">2 s latency</option>
      <option value="connection_reset">Connection reset</option>
      <option value="truncated_json">Truncated JSON</option></select></label>
    <label>Times <input id="fault-times" type="number" min="1" placeholder="every request" aria-label="Times (empty: every request)"></label>
    <button type="submit">Add fault</button>
    <button type="button" id="faults-clear">Remove all faults</button>
  </form>
  <table id="faults" aria-label="Faults">
    <thead><tr><th scope="col">Id</th><th scope="col">Scope</th><th scope="col">Effect</th><th scope="col">Left</th><th scope="col">Actions</th></tr></thead>
    <tbody></tbody>
  </table>
</section>

<section aria-labelledby="requests-h">
  <h2 id="requests-h">Requests <span id="requests-count" class="muted"></span></h2>
  <div class="row"><button type="button" id="requests-clear">Clear request log</button></div>
  <h3 style="font-size:.95rem">Client polling, per job</h3>
  <table id="polling" aria-label="Client polling per job">
    <thead><tr><th scope="col">Job</th><th scope="col">Polls</th><th scope="col">Interval (min / median)</th>
      <th scope="col">After terminal</th><th scope="col">Findings</th></tr></thead>
    <tbody></tbody>
  </table>
  <h3 style="font-size:.95rem">Last requests</h3>
  <table id="requests" aria-label="Request log">
    <thead><tr><th scope="col">Time</th><th scope="col">Method</th><th scope="col">Path</th><th scope="col">Status</th>
      <th scope="col">Vendor</th><th scope="col">Job</th><th scope="col">State</th><th scope="col">Latency</th><th scope="col">Fault</th></tr></thead>
    <tbody></tbody>
  </table>
</section>
<script type="module" src="/__jobkit/panel.js"></script>
</body>
</html>
`;
