import type { Vendor } from '../vendors/registry.js';
import { SequenceJudge } from './check-sequence.js';
import { pollStatus, type TransportOptions } from './transport.js';
import type { CaseResult, PollEvent } from './types.js';

export interface PollOptions extends Omit<TransportOptions, 'view'> {
  vendor: Vendor;
  name?: string;
  onPoll?: (event: PollEvent) => void;
}

/**
 * Polls one status URL until the job is terminal or the timeout passes, checking every body
 * (schema) and the sequence (lifecycle rules). Transport trouble is a result, never a throw.
 * The transport asks the judge after each body whether the job is terminal and where its id is.
 */
export async function pollJob(options: PollOptions): Promise<CaseResult> {
  const { vendor, name, onPoll, ...transport } = options;
  const judge = new SequenceJudge(vendor, {
    name: name ?? `poll ${options.url}`,
    ...(onPoll ? { onPoll } : {}),
  });
  for await (const item of pollStatus({ ...transport, view: judge })) judge.add(item);
  return judge.result();
}
