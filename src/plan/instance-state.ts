import type { InstanceState, ObservedInstance } from '../model/observed.js';
import { TAG_AWS_GROUP } from '../model/identity.js';

/** The power state an instance is in or heading to: transient states count as where they lead. */
export type SettledState = 'running' | 'stopped';

/** @example settledState('pending') // 'running' */
export function settledState(state: InstanceState): SettledState | undefined {
  switch (state) {
    case 'pending':
    case 'running':
      return 'running';
    case 'stopping':
    case 'stopped':
      return 'stopped';
    default:
      // shutting-down and terminated: on the way out, so absent for planning.
      return undefined;
  }
}

/** Terminated (or terminating) instances count as absent. */
export function isGone(i: ObservedInstance): boolean {
  return settledState(i.state) === undefined;
}

/** Instances an Auto Scaling group launched belong to the group, never diffed on their own. */
export function isGroupMember(i: ObservedInstance): boolean {
  return i.memberOfGroup !== undefined || i.tags[TAG_AWS_GROUP] !== undefined;
}
