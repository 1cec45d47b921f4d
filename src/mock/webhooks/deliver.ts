import { signature } from './sign.js';
import type { WebhookDelivery, WebhookEvent, WebhookRule } from './types.js';

export interface DeliverOptions {
  fetch: typeof globalThis.fetch;
  /** Wait before retry n (1-based): this times 2^(n-1) ms. */
  retryDelayMs: number;
  /** One attempt's limit. */
  timeoutMs: number;
}

const wait = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** POSTs the signed event, retrying failures with a doubling wait; resolves with what happened. */
export async function deliver(
  rule: WebhookRule,
  event: WebhookEvent,
  options: DeliverOptions,
): Promise<WebhookDelivery> {
  const body = JSON.stringify(event);
  const headers = {
    'content-type': 'application/json',
    'user-agent': 'jobkit-webhook',
    'x-jobkit-event': event.type,
    'x-jobkit-delivery': event.id,
    'x-jobkit-signature': await signature(rule.secret, body),
  };
  const result: WebhookDelivery = {
    id: event.id,
    url: rule.url,
    type: event.type,
    vendor: event.vendor,
    job: event.job,
    state: event.state,
    attempts: 0,
    ok: false,
  };
  const attempts = 1 + (rule.retries ?? 3);
  for (let n = 1; n <= attempts; n++) {
    if (n > 1) await wait(options.retryDelayMs * 2 ** (n - 2));
    result.attempts = n;
    try {
      const res = await options.fetch(rule.url, {
        method: 'POST',
        headers,
        body,
        signal: AbortSignal.timeout(options.timeoutMs),
      });
      await res.body?.cancel();
      result.status = res.status;
      if (res.ok) {
        result.ok = true;
        delete result.error;
        return result;
      }
      result.error = `answered ${res.status}`;
    } catch (error) {
      delete result.status;
      result.error = error instanceof Error ? error.message : String(error);
    }
  }
  return result;
}
