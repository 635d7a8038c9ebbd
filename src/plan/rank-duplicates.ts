import { TAG_SUPERSEDED, physicalName } from '../model/identity.js';
import type { ObservedResource } from '../model/observed.js';
import type { ResourceSpec } from '../model/resources.js';
import { diffFieldSets } from './field-set.js';
import { desiredInstanceFields, instanceFieldEffect, observedInstanceFields } from './instance-fields.js';
import { settledState } from './instance-state.js';

/**
 * When several live resources carry one uuid (tags copied by hand, or a replace cut short),
 * the managed one is the one closest to the definition: for instances, one not marked
 * `qm:superseded` (the old half of an interrupted replace), then one that needs no replace,
 * then a running one, then the fewest changes, then the oldest, then by id; for
 * groups and alarms, the one with the name Quartermaster would give it, then by name.
 * Deterministic, so re-planning picks the same one.
 *
 * @example rankDuplicates(spec, [stale, fresh])[0] === fresh
 */
export function rankDuplicates(spec: ResourceSpec, candidates: ObservedResource[]): ObservedResource[] {
  const keyed = candidates.map((r) => ({ r, key: rankKey(spec, r) }));
  keyed.sort((a, b) => compareKeys(a.key, b.key));
  return keyed.map((k) => k.r);
}

type Key = (number | string)[];

function rankKey(spec: ResourceSpec, r: ObservedResource): Key {
  if (r.kind === 'instance' && spec.kind === 'instance') {
    const changes = diffFieldSets(desiredInstanceFields(spec), observedInstanceFields(r));
    const needsReplace = changes.some((c) => instanceFieldEffect(c.field) === 'replace') ? 1 : 0;
    const running = settledState(r.state) === 'running' ? 0 : 1;
    const superseded = r.tags[TAG_SUPERSEDED] === undefined ? 0 : 1;
    return [superseded, needsReplace, running, changes.length, r.launchTime, r.id];
  }
  const name = r.kind === 'instance' ? r.id : r.name;
  return [name === physicalName(spec.env, spec.name) ? 0 : 1, name];
}

function compareKeys(a: Key, b: Key): number {
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const x = a[i] ?? '';
    const y = b[i] ?? '';
    if (x < y) return -1;
    if (x > y) return 1;
  }
  return 0;
}
