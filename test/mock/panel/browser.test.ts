import { existsSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createManualClock, createRealClock } from '../../../src/mock/clock.js';
import { createMockServer, type MockServer } from '../../../src/mock/listen.js';
import { createRegistry } from '../../../src/vendors/registry.js';
import { ROOT } from '../../helpers/cli.js';

/**
 * The control panel driven as a person would, keyboard and mouse, in Debian's headless Chromium
 * (`.ci/run` installs it; without it the test is skipped, except in CI): controls are found by
 * role and name. JOBKIT_SCREENSHOT=1 writes the README's screenshot (docs/control-panel.png).
 */
const CHROMIUM = ['/usr/bin/chromium', '/usr/bin/chromium-browser'].find((p) => existsSync(p));
const WAIT = { timeout: 15_000 };

describe.skipIf(CHROMIUM === undefined && process.env.CI !== 'true')(
  'the control panel in headless Chromium',
  () => {
    let server: MockServer;
    let browser: Browser | undefined;
    let page: Page;
    const said: string[] = [];

    beforeAll(async () => {
      server = await createMockServer({
        registry: createRegistry(),
        seed: 4,
        clock: createManualClock(Date.UTC(2026, 2, 1, 9)),
        host: '127.0.0.1',
        port: 0,
        graceMs: 0,
        requestLog: 1000,
      });
      browser = await chromium.launch({
        ...(CHROMIUM ? { executablePath: CHROMIUM } : {}),
        // No name resolves: the page can reach nothing but this test's server.
        args: ['--no-sandbox', '--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1'],
      });
      page = await browser.newPage({ viewport: { width: 1280, height: 1100 } });
      page.on('console', (m) => said.push(`${m.type()}: ${m.text()}`));
      page.on('pageerror', (e) => said.push(`pageerror: ${e.message}`));
    });
    afterAll(async () => {
      await browser?.close();
      await server?.close();
    });

    const section = (name: string) => page.getByRole('region', { name });
    const jobsTable = () => page.getByRole('table', { name: 'Jobs' });
    const jobRow = (id: string) => jobsTable().getByRole('row').filter({ hasText: id });

    async function createJob(vendor: string, scenario: string): Promise<string> {
      const form = section('New job');
      await form.getByRole('combobox', { name: 'Vendor' }).selectOption(vendor);
      await form.getByRole('combobox', { name: 'Scenario' }).selectOption(scenario);
      const before = new Set(server.state.store.list(vendor).map((j) => j.id));
      await form.getByRole('button', { name: 'Create job' }).click();
      await page
        .getByRole('status')
        .filter({ hasText: `Created a ${vendor} ${scenario} job` })
        .waitFor(WAIT);
      const made = server.state.store.list(vendor).find((j) => !before.has(j.id));
      expect(made, `a ${vendor} job was created`).toBeDefined();
      const id = (made as { id: string }).id;
      await jobRow(id).waitFor(WAIT);
      return id;
    }

    it('creates a job and watches it finish, cancels another, advances the clock, switches a fault on', async () => {
      await page.goto(`${server.url}/__jobkit/`, { waitUntil: 'domcontentloaded' });
      await expect(page.title()).resolves.toBe('jobkit control panel');
      await expect(jobsTable().getByRole('columnheader', { name: 'State' }).count()).resolves.toBe(1);

      const done = await createJob('pinpoint', 'happy');
      const stuck = await createJob('posthog', 'stuck');

      // The clock only moves when told to: advance it until the first job is terminal on the page.
      const clock = section('Clock');
      await clock.getByRole('combobox', { name: 'Clock step' }).selectOption('600000');
      const terminal = jobRow(done).locator('[data-terminal="true"]');
      for (let i = 0; i < 12 && (await terminal.count()) === 0; i++) {
        const before = await clock.locator('#clock-now').textContent();
        await clock.getByRole('button', { name: 'Advance clock' }).click();
        await expect.poll(() => clock.locator('#clock-now').textContent(), WAIT).not.toBe(before);
      }
      await terminal.waitFor(WAIT);
      expect(await terminal.textContent()).toBe('COMPLETED');
      await expect(jobRow(done).getByRole('progressbar').getAttribute('value')).resolves.toBe('100');

      // Cancel by keyboard: focus the row's button and press Enter.
      const cancel = jobRow(stuck).getByRole('button', { name: 'Cancel' });
      await cancel.focus();
      await page.keyboard.press('Enter');
      await jobRow(stuck).locator('[data-terminal="true"]').waitFor(WAIT);
      expect(server.state.summary(server.state.store.get('posthog', stuck) as never).terminal).not.toBeNull();

      // A fault on every Pinpoint request: the next poll gets a 503, and the request log shows it.
      const faults = section('Faults');
      await faults.getByRole('combobox', { name: 'Vendor' }).selectOption('pinpoint');
      await faults.getByRole('combobox', { name: 'Fault' }).selectOption('503');
      await faults.getByRole('button', { name: 'Add fault' }).click();
      await faults
        .getByRole('table', { name: 'Faults' })
        .getByRole('cell', { name: 'status 503' })
        .waitFor(WAIT);
      expect(server.state.faults.size).toBe(1);
      const url = server.state.summary(
        server.state.store.get('pinpoint', done) as never,
        server.url,
      ).statusUrl;
      for (let i = 0; i < 3; i++) expect((await fetch(url as string)).status).toBe(503);
      const log = section('Requests');
      await log
        .getByRole('table', { name: 'Request log' })
        .getByRole('cell', { name: '503' })
        .first()
        .waitFor(WAIT);
      await log
        .getByRole('table', { name: 'Client polling per job' })
        .getByRole('row')
        .filter({ hasText: done })
        .waitFor(WAIT);

      const shot =
        process.env.JOBKIT_SCREENSHOT === '1' ? join(ROOT, 'docs') : join(tmpdir(), 'jobkit-panel');
      mkdirSync(shot, { recursive: true });
      await page.screenshot({ path: join(shot, 'control-panel.png'), fullPage: true });
      expect(said.filter((l) => l.startsWith('pageerror') || l.startsWith('error'))).toEqual([]);
    }, 90_000);

    it('asks for the admin token, says when it is wrong, then sends it on every admin call', async () => {
      const TOKEN = 'br0wser-t0ken';
      const guarded = await createMockServer({
        registry: createRegistry(),
        clock: createManualClock(Date.UTC(2026, 2, 1, 9)),
        host: '127.0.0.1',
        port: 0,
        graceMs: 0,
        admin: { token: TOKEN },
      });
      const tab = await (browser as Browser).newPage();
      const calls: { url: string; authorization: string | undefined }[] = [];
      tab.on('request', (r) => {
        const path = new URL(r.url()).pathname;
        if (path.startsWith('/__jobkit') && !/\/(panel(\.js)?)?$/.test(path) && r.resourceType() === 'fetch')
          calls.push({ url: r.url(), authorization: r.headers().authorization });
      });
      try {
        await tab.goto(`${guarded.url}/__jobkit/`, { waitUntil: 'domcontentloaded' });
        const access = tab.getByRole('region', { name: 'Admin token' });
        const alert = access.getByRole('alert');
        await alert.filter({ hasText: 'needs its admin token' }).waitFor(WAIT);
        const field = access.getByLabel('Admin token');
        await expect(field.getAttribute('type')).resolves.toBe('password');

        // A wrong token: said plainly, and not kept.
        await field.fill('not-the-token');
        await access.getByRole('button', { name: 'Use token' }).click();
        await alert.filter({ hasText: 'That admin token is wrong' }).waitFor(WAIT);
        await expect(field.getAttribute('aria-invalid')).resolves.toBe('true');
        await expect(tab.evaluate('sessionStorage.length')).resolves.toBe(0);

        // The right one, typed and sent with Enter: the panel reads the API and its controls work.
        await field.fill(TOKEN);
        await field.press('Enter');
        await access.waitFor({ state: 'hidden', ...WAIT });
        await tab.getByRole('status').filter({ hasText: 'admin token was accepted' }).waitFor(WAIT);
        const form = tab.getByRole('region', { name: 'New job' });
        await form.getByRole('combobox', { name: 'Vendor' }).selectOption('pinpoint');
        await form.getByRole('button', { name: 'Create job' }).click();
        await tab.getByRole('status').filter({ hasText: 'Created a pinpoint' }).waitFor(WAIT);
        expect(guarded.state.store.list('pinpoint')).toHaveLength(1);

        // Kept in this tab's session only: not in the address, local storage or a cookie.
        // Read as page expressions: the tests' types know no DOM storage.
        const kept = await tab.evaluate(
          "({ session: sessionStorage.getItem('jobkit.adminToken'), local: localStorage.length })",
        );
        expect(kept).toEqual({ session: TOKEN, local: 0 });
        expect(tab.url()).toBe(`${guarded.url}/__jobkit/`);
        await expect(tab.context().cookies()).resolves.toEqual([]);
        // Every call after the token was given carried it, as the guard expects; none put it in a URL.
        const after = calls.slice(calls.findIndex((c) => c.authorization === `Bearer ${TOKEN}`));
        expect(after.length).toBeGreaterThan(3);
        expect(after.every((c) => c.authorization === `Bearer ${TOKEN}`)).toBe(true);
        expect(calls.some((c) => c.url.includes(TOKEN))).toBe(false);

        // A reload in the same tab keeps working without asking again.
        await tab.reload({ waitUntil: 'domcontentloaded' });
        await tab
          .getByRole('table', { name: 'Jobs' })
          .getByRole('row')
          .filter({ hasText: 'pinpoint' })
          .waitFor(WAIT);
        await expect(access.isHidden()).resolves.toBe(true);
      } finally {
        await tab.close();
        await guarded.close();
      }
    }, 60_000);

    it('pauses a real clock, sets its speed and resumes it', async () => {
      const real = await createMockServer({
        registry: createRegistry(),
        clock: createRealClock({ speed: 5 }),
        host: '127.0.0.1',
        port: 0,
        graceMs: 0,
      });
      const tab = await (browser as Browser).newPage();
      try {
        await tab.goto(`${real.url}/__jobkit/`, { waitUntil: 'domcontentloaded' });
        const clock = tab.getByRole('region', { name: 'Clock' });
        await clock.getByRole('button', { name: 'Pause clock' }).click();
        await clock.getByRole('button', { name: 'Resume clock' }).waitFor(WAIT);
        expect(real.state.clock.paused).toBe(true);
        await clock.getByRole('spinbutton', { name: 'Speed' }).fill('40');
        await clock.getByRole('button', { name: 'Set speed' }).click();
        await tab.getByRole('status').filter({ hasText: 'Set the clock speed to ×40' }).waitFor(WAIT);
        expect(real.state.clock.speed).toBe(40);
        await clock.getByRole('button', { name: 'Resume clock' }).click();
        await clock.getByRole('button', { name: 'Pause clock' }).waitFor(WAIT);
        expect(real.state.clock.paused).toBe(false);
      } finally {
        await tab.close();
        await real.close();
      }
    }, 60_000);
  },
);
