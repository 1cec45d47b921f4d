import { describe, expect, it } from 'vitest';
import { foldViolations } from '../../../src/contract/reporters/fold.js';
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

describe('repeated violations', () => {
  const wrongVendor: CheckReport = {
    ...report,
    cases: [
      {
        name: 'wrong vendor',
        vendor: 'posthog',
        ok: false,
        violations: [
          ...Array.from({ length: 700 }, (_, i) => [
            { rule: 'schema' as const, poll: i + 1, pointer: '/status', message: 'is required but missing' },
            { rule: 'schema' as const, poll: i + 1, pointer: '/id', message: 'is required but missing' },
          ]).flat(),
          {
            rule: 'monotonic' as const,
            poll: 3,
            pointer: '/n',
            message: 'went down from 5 to 3',
            previous: 5,
            current: 3,
          },
          {
            rule: 'monotonic' as const,
            poll: 9,
            pointer: '/n',
            message: 'went down from 7 to 1',
            previous: 7,
            current: 1,
          },
          {
            rule: 'monotonic' as const,
            poll: 9,
            pointer: '/m',
            message: 'went down from 7 to 1',
            previous: 7,
            current: 1,
          },
        ],
        polls: 700,
        durationMs: 20,
        states: [],
        notes: [],
      },
    ],
  };

  it('fold by rule, pointer and message shape into one line with a count and the first/last poll', () => {
    expect(
      foldViolations(wrongVendor.cases[0]?.violations ?? []).map((g) => [g.count, g.firstPoll, g.lastPoll]),
    ).toEqual([
      [700, 1, 700],
      [700, 1, 700],
      [2, 3, 9],
      [1, 9, 9],
    ]);
  });

  it('text: a few lines, not 1,400', () => {
    const text = renderReport('text', [wrongVendor], plain);
    const lines = text.split('\n').filter((l) => l.startsWith('      '));
    expect(lines).toEqual([
      '      schema  polls 1–700 /status  is required but missing  ×700',
      '      schema  polls 1–700 /id  is required but missing  ×700',
      '      monotonic  polls 3–9 /n  went down from 5 to 3 (previous 5, current 3)  ×2',
      '      monotonic  poll 9 /m  went down from 7 to 1 (previous 7, current 1)',
    ]);
  });

  it('json: every violation kept, the folded summary beside them', () => {
    const json = JSON.parse(renderReport('json', [wrongVendor], plain));
    expect(json.summary.violations).toBe(1403);
    expect(json.reports[0].cases[0].violations).toHaveLength(1403);
    expect(json.folded).toEqual([
      {
        report: 'suite <x>',
        case: 'wrong vendor',
        rule: 'schema' as const,
        pointer: '/status',
        message: 'is required but missing',
        count: 700,
        firstPoll: 1,
        lastPoll: 700,
      },
      {
        report: 'suite <x>',
        case: 'wrong vendor',
        rule: 'schema' as const,
        pointer: '/id',
        message: 'is required but missing',
        count: 700,
        firstPoll: 1,
        lastPoll: 700,
      },
      {
        report: 'suite <x>',
        case: 'wrong vendor',
        rule: 'monotonic' as const,
        pointer: '/n',
        message: 'went down from 5 to 3',
        count: 2,
        firstPoll: 3,
        lastPoll: 9,
      },
    ]);
  });

  it('junit: the failure details are folded too', () => {
    const xml = renderReport('junit', [wrongVendor], plain);
    expect(xml).toContain(
      'schema  polls 1–700 /status  is required but missing  ×700\nschema  polls 1–700 /id',
    );
    expect(xml.split('is required but missing')).toHaveLength(4); // the message attribute and two lines
  });
});

describe('inputs that could not be read', () => {
  const unread: CheckReport = {
    name: 'posthog recording gone.ndjson',
    source: 'gone.ndjson',
    ok: false,
    durationMs: 1,
    problems: ['gone.ndjson: does not exist.'],
    cases: [],
  };

  it('text: an error line and an error count, no pass', () => {
    const text = renderReport('text', [unread], plain);
    expect(text).not.toContain('✓');
    expect(text).toContain('  error gone.ndjson: does not exist.');
    expect(text).toMatch(/0 checks: 0 passed, 0 failed, 1 input error\n$/);
  });

  it('json: passed 0 and an errors count', () => {
    const json = JSON.parse(renderReport('json', [unread], plain));
    expect(json.ok).toBe(false);
    expect(json.summary).toMatchObject({ checks: 0, passed: 0, errors: 1 });
    expect(json.reports[0].problems).toEqual(['gone.ndjson: does not exist.']);
  });

  it('junit: an <error> testcase, errors counted on <testsuite> and <testsuites>', () => {
    const xml = renderReport('junit', [report, unread], plain);
    expect(xml).toMatch(/<testsuites name="jobkit check" tests="3" failures="1" errors="1"/);
    expect(xml).toMatch(/<testsuite name="posthog recording gone\.ndjson" tests="1" failures="0" errors="1"/);
    expect(xml).toContain('<error message="gone.ndjson: does not exist."/>');
  });
});
