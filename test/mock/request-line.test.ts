import { describe, expect, it } from 'vitest';
import { requestLine } from '../../src/mock/request-line.js';

describe('requestLine', () => {
  const base = { method: 'GET', path: '/v1/x', status: 200, time: 0, wallTime: 0, latencyMs: 1.234 };

  it('is method, path, status and latency for a route that names no job', () => {
    expect(requestLine(base)).toBe('GET /v1/x 200 1.2ms');
  });

  it('adds vendor, job, state and a fault marker', () => {
    const line = requestLine({
      ...base,
      status: 503,
      vendor: 'dakera',
      job: 'j1',
      state: 'done',
      terminal: true,
      fault: { id: 'f2', outcome: 'status 503', delayMs: 200 },
    });
    expect(line).toBe('GET /v1/x 503 1.2ms dakera job=j1 state=done (terminal) [fault f2 status 503 +200ms]');
  });
});
