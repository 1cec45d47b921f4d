import { describe, expect, it } from 'vitest';
import { createMockApp } from '../../../src/mock/app.js';
import { createManualClock } from '../../../src/mock/clock.js';
import { createRegistry } from '../../../src/vendors/registry.js';

const BROWSER_ACCEPT = 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8';

describe('the control panel at /__jobkit/', () => {
  const mock = createMockApp({ registry: createRegistry(), clock: createManualClock() });

  it.each(['/__jobkit/', '/__jobkit', '/__jobkit/panel'])(
    '%s answers a browser with the page',
    async (path) => {
      const res = await mock.app.request(path, { headers: { accept: BROWSER_ACCEPT } });
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
      expect(res.headers.get('content-security-policy')).toContain("script-src 'self'");
      const html = await res.text();
      expect(html).toContain('<title>jobkit control panel</title>');
      expect(html).toContain('<script type="module" src="/__jobkit/panel.js"></script>');
      for (const name of ['Create job', 'Advance clock', 'Pause clock', 'Set speed', 'Add fault'])
        expect(html, name).toContain(`>${name}</button>`);
    },
  );

  it('keeps the JSON index for every other client', async () => {
    for (const accept of [undefined, '*/*', 'application/json']) {
      const res = await mock.app.request('/__jobkit/', accept ? { headers: { accept } } : {});
      expect(res.status, accept).toBe(200);
      const body = (await res.json()) as { jobkit: boolean; vendors: { name: string }[] };
      expect(body.jobkit).toBe(true);
      expect(body.vendors.map((v) => v.name).sort()).toEqual(createRegistry().names().sort());
    }
  });

  it('serves its script, which calls only the admin API', async () => {
    const res = await mock.app.request('/__jobkit/panel.js');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    const script = await res.text();
    expect(script).toContain("const API = '/__jobkit';");
    // Parses as a module body (no syntax error slipped into the string).
    expect(() => new Function(script.replaceAll('import.meta', '({})'))).not.toThrow();
  });
});

describe('the control panel with an admin token', () => {
  const TOKEN = 'pan3l-t0ken';
  const mock = createMockApp({
    registry: createRegistry(),
    clock: createManualClock(),
    admin: { token: TOKEN },
  });

  it.each([
    ['/__jobkit/', BROWSER_ACCEPT],
    ['/__jobkit', BROWSER_ACCEPT],
    ['/__jobkit/panel', '*/*'],
    ['/__jobkit/panel.js', '*/*'],
  ])(
    '%s loads without the token (it holds nothing of the mock), so the page can ask for it',
    async (path, accept) => {
      const res = await mock.app.request(path, { headers: { accept } });
      expect(res.status).toBe(200);
      expect(res.headers.get('content-security-policy')).toContain("form-action 'none'");
    },
  );

  it('every admin call the page makes needs the token: 401 in the shape the page reads, then 200 with it', async () => {
    for (const path of ['/__jobkit/', '/__jobkit/jobs', '/__jobkit/faults', '/__jobkit/requests']) {
      const res = await mock.app.request(path, { headers: { accept: 'application/json' } });
      expect(res.status, path).toBe(401);
      expect(res.headers.get('www-authenticate')).toMatch(/^Bearer/);
      expect(((await res.json()) as { error: { code: string } }).error.code).toBe('unauthorized');
      const wrong = await mock.app.request(path, { headers: { authorization: 'Bearer nope' } });
      expect(wrong.status, path).toBe(401);
      const right = await mock.app.request(path, {
        headers: { accept: 'application/json', authorization: `Bearer ${TOKEN}` },
      });
      expect(right.status, path).toBe(200);
    }
    const index = await mock.app.request('/__jobkit/', {
      headers: { accept: 'application/json', authorization: `Bearer ${TOKEN}` },
    });
    expect(((await index.json()) as { jobkit: boolean }).jobkit).toBe(true);
    // A browser's page request carries no token: it gets the page, never the index's data.
    const page = await mock.app.request('/__jobkit/', { headers: { accept: BROWSER_ACCEPT } });
    expect(await page.text()).not.toContain('"jobkit":true');
  });

  it('a closed admin API still serves the page, and its calls say why (403 admin_closed)', async () => {
    const closed = createMockApp({
      registry: createRegistry(),
      clock: createManualClock(),
      admin: { closed: 'bound beyond loopback with no --admin-token' },
    });
    const page = await closed.app.request('/__jobkit/', { headers: { accept: BROWSER_ACCEPT } });
    expect(page.status).toBe(200);
    const res = await closed.app.request('/__jobkit/jobs');
    expect(res.status).toBe(403);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('admin_closed');
  });

  it('the page asks for the token in a form that never puts it in a URL, and the script keeps it in sessionStorage only', async () => {
    const html = await (await mock.app.request('/__jobkit/panel')).text();
    const input = /<input id="access-token"[^>]*>/.exec(html)?.[0] ?? '';
    expect(input).toContain('type="password"');
    // No name: even a submitted form would carry no field, and the CSP forbids submitting it anywhere.
    expect(input).not.toMatch(/\bname=/);
    expect(html).toContain('>Use token</button>');
    const script = await (await mock.app.request('/__jobkit/panel.js')).text();
    expect(script).toContain("init.headers.authorization = 'Bearer ' + sent;");
    expect(script).toContain('sessionStorage.setItem(TOKEN_KEY, value)');
    for (const leak of ['localStorage', 'document.cookie', 'location', 'history.', 'searchParams'])
      expect(script, leak).not.toContain(leak);
  });
});
