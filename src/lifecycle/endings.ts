import type { Terminal, VendorFile } from '../format/types.js';
import { own } from '../util/json.js';
import type { Ending } from './conditions.js';

/**
 * What ended a job when its scenario or control does not say: vendor files match these in
 * `endedBy` conditions, so the mock and the rules (which states may lack a finished time) agree.
 */
export const ENDED_BY_LIFECYCLE = 'lifecycle';
export const ENDED_BY_ADMIN = 'admin';

/**
 * Every way a job of this vendor can end: each scenario's last step (if terminal), each control's
 * final state (at any moment, so before or after the job started; a control's transit state is
 * no ending, the job moves on from it), what a later write (`followUp`) makes of each, and, for a terminal state that neither
 * reaches (or a vendor with no mock section), the lifecycle's own ending at any moment. The rule
 * model evaluates conditions over this finite set instead of reading the conditions themselves.
 */
export function endingsOf(file: Pick<VendorFile, 'status' | 'mock'>): Ending[] {
  const states = file.status.states;
  const terminalOf = (state: string): Terminal | undefined => own(states, state)?.terminal;
  const out: Ending[] = [];
  const add = (state: string, endedBy: string, started: boolean) => {
    const terminal = terminalOf(state);
    if (terminal) out.push({ state, terminal, endedBy, started });
  };
  for (const scenario of Object.values(file.mock?.scenarios ?? {})) {
    const last = scenario.steps.length - 1;
    const step = scenario.steps[last];
    if (step) add(step.state, scenario.endedBy ?? ENDED_BY_LIFECYCLE, last > 0);
    if (step && scenario.followUp) add(step.state, scenario.followUp.endedBy, last > 0);
  }
  for (const control of Object.values(file.mock?.controls ?? {})) {
    if (!control) continue;
    for (const started of [false, true]) {
      add(control.state, control.endedBy ?? ENDED_BY_ADMIN, started);
      if (control.followUp) add(control.state, control.followUp.endedBy, started);
    }
  }
  for (const state of Object.keys(states)) {
    if (terminalOf(state) && !out.some((e) => e.state === state)) {
      for (const started of [false, true]) add(state, ENDED_BY_LIFECYCLE, started);
    }
  }
  return out;
}
