import { createRandom, hashSeed, type Random } from '../lifecycle/random.js';
import type { ErrorKindName } from './types.js';

/** Latency: fixed ms, uniform in [min, max], or lognormal around a median (WireMock's three). */
export type Latency = number | [number, number] | { median: number; sigma: number };

/** What a fault does to the connection instead of answering (WireMock's fault names, lower case). */
export const TRANSPORT_FAULTS = [
  'connection_reset',
  'empty_response',
  'malformed_chunk',
  'stall',
  'truncated_json',
] as const;
export type TransportFault = (typeof TRANSPORT_FAULTS)[number];

/**
 * Injected trouble on vendor routes, as the admin API takes it (admin/fault-schema.ts checks it).
 * Scope: vendor, route, job id, scenario (each narrows). Budget: `times` requests, each hit with
 * probability `errorRate`. Effect: a latency on every request in scope, then an error in the
 * vendor's shape or a transport fault.
 */
export interface Fault {
  id: string;
  vendor?: string;
  /** A route's path as declared (e.g. /v1/export/{backend}/{id}), optionally "METHOD path". */
  route?: string;
  jobId?: string;
  scenario?: string;
  latencyMs?: Latency;
  /** The share of requests in scope that get the error or transport fault (1 when one is named). */
  errorRate?: number;
  /** The vendor's error kind to answer with (its status unless `status` says otherwise). */
  error?: ErrorKindName;
  status?: number;
  /** Integer seconds or an HTTP date; `retryAfterS` is the older name for seconds. */
  retryAfter?: number | string;
  retryAfterS?: number;
  fault?: TransportFault;
  /** How long a stalled answer holds the connection before closing it (default 30 s). */
  stallMs?: number;
  /** The fault applies to the next this-many requests in scope, then is gone. */
  times?: number;
}

/** A fault as listed: what was added, and how many requests it has left when it was given `times`. */
export type ListedFault = Fault & { left?: number };

/** A request as faults see it; the scenario is looked up only when a fault asks for one. */
export interface FaultRequest {
  vendor: string;
  method: string;
  path: string;
  jobId: string | undefined;
  scenario: () => string | undefined;
}

export interface FaultDecision {
  delayMs: number;
  /** The fault whose error or transport fault this request gets, if any. */
  hit?: Fault;
}

export const MAX_LATENCY_MS = 60_000;
export const DEFAULT_STALL_MS = 30_000;

/** One standard normal draw (Box–Muller) from the seeded generator. */
function normal(random: Random): number {
  const u = 1 - random();
  const v = random();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
}

/** A latency drawn from its distribution, never above MAX_LATENCY_MS (a long tail is capped). */
export function sampleLatency(latency: Latency, random: Random): number {
  if (typeof latency === 'number') return latency;
  if (Array.isArray(latency)) return latency[0] + random() * (latency[1] - latency[0]);
  return Math.min(MAX_LATENCY_MS, latency.median * Math.exp(latency.sigma * normal(random)));
}

function inScope(f: Fault, r: FaultRequest): boolean {
  if (f.vendor !== undefined && f.vendor !== r.vendor) return false;
  if (f.route !== undefined && f.route !== r.path && f.route !== `${r.method} ${r.path}`) return false;
  if (f.jobId !== undefined && f.jobId !== r.jobId) return false;
  return f.scenario === undefined || f.scenario === r.scenario();
}

/** Whether a fault names an outcome; one that only delays has none. */
const hasOutcome = (f: Fault) =>
  f.errorRate !== undefined || f.status !== undefined || f.error !== undefined || f.fault !== undefined;

/** The active faults, their budgets and the seeded draws: owned by one mock state. */
export class Faults {
  private readonly faults: Fault[] = [];
  private readonly left = new Map<Fault, number>();
  private random: Random;
  private seq = 0;

  constructor(private readonly seed: number) {
    this.random = createRandom(hashSeed(seed, 'faults'));
  }

  get size(): number {
    return this.faults.length;
  }

  list(): ListedFault[] {
    return this.faults.map((f) => this.listed(f));
  }

  add(fault: Omit<Fault, 'id'>): ListedFault {
    const added: Fault = { id: `fault-${++this.seq}`, ...fault };
    this.faults.push(added);
    if (added.times !== undefined) this.left.set(added, added.times);
    return this.listed(added);
  }

  remove(id: string): boolean {
    const i = this.faults.findIndex((f) => f.id === id);
    if (i === -1) return false;
    this.left.delete(this.faults[i] as Fault);
    this.faults.splice(i, 1);
    return true;
  }

  clear(): void {
    this.faults.length = 0;
    this.left.clear();
    this.random = createRandom(hashSeed(this.seed, 'faults'));
  }

  /**
   * What to do for a request: wait the longest latency of the faults in scope, then answer with
   * the first one whose draw hits. Every fault in scope spends one of its `times`.
   */
  decide(request: FaultRequest): FaultDecision {
    let delayMs = 0;
    let hit: Fault | undefined;
    for (const f of [...this.faults]) {
      if (!inScope(f, request)) continue;
      this.spend(f);
      if (f.latencyMs !== undefined) delayMs = Math.max(delayMs, sampleLatency(f.latencyMs, this.random));
      if (!hit && hasOutcome(f) && this.random() < (f.errorRate ?? 1)) hit = f;
    }
    return hit ? { delayMs, hit } : { delayMs };
  }

  private spend(f: Fault): void {
    const left = this.left.get(f);
    if (left === undefined) return;
    if (left > 1) this.left.set(f, left - 1);
    else this.remove(f.id);
  }

  private listed(f: Fault): ListedFault {
    const left = this.left.get(f);
    return left === undefined ? { ...f } : { ...f, left };
  }
}
