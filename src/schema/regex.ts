/**
 * Vets a schema's regular expression before it runs on request bodies. V8's backtracking engine
 * takes exponential time on a quantified group that itself holds an unbounded quantifier
 * (`^(a+)+$` on "aaaa…b"), and one request would freeze the mock. Such nesting (star height above
 * one) is refused at load; every pattern the built-in vendors use has star height one or zero.
 * This is the check safe-regex makes, in a few lines rather than a dependency.
 */

interface Group {
  /** The group holds an unbounded quantifier (`*`, `+`, `{n,}`), directly or in a group inside. */
  unbounded: boolean;
}

/** The quantifier starting at `i`, if any: its length and whether it is unbounded. */
function quantifierAt(p: string, i: number): { length: number; unbounded: boolean } | undefined {
  const ch = p[i];
  let length = 0;
  let unbounded = false;
  if (ch === '*' || ch === '+') {
    length = 1;
    unbounded = true;
  } else if (ch === '?') length = 1;
  else if (ch === '{') {
    const m = /^\{(\d+)(,(\d*))?\}/.exec(p.slice(i));
    if (!m) return undefined;
    length = m[0].length;
    unbounded = m[2] !== undefined && m[3] === '';
  } else return undefined;
  if (p[i + length] === '?') length++; // lazy: the same backtracking
  return { length, unbounded };
}

/** Why this pattern could take exponential time, or undefined when its star height is at most one. */
export function nestedQuantifier(pattern: string): string | undefined {
  const stack: Group[] = [{ unbounded: false }];
  /** The atom just closed, if it was a group: what it held. */
  let lastGroup: Group | undefined;
  for (let i = 0; i < pattern.length; i++) {
    const ch = pattern[i];
    const q = quantifierAt(pattern, i);
    if (q) {
      const top = stack[stack.length - 1] as Group;
      if (q.unbounded && lastGroup?.unbounded)
        return `the group ending at character ${i} repeats without bound and holds a quantifier that does too (e.g. (a+)+)`;
      if (q.unbounded || lastGroup?.unbounded) top.unbounded = true;
      lastGroup = undefined;
      i += q.length - 1;
      continue;
    }
    lastGroup = undefined;
    if (ch === '\\') i++;
    else if (ch === '[') {
      // A class is one atom: skip to its closing bracket.
      for (i++; i < pattern.length && pattern[i] !== ']'; i++) if (pattern[i] === '\\') i++;
    } else if (ch === '(') stack.push({ unbounded: false });
    else if (ch === ')' && stack.length > 1) {
      const group = stack.pop() as Group;
      if (group.unbounded) (stack[stack.length - 1] as Group).unbounded = true;
      lastGroup = group;
    }
  }
  return undefined;
}
