import type { Override, OverrideChange } from '../model/override.js';
import type { Definitions, ResourceSpec } from '../model/resources.js';

export interface AppliedOverrides {
  /** The definitions with every matched active override applied; the input is left untouched. */
  definitions: Definitions;
  /**
   * Active overrides that found nothing to change: their environment or resource is gone (or
   * `deleted: true`), or the change does not fit the target (a capacity for an instance, an
   * instance type for a whole environment). In the order given.
   */
  unmatched: Override[];
}

/**
 * What plan, drift and status compare the fleet with: the definitions as written, with the
 * active temporary overrides laid over them, so a `/shutdown dev` is not called drift.
 *
 * - `shutdown`: instances `stopped`, groups at min/max/desired 0 (the whole environment, or the target);
 * - `startup`: instances `running` (groups have no stopped state: left as they are);
 * - `capacity`: the group's given minSize/maxSize/desiredCapacity;
 * - `instance-type`: an instance's type, or a group's launch template type.
 *
 * Overrides that are not `active` are ignored. Later overrides (by `createdAt`) win over earlier
 * ones on the same field; of two created in the same millisecond, the one listed first wins, as
 * `Store.listOverrides` lists the newest first.
 *
 * @example
 * const { definitions, unmatched } = applyOverrides(defs, await store.listOverrides({ states: ['active'] }));
 * // definitions: dev's bastion `stopped`, dev's groups 0/0/0 while `/shutdown dev` is active
 */
export function applyOverrides(definitions: Definitions, overrides: readonly Override[]): AppliedOverrides {
  const resources = [...definitions.resources];
  const unmatched = new Set<Override>();
  for (const o of inApplyOrder(overrides)) {
    const targets = targetsOf(definitions, o);
    if (targets === undefined) {
      unmatched.add(o);
      continue;
    }
    for (const i of targets) resources[i] = withChange(resources[i] as ResourceSpec, o.change);
  }
  return { definitions: { ...definitions, resources }, unmatched: overrides.filter((o) => unmatched.has(o)) };
}

/** Active overrides, oldest first; ties in reverse order of the list (so the first listed is applied last). */
function inApplyOrder(overrides: readonly Override[]): Override[] {
  return overrides
    .map((o, i) => ({ o, i, at: Date.parse(o.createdAt) }))
    .filter(({ o }) => o.state === 'active')
    .sort((a, b) => a.at - b.at || b.i - a.i)
    .map(({ o }) => o);
}

/** Indexes into `definitions.resources` an override changes; undefined when it matches nothing it fits. */
function targetsOf(definitions: Definitions, o: Override): number[] | undefined {
  if (!definitions.environments.some((e) => e.name === o.env)) return undefined;
  const live = (r: ResourceSpec): boolean => r.env === o.env && !r.deleted;
  const { target, change } = o;
  if (!target) {
    if (change.kind !== 'shutdown' && change.kind !== 'startup') return undefined;
    return definitions.resources.flatMap((r, i) => (live(r) && r.kind !== 'alarm' ? [i] : []));
  }
  const i = definitions.resources.findIndex((r) => live(r) && r.kind === target.kind && r.name === target.name);
  if (i < 0) return undefined;
  if (change.kind === 'capacity' && target.kind !== 'autoscaling-group') return undefined;
  return [i];
}

function withChange(r: ResourceSpec, change: OverrideChange): ResourceSpec {
  if (r.kind === 'instance') {
    switch (change.kind) {
      case 'shutdown':
        return { ...r, state: 'stopped' };
      case 'startup':
        return { ...r, state: 'running' };
      case 'instance-type':
        return { ...r, instanceType: change.instanceType };
      case 'capacity':
        return r;
    }
  }
  if (r.kind === 'autoscaling-group') {
    switch (change.kind) {
      case 'shutdown':
        return { ...r, minSize: 0, maxSize: 0, desiredCapacity: 0 };
      case 'startup':
        return r;
      case 'instance-type':
        return { ...r, launchTemplate: { ...r.launchTemplate, instanceType: change.instanceType } };
      case 'capacity':
        return {
          ...r,
          ...(change.min !== undefined ? { minSize: change.min } : {}),
          ...(change.max !== undefined ? { maxSize: change.max } : {}),
          ...(change.desired !== undefined ? { desiredCapacity: change.desired } : {}),
        };
    }
  }
  return r;
}
