import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadSuite } from '../../../src/contract/suite/load.js';
import { JobkitError } from '../../../src/errors.js';
import { createRegistry } from '../../../src/vendors/registry.js';
import { useTempTrees } from '../../helpers/fixtures.js';

const registry = createRegistry();
const vendor = registry.names()[0] as string;
const files = useTempTrees();

/** Loads a suite written from `body` (a JSON object), returning the error it throws, if any. */
function loadError(body: Record<string, unknown>, options?: Parameters<typeof loadSuite>[2]) {
  const dir = files({ 's.json': { name: 's', vendor, ...body } });
  try {
    loadSuite(join(dir, 's.json'), registry, options);
    return undefined;
  } catch (error) {
    if (!(error instanceof JobkitError)) throw error;
    return error;
  }
}

const poll = (path: string, extra: Record<string, unknown> = {}) => ({
  name: `poll ${path}`,
  poll: { path, ...extra },
});

describe('variables are checked when the suite loads', () => {
  it('an undefined variable names the file, the step pointer and the variable', () => {
    const error = loadError({ steps: [poll('/jobs/{job_idd}')] });
    expect(error?.code).toBe('usage');
    expect(error?.pointer).toBe('/steps/0/poll/path');
    expect(error?.file).toMatch(/s\.json$/);
    expect(error?.message).toMatch(
      /s\.json#\/steps\/0\/poll\/path: \{job_idd\} is not defined: define "job_idd"/,
    );
  });

  it('built-ins, suite variables and earlier captures are defined; a later capture is not', () => {
    expect(
      loadError({
        variables: { app: 'a' },
        steps: [
          {
            name: 'create',
            request: { method: 'POST', path: '/{app}/{run}', body: { at: ['{now}'] } },
            capture: { id: '/id' },
          },
          poll('/jobs/{id}', { capture: { out: '/out' } }),
          poll('/out/{out}'),
        ],
      }),
    ).toBeUndefined();
    const error = loadError({
      steps: [poll('/jobs/{id}'), { name: 'create', request: { path: '/x' }, capture: { id: '/id' } }],
    });
    expect(error?.message).toMatch(/#\/steps\/0\/poll\/path: \{id\} is not defined/);
  });

  it('own properties only: {constructor} and {toString} are undefined', () => {
    const error = loadError({ steps: [poll('/jobs/{constructor}', { headers: { 'X-A': '{toString}' } })] });
    expect(error?.message).toMatch(/\{constructor\} is not defined/);
    expect(error?.message).toMatch(/#\/steps\/0\/poll\/headers\/X-A: \{toString\} is not defined/);
  });

  it('every place a template can be: body strings, cancel requests, the suite headers', () => {
    const error = loadError({
      headers: { Authorization: 'Bearer {token}' },
      steps: [
        { name: 'a', request: { method: 'POST', path: '/a', body: { deep: [{ x: '{nope}' }] } } },
        poll('/p', { cancel: { afterPolls: 1, request: { method: 'DELETE', path: '/p/{gone}' } } }),
      ],
    });
    const message = error?.message ?? '';
    expect(message).toMatch(/#\/headers\/Authorization: \{token\} is not defined before step "a"/);
    expect(message).toMatch(/#\/steps\/0\/request\/body\/deep\/0\/x: \{nope\} is not defined/);
    expect(message).toMatch(/#\/steps\/1\/poll\/cancel\/request\/path: \{gone\} is not defined/);
    expect(message.match(/\{token\}/g)).toHaveLength(1);
  });

  it('{env.NAME} is checked against the environment given', () => {
    const body = { steps: [poll('/jobs/{env.JOB}')] };
    expect(loadError(body)).toBeUndefined();
    expect(loadError(body, { env: { JOB: 'j' } })).toBeUndefined();
    expect(loadError(body, { env: { PATH: '/bin' } })?.message).toMatch(
      /\{env\.JOB\} has no value: set the environment variable JOB/,
    );
    expect(loadError({ steps: [poll('/{env.constructor}')] }, { env: {} })?.message).toMatch(
      /\{env\.constructor\} has no value/,
    );
  });
});

describe('base URL and headers are checked when the suite loads', () => {
  it('no base URL for a relative path is a usage error, unless the run gives one or paths are absolute', () => {
    const body = { steps: [poll('/jobs/1')] };
    expect(loadError(body, { requireBase: true })?.message).toMatch(
      /#\/steps\/0\/poll\/path: no base URL for the path "\/jobs\/1": pass --base-url or set baseUrl/,
    );
    expect(loadError(body, { requireBase: true, baseUrl: 'http://127.0.0.1:1' })).toBeUndefined();
    expect(loadError(body)).toBeUndefined();
    expect(loadError({ steps: [poll('http://127.0.0.1:1/jobs/1')] }, { requireBase: true })).toBeUndefined();
  });

  it('an invalid base URL is a usage error, from the suite or the run', () => {
    expect(loadError({ baseUrl: 'notaurl', steps: [poll('/j')] })?.message).toMatch(
      /#\/baseUrl: the base URL "notaurl" is not an http\(s\) URL: fix baseUrl/,
    );
    expect(loadError({ baseUrl: 'ftp://x', steps: [poll('/j')] })?.code).toBe('usage');
    expect(loadError({ steps: [poll('/j')] }, { baseUrl: 'notaurl' })?.message).toMatch(/fix --base-url/);
  });

  it('a bad header name or a header value with a line break is a usage error at its pointer', () => {
    const error = loadError({
      headers: { 'Bad Name': 'x' },
      steps: [{ name: 'a', request: { path: 'http://127.0.0.1:1/a', headers: { 'X-Ok': 'one\ntwo' } } }],
    });
    expect(error?.code).toBe('usage');
    expect(error?.message).toMatch(/#\/headers\/Bad Name: "Bad Name" is not a valid header name/);
    expect(error?.message).toMatch(
      /#\/steps\/0\/request\/headers\/X-Ok: the value of header X-Ok has a line break/,
    );
  });
});
