import { own } from '../util/json.js';

/**
 * The states reachable from each state in one or more legal transitions. The contract runner
 * accepts a status change to any of them (a poller may miss the states between), and the mock
 * moves a job to a control's state only when it is one of them, so an admin end never breaks
 * the transitions the runner checks.
 */
export function reachability(transitions: Record<string, string[]>): Record<string, Set<string>> {
  // No prototype: a state named "__proto__" is a key like any other, not the object's prototype.
  const out: Record<string, Set<string>> = Object.create(null);
  for (const start of Object.keys(transitions)) {
    const seen = new Set<string>();
    const queue = [...(own(transitions, start) ?? [])];
    while (queue.length > 0) {
      const next = queue.shift() as string;
      if (seen.has(next)) continue;
      seen.add(next);
      queue.push(...(own(transitions, next) ?? []));
    }
    out[start] = seen;
  }
  return out;
}
