import type { InstanceState } from '../../model/observed.js';
import type { SimTimings } from './sim-options.js';
import type { SimInstance } from './sim-state.js';

/** Where each transitional state leads, and which timing it takes. */
const NEXT: Partial<Record<InstanceState, { to: InstanceState; timing: keyof SimTimings }>> = {
  pending: { to: 'running', timing: 'pendingMs' },
  stopping: { to: 'stopped', timing: 'stoppingMs' },
  'shutting-down': { to: 'terminated', timing: 'shuttingDownMs' },
};

/**
 * Moves an instance through its transitions up to `now`, from the time it entered its state,
 * so a manual clock advancing is all it takes for pending instances to run.
 * Returns 'gone' when a terminated instance has outlived its visibility, 'changed' when the
 * state moved, undefined otherwise.
 *
 * @example
 * settleInstance(inst, clock.now().getTime(), DEFAULT_SIM_TIMINGS); // 'changed': pending -> running
 */
export function settleInstance(inst: SimInstance, now: number, timings: SimTimings): 'gone' | 'changed' | undefined {
  let changed = false;
  for (let step = NEXT[inst.state]; step && now >= inst.since + timings[step.timing]; step = NEXT[inst.state]) {
    inst.since += timings[step.timing];
    inst.state = step.to;
    changed = true;
  }
  if (inst.state === 'terminated' && now >= inst.since + timings.terminatedVisibleMs) return 'gone';
  return changed ? 'changed' : undefined;
}

/** Enters `state` at `now`. */
export function enterState(inst: SimInstance, state: InstanceState, now: number): void {
  inst.state = state;
  inst.since = now;
}

/** Pending or running: counts towards a group's capacity and is healthy. */
export function isLive(inst: SimInstance): boolean {
  return inst.state === 'pending' || inst.state === 'running';
}

/**
 * When settleInstance next has something to do for this instance: its transition ends, or (once
 * terminated) it disappears. Undefined for a resting state (running, stopped).
 *
 * @example nextChangeAt({ state: 'pending', since: 1_000, ... }, DEFAULT_SIM_TIMINGS); // 4_000
 */
export function nextChangeAt(inst: SimInstance, timings: SimTimings): number | undefined {
  const step = NEXT[inst.state];
  if (step) return inst.since + timings[step.timing];
  return inst.state === 'terminated' ? inst.since + timings.terminatedVisibleMs : undefined;
}
