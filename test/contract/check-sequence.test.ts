import { describe, expect, it } from 'vitest';
import { checkSequence, SequenceJudge } from '../../src/contract/check-sequence.js';
import { observation } from '../../src/contract/observation.js';
import type { PollEvent } from '../../src/contract/types.js';
import { createRegistry } from '../../src/vendors/registry.js';

const pinpoint = createRegistry().get('pinpoint');

/* Pinpoint export job bodies (botocore shape, unwrapped). */
const at = (status: string, done: number, extra: Record<string, unknown> = {}) => ({
  ApplicationId: 'app1',
  CreationDate: '2026-03-01T10:00:00.000Z',
  Definition: { RoleArn: 'arn:aws:iam::1:role/r', S3UrlPrefix: 's3://b/p/' },
  Id: 'job1',
  Type: 'EXPORT',
  JobStatus: status,
  CompletedPieces: done,
  FailedPieces: 0,
  TotalPieces: 8,
  ...extra,
});
const completed = () => at('COMPLETED', 8, { CompletionDate: '2026-03-01T10:05:00.000Z' });
const clean = [at('CREATED', 0), at('PROCESSING', 2), at('PROCESSING', 5), completed()];

async function* slowly<T>(items: T[]): AsyncGenerator<T> {
  for (const item of items) {
    await new Promise((resolve) => setTimeout(resolve, 1));
    yield item;
  }
}

describe('checkSequence over a sync array of bodies', () => {
  it('answers at once (no promise) and passes a clean sequence, listing its states', () => {
    const result = checkSequence(pinpoint, clean, { name: 'clean' });
    expect(result).not.toBeInstanceOf(Promise);
    expect(result).toMatchObject({ name: 'clean', vendor: 'pinpoint', ok: true, polls: 4, violations: [] });
    expect(result.states).toEqual(['CREATED', 'PROCESSING', 'COMPLETED']);
    expect(result.notes).toEqual([]);
    expect(result.lastBody).toEqual(completed());
  });

  it('names the rule, poll, pointer and values of a counter going down', () => {
    const result = checkSequence(pinpoint, [at('PROCESSING', 5), at('PROCESSING', 3), completed()]);
    expect(result.ok).toBe(false);
    expect(result.violations).toEqual([
      {
        rule: 'monotonic',
        poll: 2,
        pointer: '/CompletedPieces',
        message: 'went down from 5 to 3',
        previous: 5,
        current: 3,
      },
    ]);
  });

  it('notes a sequence that runs out before the job is terminal, without failing it', () => {
    const result = checkSequence(pinpoint, [at('PROCESSING', 1), at('PROCESSING', 2)], {
      label: 'recording',
    });
    expect(result.ok).toBe(true);
    expect(result.notes).toEqual(['the recording ends while the job is "PROCESSING" (not terminal)']);
  });

  it('judges a body that looks like an observation as a body: only branded observations are events', () => {
    const lookalike = { kind: 'failure', rule: 'connection', message: 'not from the transport' };
    const result = checkSequence(pinpoint, [lookalike]);
    expect(result.polls).toBe(1);
    expect(result.violations.map((v) => v.rule)).toContain('schema');
    expect(result.violations.map((v) => v.rule)).not.toContain('connection');
  });
});

describe('checkSequence over an async iterable', () => {
  it('returns a promise of the same result the array gives', async () => {
    const bodies = [at('PROCESSING', 5), at('PROCESSING', 3), completed()];
    const pending = checkSequence(pinpoint, slowly(bodies));
    expect(pending).toBeInstanceOf(Promise);
    const result = await pending;
    const sync = checkSequence(pinpoint, bodies);
    expect(result.violations).toEqual(sync.violations);
    expect(result.states).toEqual(sync.states);
    expect(result.polls).toBe(3);
  });

  it('takes observations: failures count against the next poll, notes pass through, a timeout end fails the job', async () => {
    const events: PollEvent[] = [];
    const result = await checkSequence(
      pinpoint,
      slowly([
        observation({
          kind: 'response',
          poll: 1,
          status: 200,
          headers: new Headers(),
          text: '',
          body: at('PROCESSING', 1),
          elapsedMs: 1,
        }),
        observation({ kind: 'note', message: 'answered 503; waited 10 ms (Retry-After) and polled again' }),
        observation({ kind: 'failure', rule: 'http-status', message: 'cancel answered 409', current: 409 }),
        at('PROCESSING', 2),
        observation({ kind: 'end', reason: 'timeout', timeoutMs: 750, elapsedMs: 760 }),
      ]),
      { onPoll: (e) => events.push(e) },
    );
    expect(result.violations.map(({ rule, poll, pointer }) => ({ rule, poll, pointer }))).toEqual([
      { rule: 'http-status', poll: 2, pointer: '' },
      { rule: 'terminal-timeout', poll: 2, pointer: '/JobStatus' },
    ]);
    expect(result.violations[0]?.current).toBe(409);
    expect(result.violations[1]?.message).toMatch(/still "PROCESSING" after 750 ms and 2 polls/);
    // The transport said why it stopped, so there is no "ends while" note.
    expect(result.notes).toEqual(['answered 503; waited 10 ms (Retry-After) and polled again']);
    expect(events.map((e) => [e.poll, e.state, e.violations])).toEqual([
      [1, 'PROCESSING', 0],
      [2, 'PROCESSING', 1],
    ]);
  });
});

describe('SequenceJudge, what a transport asks', () => {
  it('says terminal only once a terminal body is judged, and where the id is', () => {
    const judge = new SequenceJudge(pinpoint);
    judge.add(at('PROCESSING', 2));
    expect(judge.terminal).toBe(false);
    judge.add(completed());
    expect(judge.terminal).toBe(true);
    expect(judge.polls).toBe(2);
    expect(judge.idPointers).toContain('/Id');
  });
});
