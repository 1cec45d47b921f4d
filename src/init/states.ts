import { JobkitError } from '../errors.js';
import type { StateDefinition } from '../format/types.js';
import { squash } from './schema-view.js';

export type Ending = 'success' | 'failure' | 'cancelled';
/** What a state's name says it is. `transit` is a cancel on its way (cancelling). */
export type Role = 'waiting' | 'working' | 'transit' | Ending;

/** The lifecycle read from a status enum: roles, the vendor file's states and transitions. */
export interface InferredStates {
  field: string;
  names: string[];
  roles: Record<string, Role>;
  states: Record<string, StateDefinition>;
  transitions: Record<string, string[]>;
  /** Non-terminal, non-transit states in the order a job walks them (the initial ones first). */
  working: string[];
  /** The working state that does the work (progress moves there). */
  main: string;
  transit?: string;
  endings: Record<Ending, string[]>;
  lines: string[];
  undecided: string[];
}

/** Whole names (squashed: `in_progress` → `inprogress`), then word stems for the rest. */
const NAMES: Record<Role, string[]> = {
  waiting: [
    'queued',
    'pending',
    'notstarted',
    'created',
    'submitted',
    'new',
    'waiting',
    'scheduled',
    'accepted',
    'received',
    'enqueued',
    'registered',
    'initial',
    'initialized',
    'waitingforresources',
    'open',
  ],
  working: [
    'running',
    'inprogress',
    'processing',
    'validating',
    'finalizing',
    'finalising',
    'started',
    'executing',
    'active',
    'exporting',
    'importing',
    'uploading',
    'downloading',
    'working',
    'preparing',
    'building',
    'starting',
    'initializing',
    'transferring',
    'indexing',
    'analyzing',
    'paused',
    'retrying',
  ],
  transit: [
    'cancelling',
    'canceling',
    'cancelrequested',
    'cancellationrequested',
    'cancelpending',
    'stopping',
    'aborting',
    'terminating',
  ],
  success: [
    'completed',
    'complete',
    'succeeded',
    'success',
    'successful',
    'done',
    'finished',
    'ok',
    'ready',
    'partiallysucceeded',
    'partiallycompleted',
    'completedwitherrors',
    'succeededwitherrors',
    'exported',
    'imported',
  ],
  failure: [
    'failed',
    'failure',
    'error',
    'errored',
    'expired',
    'timedout',
    'timeout',
    'rejected',
    'validationfailed',
    'aborted',
    'crashed',
    'dead',
    'deadlettered',
    'invalid',
    'failedbilling',
    'failedretryable',
  ],
  cancelled: [
    'cancelled',
    'canceled',
    'cancel',
    'revoked',
    'terminated',
    'stopped',
    'abandoned',
    'killed',
    'deleted',
  ],
};

const STEMS: [RegExp, Role][] = [
  [/cancell?ing|stopping/, 'transit'],
  [/cancell?ed|revoked/, 'cancelled'],
  [/fail|error|expire|timeout|timedout|reject/, 'failure'],
  [/succe|complet|done|finish/, 'success'],
  [/queue|pending|wait|notstarted|schedul/, 'waiting'],
  [/run|progress|process|ing$/, 'working'],
];

const TERMINAL: ReadonlySet<Role> = new Set(['success', 'failure', 'cancelled']);

export function roleOf(name: string): Role | undefined {
  const s = squash(name);
  for (const [role, names] of Object.entries(NAMES) as [Role, string[]][]) if (names.includes(s)) return role;
  for (const [stem, role] of STEMS) if (stem.test(s)) return role;
  return undefined;
}

export interface StateOptions {
  file: string;
  field: string;
  /** The enum's pointer in the document, for messages. */
  pointer: string;
  values: string[];
  /** `--terminal state=kind` choices, which win over names. */
  terminal: Record<string, Ending>;
}

export function inferStates(o: StateOptions): InferredStates {
  const lines: string[] = [];
  const undecided: string[] = [];
  const roles: Record<string, Role> = {};
  for (const name of o.values) {
    const chosen = o.terminal[name];
    const role = chosen ?? roleOf(name);
    if (role === undefined)
      undecided.push(
        `state "${name}": its name says nothing; taken as a working state (--terminal ${name}=failure ends jobs there)`,
      );
    roles[name] = role ?? 'working';
  }
  for (const name of Object.keys(o.terminal)) {
    if (!o.values.includes(name)) {
      throw new JobkitError(
        'usage',
        `--terminal ${name}: ${o.file}#${o.pointer} has no state "${name}". Its states: ${o.values.join(', ')}.`,
      );
    }
  }
  const endings: Record<Ending, string[]> = {
    success: o.values.filter((s) => roles[s] === 'success'),
    failure: o.values.filter((s) => roles[s] === 'failure'),
    cancelled: o.values.filter((s) => roles[s] === 'cancelled'),
  };
  if (endings.success.length + endings.failure.length + endings.cancelled.length === 0) {
    throw new JobkitError(
      'input',
      `${o.file}#${o.pointer}: none of the states of ${o.field} (${o.values.join(', ')}) reads as terminal. Say which end a job with --terminal <state>=success (and =failure, =cancelled), e.g. --terminal ${o.values.at(-1)}=success.`,
      { file: o.file, pointer: o.pointer },
    );
  }
  const transitState = o.values.find((s) => roles[s] === 'transit');
  // A cancelling state with no cancelled state to reach is just another working state.
  const transit = transitState && endings.cancelled.length > 0 ? transitState : undefined;
  if (transitState && !transit) roles[transitState] = 'working';
  const waiting = o.values.filter((s) => roles[s] === 'waiting');
  const working = [...waiting, ...o.values.filter((s) => roles[s] === 'working')];
  if (working.length === 0) {
    throw new JobkitError(
      'input',
      `${o.file}#${o.pointer}: every state of ${o.field} (${o.values.join(', ')}) reads as terminal, so a job could never run. Pass --terminal only for the states that end a job.`,
      { file: o.file, pointer: o.pointer },
    );
  }
  const initial = waiting.length > 0 ? waiting : working.slice(0, 1);
  const main = pickMain(working, initial, roles);
  const states = stateDefinitions(o.values, roles, initial, transit);
  const transitions = chain(working, endings, transit);
  if (endings.success.length === 0)
    undecided.push(
      'no state reads as success: jobs can only fail or be cancelled (--terminal <state>=success)',
    );
  const ends = [...endings.failure, ...(transit ? [transit] : endings.cancelled)];
  lines.push(
    `states of ${o.field}: ${o.values.map((s) => `${s}${describeRole(states[s] as StateDefinition, roles[s] as Role)}`).join(', ')}`,
    `transitions: ${working.join(' → ')}${endings.success.length ? ` → ${endings.success.join(' | ')}` : ''}${ends.length ? `; any of them → ${ends.join(', ')}` : ''}${transit ? `; ${transit} → ${endings.cancelled.join(', ')}` : ''}`,
  );
  return {
    field: o.field,
    names: o.values,
    roles,
    states,
    transitions,
    working,
    main,
    ...(transit ? { transit } : {}),
    endings,
    lines,
    undecided,
  };
}

function pickMain(working: string[], initial: string[], roles: Record<string, Role>): string {
  const after = working.filter((s) => !initial.includes(s));
  const busy = after.find((s) => /run|progress|process|execut|export|import|transfer/.test(squash(s)));
  return (
    busy ??
    after.find((s) => roles[s] === 'working' && !/valid|prepar|start|final/.test(squash(s))) ??
    after[0] ??
    (working.at(-1) as string)
  );
}

function describeRole(def: StateDefinition, role: Role): string {
  if (def.terminal) return ` (${def.terminal})`;
  if (def.initial) return ' (initial)';
  return role === 'transit' ? ' (cancel in transit)' : '';
}

function stateDefinitions(
  values: string[],
  roles: Record<string, Role>,
  initial: string[],
  transit: string | undefined,
): Record<string, StateDefinition> {
  const states: Record<string, StateDefinition> = {};
  for (const name of values) {
    const role = roles[name] as Role;
    const def: StateDefinition = {};
    if (initial.includes(name)) def.initial = true;
    if (TERMINAL.has(role)) def.terminal = role as Ending;
    if (name === transit) def.description = 'A cancel on its way: the job stops, then reads as cancelled.';
    states[name] = def;
  }
  return states;
}

/** Working states in order, the last to success; each may fail or be cancelled (through the transit). */
function chain(
  working: string[],
  endings: Record<Ending, string[]>,
  transit: string | undefined,
): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  working.forEach((state, i) => {
    const next = i + 1 < working.length ? [working[i + 1] as string] : endings.success;
    out[state] = [...next, ...endings.failure, ...(transit ? [transit] : endings.cancelled)];
  });
  if (transit) out[transit] = [...endings.cancelled];
  return out;
}
