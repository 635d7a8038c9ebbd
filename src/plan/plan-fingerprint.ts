import { createHash } from 'node:crypto';
import type { ObservedFleet, ObservedGroup } from '../model/observed.js';
import type { EnvironmentSpec, ResourceSpec } from '../model/resources.js';
import { alarmComparable, groupComparable, instanceComparable } from './comparable-resources.js';
import { canonicalValue } from './canonical-json.js';
import { isGone, isGroupMember } from './instance-state.js';
import type { PlanInput } from './plan-input.js';
import { compareStrings } from './compare-strings.js';

/** Bump when the projection changes meaning, so old fingerprints can never match new ones. */
const ALGORITHM = 'qm-plan-fingerprint/1';

/**
 * sha256 (hex) of exactly what a plan is built from: per planned environment, its settings,
 * its desired resources (without source locations, which do not change meaning) and the
 * comparable projection of its live resources (the fields the differ compares, transient
 * states settled; no launch times, group members, refresh progress, alarm states or read
 * time). Re-planning unchanged inputs gives the same fingerprint; any change that could
 * change the plan gives another. `now` is not part of it.
 *
 * @example planFingerprint(input) === createPlan(input).fingerprint // true
 */
export function planFingerprint(input: PlanInput): string {
  const hash = createHash('sha256').update(ALGORITHM, 'utf8');
  for (const env of [...new Set(input.envs)].sort()) {
    const desired = input.desired.filter((r) => r.env === env);
    const fleet = input.actual.find((f) => f.env === env);
    // Canonical JSON of the settings: keys in code-unit order at every depth. Definitions come
    // from outside, so their keys are put in order (canonicalValue); live projections are built
    // in a fixed key order (comparable-resources.ts), so plain JSON is canonical for them.
    const settings = JSON.stringify({
      desired: byKindAndUuid(desired).map((r) => canonicalValue(r, 'source')),
      env,
      environment: canonicalValue(environmentPayload(input.environments.find((e) => e.name === env))),
    });
    // Fed in pieces: the same bytes as one string, without copying megabytes into one.
    hash.update('[', 'utf8').update(settings, 'utf8').update(',', 'utf8');
    hash.update(JSON.stringify(fleet ? fleetPayload(fleet, desired) : null), 'utf8').update(']', 'utf8');
  }
  return hash.digest('hex');
}

function environmentPayload(e: EnvironmentSpec | undefined): unknown {
  if (!e) return null;
  const { source: _source, ...rest } = e;
  return rest;
}

/** Sorted by `kind/uuid`, each key built once rather than in every comparison. */
function byKindAndUuid(desired: readonly ResourceSpec[]): ResourceSpec[] {
  const keyed = desired.map((r) => ({ key: `${r.kind}/${r.uuid}`, r }));
  keyed.sort((a, b) => compareStrings(a.key, b.key));
  return keyed.map((k) => k.r);
}

function fleetPayload(fleet: ObservedFleet, desired: readonly ResourceSpec[]): unknown {
  // A group's live capacity counts only when the definition pins it; otherwise its scaling
  // policies move it all day and every plan would go stale before it is applied.
  const pinned = new Set(desired.filter((r) => r.kind === 'autoscaling-group' && r.desiredCapacity !== undefined).map((r) => r.uuid));
  const capacityCounts = (g: ObservedGroup): boolean => pinned.has(g.tags['qm:uuid'] ?? '');
  return {
    instances: fleet.instances
      .filter((i) => !isGone(i) && !isGroupMember(i))
      .map(instanceComparable)
      .sort((a, b) => compareStrings(a.id, b.id)),
    groups: fleet.groups.map((g) => groupComparable(g, capacityCounts(g))).sort((a, b) => compareStrings(a.name, b.name)),
    alarms: fleet.alarms.map(alarmComparable).sort((a, b) => compareStrings(a.name, b.name)),
  };
}
