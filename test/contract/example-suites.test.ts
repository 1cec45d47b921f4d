import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRealClock } from '../../src/mock/clock.js';
import { createMockServer, type MockServer } from '../../src/mock/listen.js';
import { createRegistry } from '../../src/vendors/registry.js';
import { verifyUserVendor } from '../../src/verify/render-check.js';
import { cli, ROOT } from '../helpers/cli.js';

/**
 * A mock of one example vendor for the describe block it is called in (a real clock sped up so a
 * job's life takes a blink), and the `jobkit check` arguments that run its contract suite.
 */
function exampleMock(name: string) {
  const dir = join(ROOT, 'examples', name);
  const registry = createRegistry({ roots: [dir], verify: verifyUserVendor });
  let server: MockServer | undefined;
  beforeAll(async () => {
    server = await createMockServer({
      registry,
      vendors: [name],
      clock: createRealClock({ speed: 25 }),
      seed: 1,
    });
  });
  afterAll(() => server?.close());
  return {
    url: () => (server as MockServer).url,
    suite: (base: string) => [
      'check',
      join(dir, 'contract.yaml'),
      '--vendors',
      dir,
      '--base-url',
      base,
      '--interval-ms',
      '20',
    ],
  };
}

/**
 * The contract suite that docs/own-job-api.md walks through, run as the doc runs it: the CLI
 * against a mock of the example vendor, on a real clock sped up so a batch's life takes a blink.
 */
describe('examples/openai-batch/contract.yaml', () => {
  const { url, suite } = exampleMock('openai-batch');

  it('passes against the mock: a batch completes, another is cancelled through cancelling', async () => {
    const run = await cli(suite(url()), { env: { OPENAI_API_KEY: 'sk-test' } });
    expect(run.stderr).toBe('');
    expect(run.stdout).toContain('4 checks: 4 passed, 0 failed');
    expect(run.stdout).toMatch(/the batch completes .*completed\n/);
    expect(run.stdout).toMatch(/cancelling it ends it cancelled.*→ cancelling → cancelled/);
    expect(run.code).toBe(0);
  });

  it('fails with exit 1 when the API answers something else (a server with none of the routes)', async () => {
    const run = await cli(suite(`${url()}/nowhere`), { env: { OPENAI_API_KEY: 'sk-test' } });
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('0 passed');
  });
});

/** The operation example's suite: poll an operation by its name, cancel one through POST …:cancel. */
describe('examples/google-lro/contract.yaml', () => {
  const { url, suite } = exampleMock('google-lro');

  it('passes against the mock: one operation is done with a response, another cancelled', async () => {
    const run = await cli(suite(url()));
    expect(run.stderr).toBe('');
    expect(run.stdout).toContain('4 checks: 4 passed, 0 failed');
    expect(run.stdout).toMatch(/done with a response .*running → succeeded\n/);
    expect(run.stdout).toMatch(/error code 1 .*running → cancelled\n/);
    expect(run.code).toBe(0);
  });

  it('fails with exit 1 against a server with none of the routes', async () => {
    const run = await cli(suite(`${url()}/nowhere`));
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('0 passed');
  });
});
