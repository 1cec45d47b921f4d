import { describe, expect, it } from 'vitest';
import { JobkitError } from '../../src/errors.js';
import { type Ending, inferStates, roleOf } from '../../src/init/states.js';
import { inferFrom, jobDoc } from '../helpers/init-doc.js';

function states(values: string[], terminal: Record<string, Ending> = {}) {
  return inferStates({
    file: 'api.yaml',
    field: '/state',
    pointer: '/components/schemas/Job/properties/state',
    values,
    terminal,
  });
}

function thrown(fn: () => unknown): JobkitError {
  try {
    fn();
  } catch (error) {
    if (error instanceof JobkitError) return error;
    throw error;
  }
  throw new Error('expected a JobkitError');
}

describe('state names: each word family', () => {
  it.each([
    [
      'waiting',
      [
        'queued',
        'pending',
        'not_started',
        'NotStarted',
        'notStarted',
        'submitted',
        'scheduled',
        'waiting',
        'enqueued',
      ],
    ],
    [
      'working',
      [
        'running',
        'in_progress',
        'InProgress',
        'inProgress',
        'IN_PROGRESS',
        'processing',
        'validating',
        'finalizing',
        'Finalizing',
        'executing',
      ],
    ],
    ['transit', ['cancelling', 'canceling', 'Cancelling', 'cancel_requested', 'CancelRequested']],
    [
      'success',
      [
        'completed',
        'succeeded',
        'Succeeded',
        'SUCCEEDED',
        'done',
        'success',
        'finished',
        'partially_succeeded',
      ],
    ],
    [
      'failure',
      ['failed', 'error', 'expired', 'timed_out', 'TimedOut', 'timedOut', 'rejected', 'ValidationFailed'],
    ],
    ['cancelled', ['cancelled', 'canceled', 'Cancelled', 'CANCELED']],
  ])('%s', (role, names) => {
    for (const name of names) expect([name, roleOf(name)]).toEqual([name, role]);
  });

  it('says nothing of a name with no meaning', () => {
    expect(roleOf('blue')).toBeUndefined();
    expect(roleOf('archived')).toBeUndefined();
  });
});

describe('inferStates', () => {
  it('makes the waiting states initial and chains the working ones in enum order', () => {
    const s = states([
      'queued',
      'validating',
      'in_progress',
      'finalizing',
      'completed',
      'failed',
      'expired',
      'cancelling',
      'cancelled',
    ]);
    expect(s.states.queued).toEqual({ initial: true });
    expect(s.states.in_progress).toEqual({});
    expect(s.states.completed).toEqual({ terminal: 'success' });
    expect(s.states.failed).toEqual({ terminal: 'failure' });
    expect(s.states.expired).toEqual({ terminal: 'failure' });
    expect(s.states.cancelled).toEqual({ terminal: 'cancelled' });
    expect(s.transit).toBe('cancelling');
    expect(s.working).toEqual(['queued', 'validating', 'in_progress', 'finalizing']);
    expect(s.main).toBe('in_progress');
    expect(s.transitions).toEqual({
      queued: ['validating', 'failed', 'expired', 'cancelling'],
      validating: ['in_progress', 'failed', 'expired', 'cancelling'],
      in_progress: ['finalizing', 'failed', 'expired', 'cancelling'],
      finalizing: ['completed', 'failed', 'expired', 'cancelling'],
      cancelling: ['cancelled'],
    });
    expect(s.undecided).toEqual([]);
  });

  it('makes every waiting state initial, and the working ones follow them', () => {
    const s = states(['Running', 'NotStarted', 'Succeeded', 'Failed', 'Canceled']);
    expect(s.working).toEqual(['NotStarted', 'Running']);
    expect(s.states.NotStarted?.initial).toBe(true);
    expect(s.states.Running?.initial).toBeUndefined();
    expect(s.transitions.NotStarted).toEqual(['Running', 'Failed', 'Canceled']);
    expect(s.transitions.Running).toEqual(['Succeeded', 'Failed', 'Canceled']);
  });

  it('with no waiting state, takes the first working state as the initial one', () => {
    const s = states(['processing', 'exporting', 'done', 'error']);
    expect(s.states.processing).toEqual({ initial: true });
    expect(s.states.exporting).toEqual({});
    expect(s.main).toBe('exporting');
    expect(s.transitions.processing).toEqual(['exporting', 'error']);
  });

  it('keeps a cancelling state with nothing cancelled to reach as a working state', () => {
    const s = states(['queued', 'running', 'cancelling', 'done', 'failed']);
    expect(s.transit).toBeUndefined();
    expect(s.roles.cancelling).toBe('working');
    expect(s.working).toContain('cancelling');
  });

  it('lets --terminal override what a name says', () => {
    const s = states(['queued', 'running', 'done', 'failed', 'archived'], {
      archived: 'success',
      done: 'failure',
    });
    expect(s.states.archived).toEqual({ terminal: 'success' });
    expect(s.states.done).toEqual({ terminal: 'failure' });
    expect(s.endings).toEqual({ success: ['archived'], failure: ['done', 'failed'], cancelled: [] });
  });

  it('reports a name it cannot read in "could not decide", as a working state', () => {
    const s = states(['queued', 'running', 'blue', 'done']);
    expect(s.roles.blue).toBe('working');
    expect(s.undecided.join('\n')).toContain('state "blue": its name says nothing');
    expect(s.undecided.join('\n')).toContain('--terminal blue=failure');
  });

  it('says so when no state reads as success', () => {
    const s = states(['queued', 'running', 'failed']);
    expect(s.undecided.join('\n')).toContain('no state reads as success');
  });

  it('refuses an enum with no terminal state, naming the document, the pointer and --terminal', () => {
    const e = thrown(() => states(['queued', 'running', 'blue']));
    expect(e.code).toBe('input');
    expect(e.message).toContain('api.yaml#/components/schemas/Job/properties/state');
    expect(e.message).toContain('--terminal blue=success');
  });

  it('refuses --terminal naming a state the enum does not have', () => {
    const e = thrown(() => states(['queued', 'running', 'done'], { archived: 'success' }));
    expect(e.code).toBe('usage');
    expect(e.message).toContain('--terminal archived');
    expect(e.message).toContain('Its states: queued, running, done');
  });

  it('refuses an enum whose states are all terminal', () => {
    const e = thrown(() => states(['done', 'failed']));
    expect(e.message).toContain('could never run');
  });
});

describe('states through a document', () => {
  it('reads the status enum of the job schema into the vendor file', () => {
    const { vendor, lines } = inferFrom(
      jobDoc({ states: ['pending', 'in_progress', 'completed', 'failed', 'cancelled'] }),
    );
    expect(vendor.status.field).toBe('/state');
    expect(Object.keys(vendor.status.states)).toEqual([
      'pending',
      'in_progress',
      'completed',
      'failed',
      'cancelled',
    ]);
    expect(vendor.status.states.pending).toEqual({ initial: true });
    expect(lines.join('\n')).toContain('transitions: pending → in_progress → completed');
  });

  it('passes --terminal through', () => {
    const { vendor } = inferFrom(jobDoc({ states: ['queued', 'running', 'archived'] }), {
      terminal: { archived: 'success' },
    });
    expect(vendor.status.states.archived).toEqual({ terminal: 'success' });
  });
});
