import { describe, expect, it } from 'vitest';
import { isReporterName, REPORTER_NAMES, renderReport } from '../../../src/contract/reporters/index.js';
import { createProgress } from '../../../src/contract/reporters/progress.js';
import type { CheckReport } from '../../../src/contract/types.js';
import { createStyle } from '../../../src/util/style.js';

const plain = createStyle({ isTTY: false }, {});
const report: CheckReport = {
  name: 'suite <x>',
  source: 'x.yaml',
  ok: false,
  durationMs: 1500,
  problems: [],
  cases: [
    {
      name: 'ok',
      vendor: 'pinpoint',
      ok: true,
      violations: [],
      polls: 1,
      durationMs: 10,
      states: ['DONE'],
      notes: [],
    },
    {
      name: 'bad & worse',
      vendor: 'pinpoint',
      ok: false,
      violations: [
        { rule: 'monotonic', poll: 2, pointer: '/n', message: 'went down', previous: 5, current: 3 },
      ],
      polls: 2,
      durationMs: 20,
      states: [],
      notes: [],
    },
  ],
};

describe('reporters, picked by name', () => {
  it('knows exactly text, json and junit', () => {
    expect(REPORTER_NAMES).toEqual(['text', 'json', 'junit']);
    expect(isReporterName('junit')).toBe(true);
    expect(isReporterName('toString')).toBe(false);
  });

  it('text: a line per case, the violation under it, a summary', () => {
    const text = renderReport('text', [report], plain);
    expect(text).toContain('  ✗ bad & worse');
    expect(text).toContain('monotonic  poll 2 /n  went down (previous 5, current 3)');
    expect(text).toMatch(/2 checks: 1 passed, 1 failed\n$/);
  });

  it('json: a summary, then the reports as data', () => {
    const json = JSON.parse(renderReport('json', [report], plain));
    expect(json.summary).toEqual({ checks: 2, passed: 1, failed: 1, skipped: 0, violations: 1 });
  });

  it('junit: escaped names, a failure per failed case', () => {
    const xml = renderReport('junit', [report], plain);
    expect(xml).toContain('<testsuite name="suite &lt;x&gt;" tests="2" failures="1"');
    expect(xml).toContain('<testcase name="bad &amp; worse" classname="jobkit.pinpoint"');
    expect(xml).toContain('<failure message="monotonic: went down" type="monotonic">');
  });
});

describe('the progress line', () => {
  it('writes only when on', () => {
    const written: string[] = [];
    const stream = { write: (t: string) => written.push(t) };
    createProgress(stream, false).listener('job')({ poll: 1, violations: 0, elapsedMs: 5 });
    expect(written).toEqual([]);
    const on = createProgress(stream, true);
    on.listener('job')({ poll: 2, state: 'RUN', violations: 1, elapsedMs: 1500 });
    on.clear();
    expect(written).toEqual(['\r\x1b[K  job · poll 2 · RUN · 1 violation · 1.5 s', '\r\x1b[K']);
  });

  it('with several jobs at once, names the latest and counts the others until they end', () => {
    const written: string[] = [];
    const on = createProgress({ write: (t: string) => written.push(t) }, true);
    on.listener('A › poll')({ poll: 1, state: 'RUN', violations: 0, elapsedMs: 100 });
    on.listener('B › poll')({ poll: 3, state: 'RUN', violations: 2, elapsedMs: 200 });
    on.end('B › poll');
    on.end('A › poll');
    expect(written).toEqual([
      '\r\x1b[K  A › poll · poll 1 · RUN · 0 violations · 0.1 s',
      '\r\x1b[K  B › poll · poll 3 · RUN · 2 violations · 0.2 s · 1 more running',
      '\r\x1b[K  A › poll · poll 1 · RUN · 0 violations · 0.1 s',
      '\r\x1b[K',
    ]);
  });
});
