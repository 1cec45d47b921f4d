import type { Violation } from '../../rules/check.js';

/** Violations that differ only in their poll (and the values in their message), kept once. */
export interface FoldedViolation {
  /** The first of them, as it was reported. */
  first: Violation;
  count: number;
  firstPoll: number;
  lastPoll: number;
}

/**
 * The same rule broken at the same pointer with the same wording, once per poll, is one defect:
 * a wrong --vendor breaks the same schema rules on every poll. Numbers and quoted values are
 * left out of the comparison ("went down from 3 to 1" and "from 5 to 2" are alike), so a
 * message's shape, not its values, says whether two violations are the same.
 */
export function foldViolations(violations: readonly Violation[]): FoldedViolation[] {
  const groups = new Map<string, FoldedViolation>();
  for (const v of violations) {
    const key = `${v.rule}\u0000${v.pointer}\u0000${messageShape(v.message)}`;
    const group = groups.get(key);
    if (group === undefined) {
      groups.set(key, { first: v, count: 1, firstPoll: v.poll, lastPoll: v.poll });
      continue;
    }
    group.count++;
    group.firstPoll = Math.min(group.firstPoll, v.poll);
    group.lastPoll = Math.max(group.lastPoll, v.poll);
  }
  return [...groups.values()];
}

export function messageShape(message: string): string {
  return message.replace(/"(?:[^"\\]|\\.)*"/g, '""').replace(/-?\d+(?:\.\d+)?(?:e[+-]?\d+)?/gi, '#');
}
