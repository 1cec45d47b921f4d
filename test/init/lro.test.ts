import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createManualClock } from '../../src/mock/clock.js';
import { createMockServer } from '../../src/mock/listen.js';
import { createRegistry } from '../../src/vendors/registry.js';
import { ROOT } from '../helpers/cli.js';
import { inferFrom } from '../helpers/init-doc.js';

const dir = join(ROOT, 'examples', 'google-lro');
const doc = readFileSync(join(dir, 'openapi.yaml'), 'utf8');

/** The example's document with a block of lines (from `start` up to the next line as indented) cut. */
function cut(text: string, start: string): string {
  const lines = text.split('\n');
  const at = lines.indexOf(start);
  expect(at).toBeGreaterThan(-1);
  const indent = start.length - start.trimStart().length;
  let end = at + 1;
  while (end < lines.length && (lines[end] === '' || (lines[end]?.search(/\S/) ?? 0) > indent)) end++;
  return [...lines.slice(0, at), ...lines.slice(end)].join('\n');
}

describe('jobkit init on a Google long-running operation', () => {
  it('derives the status from done, error and response', () => {
    const { vendor, lines } = inferFrom(doc);
    expect(vendor.status.field).toBeUndefined();
    expect(vendor.status.derive?.map((d) => d.state)).toEqual([
      'cancelled',
      'failed',
      'succeeded',
      'running',
    ]);
    expect(Object.keys(vendor.status.states)).toEqual(['running', 'succeeded', 'failed', 'cancelled']);
    expect(vendor.body?.done).toEqual({ from: 'const', value: true, when: 'terminal' });
    expect(vendor.body?.name).toEqual({ from: 'template', value: 'operations/{{id}}' });
    expect(vendor.body?.metadata?.fields?.progressPercent).toEqual({ from: 'progress', integer: true });
    expect(lines[0]).toContain('a long-running operation');
  });

  it('writes the scenarios, cancel among them when a :cancel route exists', () => {
    const { vendor } = inferFrom(doc);
    expect(Object.keys(vendor.mock?.scenarios ?? {})).toEqual([
      'happy',
      'failure',
      'slow',
      'stuck',
      'cancel',
    ]);
    expect(vendor.api?.routes.find((r) => r.action === 'cancel')?.path).toBe(
      '/v1/operations/{operationsId}:cancel',
    );
    expect(vendor.api?.routes.find((r) => r.action === 'create')?.path).toBe('/v1/exports');
  });

  it('writes no cancel scenario without a :cancel route', () => {
    const { vendor } = inferFrom(cut(doc, '  /operations/{operationsId}:cancel:'));
    expect(vendor.api?.routes.some((r) => r.action === 'cancel')).toBe(false);
    expect(Object.keys(vendor.mock?.scenarios ?? {})).toEqual(['happy', 'failure', 'slow', 'stuck']);
  });

  it('says so when the metadata has no progress-like member', () => {
    const { vendor, undecided } = inferFrom(cut(doc, '        progressPercent:'));
    expect(vendor.body?.metadata?.fields?.progressPercent).toBeUndefined();
    expect(undecided).toContain('the metadata has no progress-like member: the mock shows no progress');
  });

  it('prefers a status field when the schema has one', () => {
    const withState = doc.replace(
      '        done:\n',
      '        state:\n          type: string\n          enum: [RUNNING, SUCCEEDED, FAILED]\n        done:\n',
    );
    const { vendor } = inferFrom(withState);
    expect(vendor.status.field).toBe('/state');
    expect(vendor.status.derive).toBeUndefined();
  });
});

describe('the google-lro example served', () => {
  it('cancels through POST …:cancel, and the operation ends with error code 1', async () => {
    const registry = createRegistry({ roots: [dir] });
    const server = await createMockServer({
      registry,
      vendors: ['google-lro'],
      clock: createManualClock(Date.UTC(2026, 5, 1)),
    });
    try {
      const res = await fetch(`${server.url}/v1/exports`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ outputUriPrefix: 'gs://bucket/out' }),
      });
      expect(res.status).toBe(200);
      const op = (await res.json()) as { name: string; done?: boolean };
      expect(op.name).toMatch(/^operations\/[0-9a-f]{24}$/);
      expect(op.done).toBeUndefined();
      const id = op.name.slice('operations/'.length);
      const cancel = await fetch(`${server.url}/v1/operations/${id}:cancel`, { method: 'POST', body: '{}' });
      expect(cancel.status).toBe(200);
      expect(await cancel.json()).toEqual({});
      const polled = (await (await fetch(`${server.url}/v1/operations/${id}`)).json()) as Record<
        string,
        unknown
      >;
      expect(polled).toMatchObject({ name: op.name, done: true, error: { code: 1, details: [] } });
      expect(registry.get('google-lro').readStatus(polled)).toBe('cancelled');
      const unknown = await fetch(`${server.url}/v1/operations/nope:cancel`, { method: 'POST', body: '{}' });
      expect(unknown.status).toBe(404);
    } finally {
      await server.close();
    }
  });
});
