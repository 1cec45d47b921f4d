import { simpleStatus } from './own-vendor.js';

/**
 * A user's vendor that answers as many job APIs do: `202 Accepted` with `Location`,
 * `Operation-Location` (absolute, Azure's) and `Retry-After` on create, `Retry-After` on status
 * polls while the job runs and none once it is terminal, and its own request id header.
 */
export const RELAY_STEPS = { queuedMs: 1000, runningMs: 5000 };

export function relayVendorFiles(overrides: { api?: object } = {}): Record<string, string | object> {
  return {
    'schemas/relay/openapi.yaml': `openapi: 3.0.3
info: { title: Relay, version: '1' }
paths: {}
components:
  schemas:
    Operation:
      type: object
      required: [id, state]
      properties:
        id: { type: string }
        state: { type: string, enum: [queued, running, done, failed] }
        done: { type: integer, minimum: 0 }
        finishedAt: { type: string, format: date-time, nullable: true }
`,
    'mocks/relay/lifecycle.json': {
      title: 'Relay operations',
      schema: { root: 'Operation' },
      status: simpleStatus(),
      body: {
        id: { from: 'id' },
        state: { from: 'state' },
        done: { from: 'count.done' },
        finishedAt: { from: 'time.finished', format: 'iso', unset: null },
      },
      api: overrides.api ?? {
        headers: { 'x-relay-request': '{{requestId}}' },
        routes: [
          {
            method: 'POST',
            path: '/relay/operations',
            action: 'create',
            create: {
              response: {
                status: 202,
                body: { id: '{{job.id}}', state: '{{body:/state}}' },
                headers: {
                  Location: '/relay/operations/{{job.id}}',
                  'Operation-Location': '{{statusUrl}}',
                  'Retry-After': '{{retryAfter}}',
                },
              },
            },
          },
          {
            method: 'GET',
            path: '/relay/operations/{id}',
            action: 'status',
            status: { retryAfter: { queued: 5, running: 2 } },
            response: {
              status: 200,
              headers: {
                'Retry-After': '{{retryAfter}}',
                'X-Relay-State': '{{body:/state}}',
                'X-Relay-Echo': 'r-{{requestId}}',
                'Content-Location': '{{statusUrl}}',
              },
            },
          },
          {
            method: 'POST',
            path: '/relay/operations/{id}/cancel',
            action: 'cancel',
            response: { status: 200, body: '{{body}}', headers: { 'Operation-Location': '{{statusUrl}}' } },
          },
        ],
        errors: { body: { error: { code: '{{code}}', message: '{{message}}' } }, kinds: {} },
      },
      mock: {
        id: 'op-{{hex:8}}',
        work: { total: [100, 500] },
        scenarios: {
          happy: {
            description: 'queued, runs, ends',
            steps: [
              { state: 'queued', ms: RELAY_STEPS.queuedMs },
              { state: 'running', ms: RELAY_STEPS.runningMs, progress: [0, 1] },
              { state: 'done' },
            ],
          },
        },
        controls: {
          complete: { state: 'done' },
          fail: { state: 'failed' },
          cancel: { state: 'failed', from: ['queued', 'running'] },
        },
      },
    },
  };
}
