import { describe, expect, it } from 'vitest';
import type { Job } from '../../src/lifecycle/machine.js';
import { type RecordsSpec, recordOutcomes, renderRecords } from '../../src/mock/records.js';
import { checkVendorFile } from '../../src/vendors/check-file.js';
import { createRegistry } from '../../src/vendors/registry.js';

/** A lookup route's records: the create request's items split by outcome, as the counters say. */

const job = (seed: number): Job => ({
  id: 'j',
  vendor: 'v',
  scenario: 'happy',
  seed,
  createdAt: 0,
  params: {},
  free: {},
  finishesAt: 0,
});
const items = Array.from({ length: 10 }, (_, i) => ({ uid: `u-${i}` }));
const outer = () => undefined;

describe('recordOutcomes', () => {
  it('splits the reached records as the counters say, the same way for the same seed', () => {
    const counts = { done: 5, failed: 3, skipped: 1 };
    const outcomes = recordOutcomes(job(1), counts);
    const tally = { done: 0, failed: 0, skipped: 0 };
    for (const outcome of outcomes.values()) tally[outcome]++;
    expect(tally).toEqual(counts);
    // The 10th record was not reached: it has no outcome.
    expect([...outcomes.keys()].sort((a, b) => a - b)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8]);
    expect(recordOutcomes(job(1), counts)).toEqual(outcomes);
    const seeds = Array.from({ length: 8 }, (_, i) => [...recordOutcomes(job(i + 2), counts).entries()]);
    expect(new Set(seeds.map((s) => JSON.stringify(s))).size).toBeGreaterThan(1);
  });
});

describe('renderRecords', () => {
  const spec: RecordsSpec = {
    outcome: 'done',
    item: {
      id: '{{recordId:user}}',
      uid: '{{record:/uid}}',
      session: { id: '{{recordId:session}}' },
      at: '{{index}}',
    },
    ids: {
      user: { template: '{{digits:6}}', keep: '/id' },
      session: { template: 's-{{hex:4}}', only: '/session' },
    },
  };

  it('fills each record, keeps an id the client sent, and drops an object its holes left empty', () => {
    const records = [{ uid: 'a', session: {} }, { uid: 'b', id: 'mine' }, { email: 'c@x.io' }];
    const out = renderRecords(spec, job(3), records, { done: 3, failed: 0, skipped: 0 }, outer) as Record<
      string,
      unknown
    >[];
    expect(out).toHaveLength(3);
    expect(out[0]).toEqual({
      id: expect.stringMatching(/^[1-9]\d{5}$/),
      uid: 'a',
      session: { id: expect.stringMatching(/^s-[0-9a-f]{4}$/) },
      at: 0,
    });
    expect(out[1]).toEqual({ id: 'mine', uid: 'b', at: 1 });
    expect(out[2]).toEqual({ id: expect.any(String), at: 2 });
    expect(renderRecords(spec, job(3), records, { done: 3, failed: 0, skipped: 0 }, outer)).toEqual(out);
  });

  it('lists only its outcome; with omitEmpty, none is no value rather than []', () => {
    const failed: RecordsSpec = { outcome: 'failed', item: { user: '{{record}}', job: '{{job.id}}' } };
    const outerJob = (name: string) => (name === 'job.id' ? 'j-1' : undefined);
    const some = renderRecords(
      failed,
      job(4),
      items,
      { done: 6, failed: 4, skipped: 0 },
      outerJob,
    ) as unknown[];
    expect(some).toHaveLength(4);
    expect(some[0]).toEqual({ user: expect.objectContaining({ uid: expect.any(String) }), job: 'j-1' });
    const done = renderRecords(spec, job(4), items, { done: 6, failed: 4, skipped: 0 }, outer) as {
      uid: string;
    }[];
    expect(done).toHaveLength(6);
    expect(done.map((d) => d.uid)).not.toContain((some[0] as { user: { uid: string } }).user.uid);
    const none = { done: 10, failed: 0, skipped: 0 };
    expect(renderRecords(failed, job(4), items, none, outer)).toEqual([]);
    expect(renderRecords({ ...failed, omitEmpty: true }, job(4), items, none, outer)).toBeUndefined();
  });
});

describe('the vendor file check', () => {
  it('refuses records on a vendor whose jobs keep no request array (mock.work.totalFrom)', () => {
    const file = structuredClone(createRegistry().get('fullstory-users-batch').lifecycle);
    delete file.mock?.work.totalFrom;
    const fail = (at: string, message: string): never => {
      throw new Error(`${at}: ${message}`);
    };
    expect(() => checkVendorFile(file, fail)).toThrow(/^\/api\/routes\/2\/lookup\/records: .*totalFrom/);
    expect(() =>
      checkVendorFile(createRegistry().get('fullstory-users-batch').lifecycle, fail),
    ).not.toThrow();
  });
});
