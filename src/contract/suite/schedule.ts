import { joinPointer } from '../../util/pointer.js';
import { stepCaptures, stepTemplates } from './preflight.js';
import { references } from './template.js';
import type { StepSpec, Suite } from './types.js';

/** At most N things at once; waiters are served in the order they asked. */
export interface Limiter {
  /** Waits for a slot; call the returned function to give it back. */
  acquire(): Promise<() => void>;
  /** A free slot now, or undefined (never waits, so a holder can borrow without deadlock). */
  tryAcquire(): (() => void) | undefined;
}

export function createLimiter(slots: number): Limiter {
  let free = Math.max(1, Math.floor(slots));
  const waiting: (() => void)[] = [];
  const releaser = () => {
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const next = waiting.shift();
      if (next) next();
      else free++;
    };
  };
  return {
    acquire: () => {
      if (free > 0) {
        free--;
        return Promise.resolve(releaser());
      }
      return new Promise((resolve) => waiting.push(() => resolve(releaser())));
    },
    tryAcquire: () => {
      if (free === 0) return undefined;
      free--;
      return releaser();
    },
  };
}

/**
 * The suite's steps cut into batches (indexes into `suite.steps`) that may run side by side. The rule:
 * - a request step runs alone, after every step before it has ended: it may create, change or read
 *   what earlier steps did on the server, which no variable shows;
 * - consecutive poll steps share a batch (polls only read; a poll's cancel touches its own job), unless
 *   one uses a variable an earlier poll of the batch captures (in its own templates or the suite's
 *   headers), or polls the same path as one (the same job: the later poll expects what the earlier left).
 * Run one batch after the other and the captures each step needs are always set before it starts.
 */
export function stepBatches(suite: Suite): number[][] {
  const suiteVars = new Set(
    Object.values(suite.headers ?? {}).flatMap((text) => references(text).map((r) => r.name)),
  );
  const batches: number[][] = [];
  let current: number[] = [];
  let captured = new Set<string>();
  let paths = new Set<string>();
  suite.steps.forEach((step, i) => {
    const joins =
      step.poll !== undefined && current.length > 0 && !dependsOn(step, i, captured, paths, suiteVars);
    const firstIsPoll = current.length > 0 && suite.steps[current[0] as number]?.poll !== undefined;
    if (!(joins && firstIsPoll)) {
      if (current.length > 0) batches.push(current);
      current = [];
      captured = new Set();
      paths = new Set();
    }
    current.push(i);
    for (const name of stepCaptures(step)) captured.add(name);
    if (step.poll) paths.add(step.poll.path);
  });
  if (current.length > 0) batches.push(current);
  return batches;
}

function dependsOn(
  step: StepSpec,
  index: number,
  captured: Set<string>,
  paths: Set<string>,
  suiteVars: Set<string>,
): boolean {
  if (step.poll && paths.has(step.poll.path)) return true;
  const used = stepTemplates(step, joinPointer('/steps', index)).flatMap((t) =>
    references(t.text)
      .filter((r) => !r.env)
      .map((r) => r.name),
  );
  return [...used, ...suiteVars].some((name) => captured.has(name));
}

/**
 * Runs one batch: the first step in the slot the caller holds, the others in slots borrowed while
 * free (so N=1 is one step after the other). Results come back in the batch's order.
 */
export async function runBatch<T>(
  items: readonly number[],
  run: (index: number) => Promise<T>,
  limiter: Limiter,
): Promise<T[]> {
  const results = new Array<T>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const k = next++;
      results[k] = await run(items[k] as number);
    }
  };
  const workers = [worker()];
  for (let k = 1; k < items.length && next < items.length; k++) {
    const release = limiter.tryAcquire();
    if (!release) break;
    workers.push(worker().finally(release));
  }
  await Promise.all(workers);
  return results;
}
