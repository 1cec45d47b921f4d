import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, ROOT } from '../helpers/cli.js';
import { VENDORS } from '../helpers/fixtures.js';

describe('jobkit types', () => {
  it.each(VENDORS)('%s: prints what jobkit/vendors declares', async (vendor) => {
    const run = await cli(['types', '--vendor', vendor]);
    expect(run.code).toBe(0);
    const committed = readFileSync(join(ROOT, 'src', 'vendors-types', `${vendor}.generated.ts`), 'utf8');
    // The file adds its "generated" line above what the command prints.
    expect(committed.slice(committed.indexOf('\n') + 1)).toBe(run.stdout);
  });

  it('the built-ins carry the names the issue asks for', async () => {
    expect((await cli(['types', '--vendor', 'pinpoint'])).stdout).toMatch(
      /export interface PinpointExportJob \{/,
    );
    expect((await cli(['types', '--vendor', 'posthog'])).stdout).toMatch(
      /export interface PostHogBatchExportRun \{/,
    );
  });

  it("a user's vendor, named with its own prefix", async () => {
    const run = await cli(['types', '--vendor', 'acme', '--vendors', 'examples/vendors']);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/export interface AcmeExportJob \{/);
    expect(run.stdout).not.toMatch(/Pinpoint|PostHog/);
  });

  it('needs --vendor, and a known one', async () => {
    const none = await cli(['types']);
    expect(none.code).toBe(2);
    expect(none.stderr).toMatch(/types needs --vendor/);
    const unknown = await cli(['types', '--vendor', 'nope']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/Unknown vendor "nope"/);
  });
});
