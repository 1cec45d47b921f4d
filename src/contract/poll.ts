import type { Registry, Vendor } from '../vendors/registry.js';
import { SequenceJudge } from './check-sequence.js';
import { requestedId } from './request-id.js';
import { pollStatus, type TransportOptions } from './transport.js';
import type { CaseResult, PollEvent } from './types.js';

export interface PollOptions extends Omit<TransportOptions, 'view' | 'requestedId'> {
  vendor: Vendor;
  name?: string;
  onPoll?: (event: PollEvent) => void;
  /** The vendors to name when the first body is not this vendor's ("is this the right vendor?"). */
  registry?: Pick<Registry, 'names' | 'get'>;
}

/**
 * Polls one status URL until the job is terminal or the timeout passes, checking every body
 * (schema) and the sequence (lifecycle rules). Transport trouble is a result, never a throw.
 * The transport asks the judge after each body whether the job is terminal and where its id is;
 * the id it must be is the one the URL asks for (the vendor's status routes say where it is).
 */
export async function pollJob(options: PollOptions): Promise<CaseResult> {
  const { vendor, name, onPoll, registry, ...transport } = options;
  const judge = new SequenceJudge(vendor, {
    name: name ?? `poll ${options.url}`,
    ...(onPoll ? { onPoll } : {}),
    vendorCheck: registry ? { registry } : {},
  });
  const id = requestedId(options.url, vendor.lifecycle.api?.routes);
  for await (const item of pollStatus({
    ...transport,
    view: judge,
    ...(id === undefined ? {} : { requestedId: id }),
  }))
    judge.add(item);
  return judge.result();
}
