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
