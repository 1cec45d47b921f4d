import type { Violation } from '../rules/check.js';

/**
 * What the transport saw, item by item. Observations carry a brand so that a sequence may mix
 * them with plain bodies: a vendor body is any JSON value, so no field could tell them apart.
 */
export const OBSERVATION: unique symbol = Symbol.for('jobkit.observation');

interface Branded {
  readonly [OBSERVATION]: true;
}

/** A poll answered 200 with a JSON body: the body the checker judges, and how it came. */
export interface ResponseObservation extends Branded {
  kind: 'response';
  /** 1-based count of the bodies so far. */
  poll: number;
  status: number;
  headers: Headers;
  text: string;
  body: unknown;
  /** Since the transport started. */
  elapsedMs: number;
}

/**
 * A poll with no body to judge (unreachable, a non-200 answer, not JSON), or a failed request made
 * between polls. It counts against the next poll unless it names its own.
 */
export interface FailureObservation extends Branded, Omit<Violation, 'poll' | 'pointer'> {
  kind: 'failure';
  poll?: number;
  pointer?: string;
}

/** Something worth saying in the result that breaks no rule (a Retry-After wait, a static mock). */
export interface NoteObservation extends Branded {
  kind: 'note';
  message: string;
}

/** Why the transport stopped polling: always its last item. */
export type StopReason = 'terminal' | 'failure' | 'timeout' | 'static-mock';

export interface EndObservation extends Branded {
  kind: 'end';
  reason: StopReason;
  /** The timeout the transport polled under (the terminal-timeout rule quotes it). */
  timeoutMs: number;
  elapsedMs: number;
}

export type Observation = ResponseObservation | FailureObservation | NoteObservation | EndObservation;

type Unbranded<T> = T extends Branded ? Omit<T, typeof OBSERVATION> : never;

/** Brands an observation's data. */
export function observation<T extends Unbranded<Observation>>(data: T): T & Branded {
  return { ...data, [OBSERVATION]: true };
}

export function isObservation(item: unknown): item is Observation {
  return typeof item === 'object' && item !== null && (item as Partial<Branded>)[OBSERVATION] === true;
}
