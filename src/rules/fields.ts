/** The kinds of field the rule model collects from a vendor file (see model.ts). */

/** A pointer with its tokens: the checker reads the same few pointers from every body, so it parses none per body. */
export interface Path {
  pointer: string;
  tokens: readonly string[];
}

/** A time field, in the format the vendor sends it. */
export interface TimeField extends Path {
  format?: string;
  /** What the vendor sends for "not set" besides absence (null, "", the Go zero time). */
  unset?: unknown;
}

export interface FinishedField extends TimeField {
  /** Terminal states in which this field may still be unset (documented exceptions). */
  unsetAllowedIn: Set<string>;
  /** The field may be set before the job is terminal (FullStory's docs show it). */
  earlyAllowed: boolean;
}

/**
 * A per-state time (`time.entered:<state>`, `time.began`): unset until the job can have entered
 * one of its states, and constant once set.
 */
export interface StateTimeField extends TimeField {
  /** What the field records the entry of, for messages ("completed", "a non-initial state"). */
  entered: string;
  /**
   * The states in which it must be unset: neither one of its states nor reachable from one, so
   * the job cannot have passed one on its way there.
   */
  unsetIn: Set<string>;
  /** A `when` (its own or an enclosing object's) may unset it again later: documented, not a change. */
  mayVanish: boolean;
  /** Sent when the source has no value (`default`): another form of "not set" for this field. */
  default?: unknown;
  /** The states in which it must be set (its own states, when no `when` may unset it): strict validation. */
  setIn: Set<string>;
}

/** An error field declared with a `when` that holds in failed states: a failed body says why. */
export interface ErrorField extends Path {
  unset?: unknown;
  /** The failure states in which the `when` holds however the job ended there. */
  setIn: Set<string>;
}

/**
 * A time the lifecycle sets once (created, started, finished): once set it never changes.
 * Per-state times (`time.entered:*`, `time.began`) are the state-time rule's.
 */
export interface SetOnceField extends TimeField {
  rule: 'created-constant' | 'started-constant' | 'finished-constant';
  /** A start time's `when` (its own or an enclosing object's) may unset it again: documented, not a change. */
  mayVanish: boolean;
}

export interface Totals {
  total: string;
  parts: string[];
  /** Lists whose length counts as a part (Dakera's errors). */
  listParts: string[];
  /** The pointers above, parsed. */
  paths: { total: Path; parts: Path[]; listParts: Path[] };
}

export interface TreeField extends Path {
  /** Relative pointers of monotonic counters inside each leaf. */
  counters: string[];
  /** The tree's `when` may unset it (Weaviate drops shardStatus on cancel): its absence is no drop. */
  mayVanish: boolean;
  counterPaths: Path[];
  /** Relative pointer of the leaf status, and the value meaning "failed". */
  status?: Path & { failed?: unknown };
}
