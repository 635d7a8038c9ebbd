import { createHash } from 'node:crypto';
import type { ObservedFleet } from '../model/observed.js';
import type { EnvironmentSpec, ResourceSpec } from '../model/resources.js';
import { alarmComparable, groupComparable, instanceComparable } from './comparable-resources.js';
import { canonicalValue } from './canonical-json.js';
import { isGone, isGroupMember } from './instance-state.js';
import type { PlanInput } from './plan-input.js';
import { pushJsonArray } from './push-json-array.js';
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
  // Environments in name order, each one's canonical JSON hashed a piece at a time as it is
  // printed: the text (10 MB for 10,000 instances) is never held whole, nor kept until the end.
  const sink: PieceSink = { push: (piece) => void hash.update(piece, 'utf8') };
  for (const env of [...new Set(input.envs)].sort()) pushEnvironment(sink, input, env);
  return hash.digest('hex');
}

/** Where canonical JSON text goes, piece by piece. */
interface PieceSink {
  push(piece: string): void;
}

/** One environment's part of the fingerprint: the canonical JSON of `[settings, live fleet]`. */
function pushEnvironment(out: PieceSink, input: PlanInput, env: string): void {
  const desired = input.desired.filter((r) => r.env === env);
  const fleet = input.actual.find((f) => f.env === env);
  const environment = environmentPayload(input.environments.find((e) => e.name === env));
  // Settings: canonical JSON, keys in code-unit order at every depth (desired, env,
  // environment). Definitions come from outside, so their keys are put in order
  // (canonicalValue); live projections are built in a fixed key order
  // (comparable-resources.ts), so plain JSON is canonical for them.
  out.push('[{"desired":');
  pushJsonArray(out, byKindAndUuid(desired), (r) => canonicalValue(r, 'source'));
  out.push(`,"env":${JSON.stringify(env)},"environment":${JSON.stringify(canonicalValue(environment))}},`);
  if (fleet) pushFleet(out, fleet, desired);
  else out.push('null');
  out.push(']');
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

/** `{"instances":[...],"groups":[...],"alarms":[...]}`: the comparable projections, each list sorted by id. */
function pushFleet(out: PieceSink, fleet: ObservedFleet, desired: readonly ResourceSpec[]): void {
  // A group's live capacity counts only when the definition pins it; otherwise its scaling
  // policies move it all day and every plan would go stale before it is applied.
  const pinned = new Set(desired.filter((r) => r.kind === 'autoscaling-group' && r.desiredCapacity !== undefined).map((r) => r.uuid));
  const instances = fleet.instances.filter((i) => !isGone(i) && !isGroupMember(i)).sort((a, b) => compareStrings(a.id, b.id));
  out.push('{"instances":');
  pushJsonArray(out, instances, instanceComparable);
  out.push(',"groups":');
  const groups = [...fleet.groups].sort((a, b) => compareStrings(a.name, b.name));
  pushJsonArray(out, groups, (g) => groupComparable(g, pinned.has(g.tags['qm:uuid'] ?? '')));
  out.push(',"alarms":');
  pushJsonArray(out, [...fleet.alarms].sort((a, b) => compareStrings(a.name, b.name)), alarmComparable);
  out.push('}');
}
