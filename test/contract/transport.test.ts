import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Observation } from '../../src/contract/observation.js';
import { pollStatus, type SequenceView, type TransportOptions } from '../../src/contract/transport.js';
import { raw, scriptedServer } from '../helpers/scripted-server.js';

const body = (id: string, status: string, n = 0) => ({ Id: id, JobStatus: status, n });

async function collect(options: TransportOptions): Promise<Observation[]> {
  const out: Observation[] = [];
  for await (const o of pollStatus(options)) out.push(o);
  return out;
}

/** A view that calls the job terminal once it has been shown a body with JobStatus DONE. */
function doneView(seen: Observation[]): SequenceView {
  return {
    get terminal() {
      return seen.some(
        (o) => o.kind === 'response' && (o.body as { JobStatus?: string }).JobStatus === 'DONE',
      );
    },
    idPointers: ['/Id'],
  };
}

describe('the transport on its own', () => {
  let server: Awaited<ReturnType<typeof scriptedServer>>;
  beforeAll(async () => {
    server = await scriptedServer({
      steady: [body('steady', 'RUN', 1), body('steady', 'RUN', 2), body('steady', 'DONE', 3)],
      stuck: [body('stuck', 'RUN', 1), body('stuck', 'RUN', 2), body('stuck', 'RUN', 3)],
      foreign: [body('someone-else', 'RUN')],
      html: [body('html', 'RUN'), raw('<html>Bad gateway</html>')],
      boom: [raw('{"Message":"boom"}', 500, 'application/json')],
      busy: [raw('busy', 503), body('busy', 'DONE')],
    });
  });
  afterAll(() => server.close());

  it('yields each body with its status, headers, text and elapsed time, and stops after the confirming polls', async () => {
    const seen: Observation[] = [];
    for await (const o of pollStatus({ url: server.url('steady'), intervalMs: 10, view: doneView(seen) }))
      seen.push(o);
    const responses = seen.filter((o) => o.kind === 'response');
    // Three bodies to the first DONE, then two confirming polls that repeat it.
    expect(responses.map((o) => o.poll)).toEqual([1, 2, 3, 4, 5]);
    expect(responses.map((o) => (o.body as { n: number }).n)).toEqual([1, 2, 3, 3, 3]);
    const first = responses[0];
    expect(first?.status).toBe(200);
    expect(first?.headers.get('content-type')).toBe('application/json');
    expect(first?.text).toBe(JSON.stringify(body('steady', 'RUN', 1)));
    const times = responses.map((o) => o.elapsedMs);
    expect([...times].sort((a, b) => a - b)).toEqual(times);
    expect((times[1] ?? 0) - (times[0] ?? 0)).toBeGreaterThanOrEqual(9);
    expect(seen.at(-1)).toMatchObject({ kind: 'end', reason: 'terminal' });
  });

  it('without a view nothing is terminal: it polls to the timeout and says so', async () => {
    const seen = await collect({ url: server.url('stuck'), intervalMs: 20, timeoutMs: 150 });
    expect(seen.filter((o) => o.kind === 'response').length).toBeGreaterThan(2);
    expect(seen.at(-1)).toMatchObject({ kind: 'end', reason: 'timeout', timeoutMs: 150 });
    // The only note allowed is the timeout cutting a request in flight (a loaded machine); a static
    // mock or Retry-After note would mean the transport guessed at something it was not shown.
    const notes = seen.flatMap((o) => (o.kind === 'note' ? [o.message] : []));
    expect(notes.filter((m) => !/the 150 ms timeout ended the run$/.test(m))).toEqual([]);
  });

  it('with allowStatic, stops at a static mock: the same body, for a job other than the one asked for', async () => {
    const seen: Observation[] = [];
    for await (const o of pollStatus({
      url: server.url('foreign'),
      intervalMs: 5,
      view: doneView(seen),
      allowStatic: true,
    }))
      seen.push(o);
    expect(seen.filter((o) => o.kind === 'response')).toHaveLength(3);
    const note = seen.find((o) => o.kind === 'note');
    expect(note?.kind === 'note' && note.message).toMatch(
      /looks like a static mock \(e\.g\. Prism\): it answers job "someone-else", which is not the job in the URL/,
    );
    expect(seen.at(-1)).toMatchObject({ kind: 'end', reason: 'static-mock' });
  });

  it('a body that is not JSON is a json-body failure, and the end', async () => {
    const seen = await collect({ url: server.url('html'), intervalMs: 5 });
    expect(seen.map((o) => o.kind)).toEqual(['response', 'failure', 'end']);
    expect(seen[1]).toMatchObject({ kind: 'failure', rule: 'json-body' });
    expect(seen[2]).toMatchObject({ reason: 'failure' });
  });

  it('a status other than 200 is an http-status failure carrying the status', async () => {
    const seen = await collect({ url: server.url('boom'), intervalMs: 5 });
    expect(seen[0]).toMatchObject({ kind: 'failure', rule: 'http-status', current: 500 });
    expect(seen[0]?.kind === 'failure' && seen[0].message).toMatch(
      /answered 500 Internal Server Error: {"Message":"boom"}/,
    );
  });

  it('a 503 is waited out with a note, not judged', async () => {
    const seen: Observation[] = [];
    for await (const o of pollStatus({ url: server.url('busy'), intervalMs: 15, view: doneView(seen) }))
      seen.push(o);
    expect(seen[0]).toMatchObject({
      kind: 'note',
      message: 'answered 503; waited 15 ms (Retry-After) and polled again',
    });
    expect(seen.find((o) => o.kind === 'response')).toMatchObject({ poll: 1, status: 200 });
  });

  it('hands what beforePoll returns on as failures of that poll', async () => {
    const asked: number[] = [];
    const seen = await collect({
      url: server.url('boom'),
      beforePoll: async (n) => {
        asked.push(n);
        return [{ rule: 'http-status', poll: n, pointer: '', message: 'cancel refused', current: 409 }];
      },
    });
    expect(asked).toEqual([1]);
    expect(seen[0]).toMatchObject({ kind: 'failure', poll: 1, message: 'cancel refused', current: 409 });
  });

  it('a server that is gone is a connection failure, not a throw', async () => {
    const gone = await scriptedServer({});
    const url = gone.url('x');
    await gone.close();
    const seen = await collect({ url, timeoutMs: 2000 });
    expect(seen.map((o) => o.kind)).toEqual(['failure', 'end']);
    expect(seen[0]).toMatchObject({ rule: 'connection' });
    expect(seen[0]?.kind === 'failure' && seen[0].message).toMatch(
      /^cannot reach http:\/\/127\.0\.0\.1:\d+\/jobs\/x: ECONNREFUSED/,
    );
  });
});
