import { describe, expect, it } from 'vitest';
import { SequenceChecker } from '../../src/rules/check.js';
import { createRegistry } from '../../src/vendors/registry.js';

const registry = createRegistry();

const exportAt = (status: string, shardStatus: unknown, extra: Record<string, unknown> = {}) => ({
  id: 'e1',
  backend: 's3',
  path: 's3://b/e1',
  status,
  startedAt: '2026-03-01T10:00:00.000Z',
  completedAt: '0001-01-01T00:00:00.000Z',
  classes: ['Article'],
  shardStatus,
  ...extra,
});

describe('Weaviate shard trees', () => {
  // Class and shard names are keys, not pointers: a "/" or "~" in one must come out escaped (RFC 6901).
  it('names a shard counter that went down by its escaped pointer', () => {
    const checker = new SequenceChecker(registry.get('weaviate'), { schema: false });
    expect(
      checker.check(
        exportAt('TRANSFERRING', { 'A/b': { 'c~d': { status: 'TRANSFERRING', objectsExported: 9 } } }),
      ),
    ).toEqual([]);
    const found = checker.check(
      exportAt('TRANSFERRING', { 'A/b': { 'c~d': { status: 'TRANSFERRING', objectsExported: 4 } } }),
    );
    expect(found).toEqual([
      {
        rule: 'monotonic',
        poll: 2,
        pointer: '/shardStatus/A~1b/c~0d/objectsExported',
        message: 'went down from 9 to 4',
        previous: 9,
        current: 4,
      },
    ]);
  });

  it('a shard missing from the next body counts as 0; non-object classes are skipped', () => {
    const checker = new SequenceChecker(registry.get('weaviate'), { schema: false });
    checker.check(exportAt('TRANSFERRING', { A: { s1: { objectsExported: 3 } }, B: [1] }));
    const found = checker.check(exportAt('TRANSFERRING', { A: {} }));
    expect(found.map((v) => [v.rule, v.pointer, v.current])).toEqual([
      ['monotonic', '/shardStatus/A/s1/objectsExported', 0],
    ]);
  });

  it('names each failed shard of a successful export', () => {
    const checker = new SequenceChecker(registry.get('weaviate'), { schema: false });
    const found = checker.check(
      exportAt(
        'SUCCESS',
        { A: { s1: { status: 'SUCCESS' }, 's/2': { status: 'FAILED' } } },
        { completedAt: '2026-03-01T10:01:00.000Z', tookInMs: 60_000 },
      ),
    );
    expect(found.map((v) => [v.rule, v.pointer])).toEqual([
      ['success-without-failed-pieces', '/shardStatus/A/s~12/status'],
    ]);
  });
});
