import { existsSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { build } from 'esbuild';
import { type Browser, chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT } from '../helpers/cli.js';

/**
 * jobkit/msw in a real browser: a page bundles the handlers with setupWorker (MSW's service
 * worker), polls a Pinpoint job on a manual clock it advances itself, and reports what it saw.
 * Chromium is Debian's (`.ci/run` installs it); without it the test is skipped, except in CI.
 */
const CHROMIUM = ['/usr/bin/chromium', '/usr/bin/chromium-browser'].find((p) => existsSync(p));

const PAGE_SCRIPT = `
import { setupWorker } from 'msw/browser';
import { createManualClock, createMockHandlers } from ${JSON.stringify(join(ROOT, 'src/msw/index.ts'))};
const clock = createManualClock();
const mock = createMockHandlers({ vendors: ['pinpoint'], clock });
try {
  await setupWorker(...mock.handlers).start({ quiet: true, onUnhandledRequest: 'error' });
  const job = mock.createJob('pinpoint', 'happy');
  const states = [];
  for (let i = 0; i < 40; i++) {
    const body = await (await fetch(job.statusUrl)).json();
    states.push(body.JobStatus);
    if (body.JobStatus === 'COMPLETED' || body.JobStatus === 'FAILED') break;
    clock.advance(5000);
  }
  window.jobkitStates = states;
} catch (error) {
  window.jobkitError = String(error && error.stack || error);
}
document.title = 'done';
`;

async function pageFiles(): Promise<Record<string, { type: string; body: string }>> {
  const bundled = await build({
    stdin: { contents: PAGE_SCRIPT, resolveDir: ROOT, loader: 'js' },
    bundle: true,
    platform: 'browser',
    format: 'esm',
    write: false,
    logLevel: 'silent',
  });
  const js = 'text/javascript';
  return {
    '/': {
      type: 'text/html',
      body: '<!doctype html><title>loading</title><script type="module" src="/app.js"></script>',
    },
    '/app.js': { type: js, body: bundled.outputFiles[0]?.text ?? '' },
    '/mockServiceWorker.js': {
      type: js,
      body: readFileSync(join(ROOT, 'node_modules/msw/lib/mockServiceWorker.js'), 'utf8'),
    },
  };
}

describe.skipIf(CHROMIUM === undefined && process.env.CI !== 'true')(
  'jobkit/msw in headless Chromium',
  () => {
    let server: Server;
    let browser: Browser | undefined;
    let url: string;
    beforeAll(async () => {
      const files = await pageFiles();
      server = createServer((req, res) => {
        const file = files[req.url ?? ''];
        res.writeHead(file ? 200 : 404, { 'content-type': file?.type ?? 'text/plain' });
        res.end(file?.body ?? 'not found');
      });
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
      browser = await chromium.launch({
        ...(CHROMIUM ? { executablePath: CHROMIUM } : {}),
        // No name resolves: the page can reach nothing but this test's server.
        args: ['--no-sandbox', '--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1'],
      });
    });
    afterAll(async () => {
      await browser?.close();
      await new Promise((resolve) => server?.close(resolve));
    });

    it('a page with setupWorker and the handlers sees a job progress to its terminal state', async () => {
      const page = await (browser as Browser).newPage();
      const logs: string[] = [];
      page.on('console', (m) => logs.push(`${m.type()}: ${m.text()}`));
      page.on('pageerror', (e) => logs.push(`pageerror: ${e.message}`));
      const said = (error: Error) => {
        throw new Error(`${error.message}\npage said:\n${logs.join('\n')}`);
      };
      await page.goto(url, { waitUntil: 'domcontentloaded', timeout: 20_000 }).catch(said);
      await page
        .waitForFunction(
          () => (globalThis as unknown as { document: { title: string } }).document.title === 'done',
          undefined,
          { timeout: 30_000 },
        )
        .catch(said);
      const seen = await page.evaluate(() => {
        const w = globalThis as unknown as { jobkitStates?: string[]; jobkitError?: string };
        return { states: w.jobkitStates, error: w.jobkitError };
      });
      expect(seen.error).toBeUndefined();
      expect(seen.states?.[0]).toBe('CREATED');
      expect(seen.states?.at(-1)).toBe('COMPLETED');
      expect(new Set(seen.states).size).toBeGreaterThan(2);
    }, 60_000);
  },
);
