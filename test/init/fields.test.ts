import { describe, expect, it } from 'vitest';
import { inferFrom, type JobDoc, jobDoc } from '../helpers/init-doc.js';

function body(o: JobDoc) {
  const inferred = inferFrom(jobDoc(o));
  return {
    ...inferred,
    body: (inferred.vendor.body ?? {}) as unknown as Record<string, Record<string, unknown>>,
  };
}

describe('times', () => {
  it('reads RFC 3339 times (format date-time) by their words', () => {
    const { body: b } = body({
      props: {
        created_at: '{ type: string, format: date-time }',
        startedAt: '{ type: string, format: date-time, nullable: true }',
        lastUpdatedDateTime: '{ type: string, format: date-time }',
        finishedAt: '{ type: string, format: date-time, nullable: true }',
      },
      required: ['id', 'state', 'created_at', 'lastUpdatedDateTime'],
    });
    expect(b.created_at).toEqual({ from: 'time.created' });
    expect(b.lastUpdatedDateTime).toEqual({ from: 'time.updated' });
    expect(b.finishedAt).toEqual({ from: 'time.finished', unset: null });
    // queued first: a start time is when the job first left it.
    expect(b.startedAt).toEqual({ from: 'time.began', unset: null });
  });

  it('reads integer *_at as Unix seconds and *_ms or "milliseconds" as Unix milliseconds', () => {
    const { body: b } = body({
      props: {
        created_at: '{ type: integer }',
        completed_at: '{ type: integer, nullable: true }',
        updated_ms: '{ type: integer }',
        createdMillis: '{ type: integer }',
        finishedTime: '{ type: integer, description: Epoch milliseconds when it ended }',
      },
    });
    expect(b.created_at).toEqual({ from: 'time.created', format: 'unix-s' });
    // no state is named completed here: it is when the job finished.
    expect(b.completed_at).toEqual({ from: 'time.finished', format: 'unix-s', unset: null });
    expect(b.updated_ms).toEqual({ from: 'time.updated', format: 'unix-ms' });
    expect(b.createdMillis).toEqual({ from: 'time.created', format: 'unix-ms' });
    expect(b.finishedTime).toEqual({ from: 'time.finished', format: 'unix-ms' });
  });

  it('reads <state>_at as the time the job entered that state, whatever the spelling', () => {
    const { body: b } = body({
      states: ['validating', 'in_progress', 'completed', 'failed', 'expired', 'cancelling', 'cancelled'],
      props: {
        in_progress_at: '{ type: integer, nullable: true }',
        failed_at: '{ type: integer, nullable: true }',
        expired_at: '{ type: integer, nullable: true }',
        canceled_at: '{ type: integer, nullable: true }',
        cancelling_at: '{ type: integer, nullable: true }',
      },
    });
    expect(b.in_progress_at?.from).toBe('time.entered:in_progress');
    expect(b.failed_at?.from).toBe('time.entered:failed');
    expect(b.expired_at?.from).toBe('time.entered:expired');
    expect(b.canceled_at?.from).toBe('time.entered:cancelled');
    expect(b.cancelling_at?.from).toBe('time.entered:cancelling');
  });

  it('reads a start time as time.started when the job works from its first state', () => {
    const { body: b } = body({
      states: ['running', 'done', 'failed'],
      props: { startedAt: '{ type: string, format: date-time }' },
      required: ['id', 'state', 'startedAt'],
    });
    expect(b.startedAt).toEqual({ from: 'time.started' });
  });

  it('leaves a time with no lifecycle meaning to the faker, and says so', () => {
    const {
      body: b,
      vendor,
      undecided,
      lines,
    } = body({ props: { expiresAt: '{ type: string, format: date-time }' } });
    expect(b.expiresAt).toBeUndefined();
    expect(vendor.body).not.toHaveProperty('expiresAt');
    expect(undecided.join('\n')).toContain('/expiresAt: a time (RFC 3339) with no lifecycle meaning');
    expect(lines.join('\n')).toContain('left to json-schema-faker (no lifecycle meaning): /expiresAt');
  });

  it('warns of a required, not nullable time that is unset until the job gets there', () => {
    const { undecided } = body({
      props: { finished_at: '{ type: string, format: date-time }' },
      required: ['id', 'state', 'finished_at'],
    });
    expect(undecided.join('\n')).toContain('/finished_at: required and not nullable');
  });

  it('reads OpenAPI 3.1 nullability (type: [x, "null"]) as unset null', () => {
    const inferred = inferFrom(
      jobDoc({ openapi: '3.1.0', props: { finished_at: "{ type: [string, 'null'], format: date-time }" } }),
    );
    expect(inferred.vendor.body?.finished_at).toEqual({ from: 'time.finished', unset: null });
  });
});

describe('counters and progress', () => {
  it('reads top-level counters by whole words', () => {
    const { body: b } = body({
      props: {
        total: '{ type: integer }',
        completed: '{ type: integer }',
        failed: '{ type: integer }',
        processed: '{ type: integer }',
        inProgress: '{ type: integer }',
        notYetStarted: '{ type: integer }',
        total_tokens: '{ type: integer }',
      },
    });
    expect(b.total).toEqual({ from: 'count.total' });
    expect(b.completed).toEqual({ from: 'count.done' });
    expect(b.failed).toEqual({ from: 'count.failed' });
    expect(b.processed).toEqual({ from: 'count.processed' });
    expect(b.inProgress).toEqual({ from: 'count.active' });
    expect(b.notYetStarted).toEqual({ from: 'count.pending' });
    expect(b.total_tokens).toBeUndefined();
  });

  it('reads counters in a nested object, and leaves its other members to the faker', () => {
    const { body: b } = body({
      props: {
        request_counts:
          '{ type: object, required: [total, completed, failed], properties: { total: { type: integer }, completed: { type: integer }, failed: { type: integer }, note: { type: string } } }',
      },
    });
    expect(b.request_counts).toEqual({
      from: 'object',
      fields: {
        total: { from: 'count.total' },
        completed: { from: 'count.done' },
        failed: { from: 'count.failed' },
        note: { from: 'free:/request_counts/note' },
      },
    });
  });

  it('takes the progress scale from the maximum, else 100 and says so', () => {
    const fraction = body({ props: { progress: '{ type: number, minimum: 0, maximum: 1 }' } });
    expect(fraction.body.progress).toEqual({ from: 'progress', scale: 1 });
    const percent = body({ props: { percentComplete: '{ type: number, maximum: 100 }' } });
    expect(percent.body.percentComplete).toEqual({ from: 'progress' });
    expect(percent.undecided.join('\n')).not.toContain('progress with no maximum');
    const none = body({ props: { progress: '{ type: number }' } });
    expect(none.body.progress).toEqual({ from: 'progress' });
    expect(none.undecided.join('\n')).toContain('/progress: progress with no maximum');
  });

  it('keeps an integer progress whole', () => {
    const { body: b } = body({ props: { progress: '{ type: integer, minimum: 0, maximum: 100 }' } });
    expect(b.progress).toEqual({ from: 'progress', integer: true });
  });
});

describe('errors and results', () => {
  it('sets an error string only on failure: null when nullable, else absent', () => {
    const nullable = body({ props: { error: '{ type: string, nullable: true }' } });
    expect(nullable.body.error).toEqual({ from: 'error', when: 'failure', unset: null });
    const absent = body({ props: { error_message: '{ type: string }' } });
    expect(absent.body.error_message).toEqual({ from: 'error', when: 'failure' });
  });

  it('fills an error object: its message from the job, its code a constant', () => {
    const { body: b } = body({
      props: {
        error:
          '{ type: object, nullable: true, required: [code, message], properties: { code: { type: string }, message: { type: string }, target: { type: string }, innerError: { type: object, properties: { code: { type: string } } } } }',
      },
    });
    expect(b.error).toEqual({
      from: 'object',
      when: 'failure',
      unset: null,
      fields: {
        code: { from: 'const', value: 'JobFailed' },
        message: { from: 'error' },
        target: { from: 'free:/error/target' },
      },
    });
  });

  it('sets an optional result only on success, never null once set', () => {
    const { body: b } = body({
      props: {
        output_file_id: '{ type: string, nullable: true }',
        result_url: '{ type: string, format: uri }',
        result: '{ type: object, properties: { url: { type: string } } }',
      },
    });
    expect(b.output_file_id).toEqual({
      from: 'template',
      value: 'file-{{hex:24}}',
      when: 'success',
      unset: null,
    });
    expect(b.result_url).toEqual({
      from: 'template',
      value: 'https://files.example.com/jobs/{{id}}/result',
      when: 'success',
    });
    expect(b.result).toEqual({ from: 'free:/result', when: 'success' });
  });
});

describe('the id and the rest', () => {
  it('takes the id field, and lists fields with no meaning as left to the faker', () => {
    const { body: b, lines } = body({
      props: {
        jobId: '{ type: string, format: uuid }',
        owner: '{ type: string }',
        region: '{ type: string, enum: [eu, us] }',
      },
    });
    expect(b.id).toEqual({ from: 'id' });
    expect(b.state).toEqual({ from: 'state' });
    expect(b.jobId).toBeUndefined();
    expect(lines.join('\n')).toContain(
      'left to json-schema-faker (no lifecycle meaning): /jobId, /owner, /region',
    );
  });

  it('takes the id template from a uuid format or an example with a prefix', () => {
    const uuid = inferFrom(jobDoc({ props: { id: '{ type: string, format: uuid }' } }));
    expect(uuid.vendor.mock?.id).toBe('{{uuid}}');
    const prefixed = inferFrom(jobDoc({ props: { id: '{ type: string, example: batch_abc123def456 }' } }));
    expect(prefixed.vendor.mock?.id).toBe('batch_{{alnum:12}}');
  });
});
