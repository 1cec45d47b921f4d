import { afterAll, describe, expect, it } from 'vitest';
import type { VendorFile } from '../../src/format/types.js';
import { SequenceChecker } from '../../src/rules/check.js';
import { createRegistry, type Vendor } from '../../src/vendors/registry.js';
import { tempTree } from '../helpers/fixtures.js';
import { simpleStatus } from '../helpers/own-vendor.js';

/** Times the lifecycle sets once (created, started, finished) never change once set. */

const trees: (() => void)[] = [];
afterAll(() => {
  for (const cleanup of trees) cleanup();
});

function load(file: Partial<VendorFile>): Vendor {
  const tree = tempTree({
    'schemas/own/Job.json': { type: 'object', properties: { state: { type: 'string' } } },
    'mocks/own/lifecycle.json': { title: 'Own', schema: { root: 'Job' }, status: simpleStatus(), ...file },
  });
  trees.push(tree.cleanup);
  return createRegistry({ roots: [tree.dir], builtins: false }).get('own');
}

const T = '2026-03-01T10:00:00.000Z';
const LATER = '2026-03-01T10:00:05.000Z';
const rulesOf = (vendor: Vendor, bodies: unknown[]) => {
  const checker = new SequenceChecker(vendor, { schema: false });
  return bodies.flatMap((b) => checker.check(b)).map((v) => [v.rule, v.poll, v.pointer]);
};

describe('started-constant', () => {
  const vendor = load({
    body: { id: { from: 'id' }, state: { from: 'state' }, started: { from: 'time.started', format: 'iso' } },
  });

  it('reports a start time that changes between polls, at the poll it changed', () => {
    const bodies = [
      { id: 'j', state: 'running', started: T },
      { id: 'j', state: 'running', started: LATER },
    ];
    expect(rulesOf(vendor, bodies)).toEqual([['started-constant', 2, '/started']]);
    const checker = new SequenceChecker(vendor, { schema: false });
    checker.check(bodies[0]);
    expect(checker.check(bodies[1])).toEqual([
      {
        rule: 'started-constant',
        poll: 2,
        pointer: '/started',
        message: 'the start timestamp changed after it was set',
        previous: T,
        current: LATER,
      },
    ]);
  });

  it('reports a start time that goes unset where no `when` says it may', () => {
    const bodies = [
      { id: 'j', state: 'running', started: T },
      { id: 'j', state: 'running' },
    ];
    expect(rulesOf(vendor, bodies)).toEqual([['started-constant', 2, '/started']]);
  });

  it('accepts a start time that stays, and one that is set late', () => {
    const bodies = [
      { id: 'j', state: 'queued' },
      { id: 'j', state: 'running', started: T },
      { id: 'j', state: 'done', started: T },
    ];
    expect(rulesOf(vendor, bodies)).toEqual([]);
  });

  it('a `when` may unset it again (documented), but not change it', () => {
    const when = load({
      body: {
        state: { from: 'state' },
        started: { from: 'time.started', format: 'iso', when: { states: ['running'] } },
      },
    });
    expect(rulesOf(when, [{ state: 'running', started: T }, { state: 'done' }])).toEqual([]);
    expect(
      rulesOf(when, [
        { state: 'running', started: T },
        { state: 'running', started: LATER },
      ]),
    ).toEqual([['started-constant', 2, '/started']]);
  });

  it('the `rules` section switches it off', () => {
    const off = load({
      rules: { 'started-constant': { off: true } },
      body: { state: { from: 'state' }, started: { from: 'time.started', format: 'iso' } },
    });
    expect(
      rulesOf(off, [
        { state: 'running', started: T },
        { state: 'running', started: LATER },
      ]),
    ).toEqual([]);
  });

  it('built-ins: Weaviate startedAt and Dakera started_at are start times; the others declare none', () => {
    const registry = createRegistry();
    const starts = Object.fromEntries(
      registry
        .names()
        .map((name) => [
          name,
          new SequenceChecker(registry.get(name)).model.setOnce
            .filter((f) => f.rule === 'started-constant')
            .map((f) => f.pointer),
        ]),
    );
    expect(starts).toMatchObject({ weaviate: ['/startedAt'], dakera: ['/started_at'] });
  });
});

describe('created-constant and finished-constant keep their ids', () => {
  const vendor = load({
    body: {
      state: { from: 'state' },
      created: { from: 'time.created', format: 'iso' },
      finished: { from: 'time.finished', format: 'iso' },
    },
  });

  it('a changed creation time, and a changed finished time', () => {
    expect(
      rulesOf(vendor, [
        { state: 'running', created: T },
        { state: 'done', created: LATER, finished: LATER },
        { state: 'done', created: LATER, finished: T },
      ]),
    ).toEqual([
      ['created-constant', 2, '/created'],
      ['finished-constant', 3, '/finished'],
      ['time-order', 3, '/finished'],
    ]);
  });

  it('a creation time that a `when` unsets is still reported (it exists from the creation on)', () => {
    const when = load({
      body: { state: { from: 'state' }, created: { from: 'time.created', format: 'iso', when: 'active' } },
    });
    expect(rulesOf(when, [{ state: 'running', created: T }, { state: 'done' }])).toEqual([
      ['created-constant', 2, '/created'],
    ]);
  });

  it('a time with a fallback may change once (its own source takes over): not a set-once time', () => {
    const fallback = load({
      body: {
        state: { from: 'state' },
        finished: { from: 'time.finished', format: 'iso', fallback: { from: 'time.created', format: 'iso' } },
      },
    });
    expect(new SequenceChecker(fallback).model.setOnce).toEqual([]);
  });
});
