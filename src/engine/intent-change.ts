import type { Intent, ResourceTarget } from '../commands/intent.js';
import { isResourceTarget } from '../commands/intent.js';
import type { FieldValue } from '../definitions/index.js';
import type { Override, OverrideChange } from '../model/override.js';
import type { Definitions, ResourceSpec } from '../model/resources.js';

type ChangeIntent = Extract<Intent, { command: 'scale' | 'shutdown' | 'startup' }>;

/** The policy command a chat command is judged as. */
export const POLICY_COMMAND: Record<ChangeIntent['command'], 'scale' | 'shutdown' | 'start'> = { scale: 'scale', shutdown: 'shutdown', startup: 'start' };

/** A persistent change, as the definitions' YAML fields it writes back. */
export interface FieldEdit {
  path: string[];
  value: FieldValue;
}

/**
 * What a change command does to the definitions: a persistent scale edits them (and is written
 * back to git); everything temporary (`--for`, `--until`, shutdown, startup) is an override kept
 * in the store; a `startup` of something shut down ends that shutdown instead.
 */
export type IntentChange =
  | { kind: 'persistent'; target: ResourceTarget; edits: FieldEdit[]; edit: (defs: Definitions) => Definitions }
  | { kind: 'override'; change: OverrideChange; target?: { kind: 'instance' | 'autoscaling-group'; name: string }; expiresAt?: string }
  | { kind: 'end-overrides'; ends: Override[] };

/**
 * @example changeOf({ command: 'scale', target: { env: 'prod', kind: 'autoscaling-group', name: 'web' }, capacity: { desired: 5 } }, active)
 * // { kind: 'persistent', edits: [{ path: ['desired_capacity'], value: 5 }], ... }
 */
export function changeOf(intent: ChangeIntent, active: readonly Override[]): IntentChange {
  const target = isResourceTarget(intent.target) ? { kind: intent.target.kind, name: intent.target.name } : undefined;
  const expiresAt = intent.lasting?.until;
  if (intent.command === 'shutdown') return { kind: 'override', change: { kind: 'shutdown' }, ...(target ? { target } : {}), ...(expiresAt ? { expiresAt } : {}) };
  if (intent.command === 'startup') {
    // What a shutdown of this target (or of its whole environment) holds down, startup ends.
    const ends = active.filter((o) => o.state === 'active' && o.change.kind === 'shutdown' && o.env === intent.target.env && (!o.target || !target || (o.target.kind === target.kind && o.target.name === target.name)));
    if (ends.length > 0) return { kind: 'end-overrides', ends };
    return { kind: 'override', change: { kind: 'startup' }, ...(target ? { target } : {}), ...(expiresAt ? { expiresAt } : {}) };
  }
  const change: OverrideChange = 'instanceType' in intent ? { kind: 'instance-type', instanceType: intent.instanceType } : { kind: 'capacity', ...intent.capacity };
  if (expiresAt) return { kind: 'override', change, target: { kind: intent.target.kind, name: intent.target.name }, expiresAt };
  return persistent(intent.target, change);
}

function persistent(target: ResourceTarget, change: OverrideChange): IntentChange {
  const edits: FieldEdit[] = [];
  if (change.kind === 'instance-type') edits.push({ path: target.kind === 'instance' ? ['instance_type'] : ['launch_template', 'instance_type'], value: change.instanceType });
  if (change.kind === 'capacity') {
    if (change.min !== undefined) edits.push({ path: ['min_size'], value: change.min });
    if (change.max !== undefined) edits.push({ path: ['max_size'], value: change.max });
    if (change.desired !== undefined) edits.push({ path: ['desired_capacity'], value: change.desired });
  }
  const apply = (r: ResourceSpec): ResourceSpec => {
    if (r.env !== target.env || r.kind !== target.kind || r.name !== target.name) return r;
    if (change.kind === 'instance-type') return r.kind === 'instance' ? { ...r, instanceType: change.instanceType } : r.kind === 'autoscaling-group' ? { ...r, launchTemplate: { ...r.launchTemplate, instanceType: change.instanceType } } : r;
    if (change.kind === 'capacity' && r.kind === 'autoscaling-group') {
      return { ...r, minSize: change.min ?? r.minSize, maxSize: change.max ?? r.maxSize, ...(change.desired !== undefined ? { desiredCapacity: change.desired } : {}) };
    }
    return r;
  };
  return { kind: 'persistent', target, edits, edit: (defs) => ({ ...defs, resources: defs.resources.map(apply) }) };
}
