import { TAG_SUPERSEDED, identityFromTags } from '../model/identity.js';
import type { ObservedAlarm, ObservedFleet, ObservedGroup, ObservedInstance, ObservedResource } from '../model/observed.js';
import { physicalIdOf } from '../model/observed.js';
import type { PlanNotice } from '../model/plan.js';
import type { ResourceKind, ResourceSpec } from '../model/resources.js';
import { isGroupBeingDeleted } from './group-state.js';
import { isGone, isGroupMember } from './instance-state.js';

/**
 * The live resources of one environment matched to its definitions by `qm:uuid` (never by
 * name), and notices for everything seen but not managed. Resources that are not matched are
 * never acted on, whatever their tags say.
 */
export interface FleetIndex {
  instances: Map<string, ObservedInstance>;
  groups: Map<string, ObservedGroup>;
  alarms: Map<string, ObservedAlarm>;
  /**
   * Per uuid, the old instances of a replace that was cut short (tagged `qm:superseded`, with
   * their replacement alive): the plan terminates them, finishing the replace.
   */
  superseded: Map<string, ObservedInstance[]>;
  notices: PlanNotice[];
}

/**
 * Chooses which of several live resources carrying the same uuid is the managed one; the
 * others are reported, never touched. Returns candidates best first.
 */
export type RankDuplicates = (spec: ResourceSpec, candidates: ObservedResource[]) => ObservedResource[];

/**
 * @example const index = indexFleet(fleet, specsByUuid, rankDuplicates); index.instances.get(spec.uuid)
 */
export function indexFleet(
  fleet: ObservedFleet,
  specsByUuid: ReadonlyMap<string, ResourceSpec>,
  rank: RankDuplicates,
): FleetIndex {
  const notices: PlanNotice[] = [];
  for (const g of fleet.groups.filter(isGroupBeingDeleted)) {
    notices.push(notice('info', fleet.env, g, `is being deleted (status "${g.status}"); counted as absent`));
  }
  const index: FleetIndex = { instances: new Map(), groups: new Map(), alarms: new Map(), superseded: new Map(), notices };
  // One live resource per uuid is the rule: matched at once. Several are rare: all of them are
  // kept aside (first seen first) and ranked once every resource has been seen.
  const duplicates = new Map<string, ObservedResource[]>();
  const consider = (r: ObservedResource): void => {
    const problem = ownershipProblem(fleet.env, r, specsByUuid);
    if (problem) {
      notices.push(notice(problem.level, fleet.env, r, problem.message));
      return;
    }
    const uuid = r.tags['qm:uuid'] as string;
    const byUuid = matched(index, r.kind);
    const first = byUuid.get(uuid);
    if (first === undefined) byUuid.set(uuid, r);
    else {
      const all = duplicates.get(uuid);
      if (all) all.push(r);
      else duplicates.set(uuid, [first, r]);
    }
  };
  for (const g of fleet.groups) if (!isGroupBeingDeleted(g)) consider(g);
  for (let i = 0; i < fleet.instances.length; i++) {
    const inst = fleet.instances[i] as ObservedInstance;
    if (!isGone(inst) && !isGroupMember(inst)) consider(inst);
  }
  for (const a of fleet.alarms) consider(a);

  duplicates.forEach((found, uuid) => {
    const ranked = rank(specsByUuid.get(uuid) as ResourceSpec, found);
    const primary = ranked[0] as ObservedResource;
    matched(index, primary.kind).set(uuid, primary);
    for (let i = 1; i < ranked.length; i++) {
      const other = ranked[i] as ObservedResource;
      if (other.kind === 'instance' && other.tags[TAG_SUPERSEDED] !== undefined) {
        const leftovers = index.superseded.get(uuid);
        if (leftovers) leftovers.push(other);
        else index.superseded.set(uuid, [other]);
        continue;
      }
      notices.push(
        notice(
          'warning',
          fleet.env,
          other,
          `carries the same qm:uuid as ${physicalIdOf(primary)}, which is the one managed; this one is never touched: delete it or remove its qm: tags`,
        ),
      );
    }
  });
  return index;
}

/** The index's map for a kind (a resource is only matched to a definition of its own kind). */
function matched(index: FleetIndex, kind: ObservedResource['kind']): Map<string, ObservedResource> {
  if (kind === 'instance') return index.instances as Map<string, ObservedResource>;
  return (kind === 'autoscaling-group' ? index.groups : index.alarms) as Map<string, ObservedResource>;
}

/** Why a live resource is not matched to a definition, or undefined when it is. */
function ownershipProblem(
  env: string,
  r: ObservedResource,
  specsByUuid: ReadonlyMap<string, ResourceSpec>,
): { level: PlanNotice['level']; message: string } | undefined {
  const id = identityFromTags(r.tags);
  if (!id) {
    const partial = Object.keys(r.tags).some((k) => k.startsWith('qm:'));
    return partial
      ? { level: 'warning', message: 'carries some qm: tags but not all of qm:env, qm:name and qm:uuid; never touched: fix or remove its qm: tags' }
      : { level: 'info', message: 'unmanaged (no qm: tags); never touched' };
  }
  if (id.env !== env) {
    return { level: 'warning', message: `was read for ${env} but is tagged qm:env=${id.env}; ignored here` };
  }
  const spec = specsByUuid.get(id.uuid);
  if (!spec) {
    return {
      level: 'warning',
      message: `is tagged for ${env} but not in the definitions; add it back, or define it with deleted: true to destroy it`,
    };
  }
  if (spec.env !== env) {
    return {
      level: 'warning',
      message: `has the qm:uuid of ${spec.env}/${spec.name} in another environment (copied tags?); never touched: fix its qm: tags`,
    };
  }
  if (spec.kind !== r.kind) {
    return {
      level: 'warning',
      message: `has the qm:uuid of the ${spec.kind} ${spec.name}; never touched as a ${r.kind}: fix its qm: tags`,
    };
  }
  return undefined;
}

export function notice(level: PlanNotice['level'], env: string, r: ObservedResource, message: string): PlanNotice {
  const name = r.tags['qm:name'];
  return { level, env, kind: r.kind as ResourceKind, physicalId: physicalIdOf(r), ...(name ? { name } : {}), message };
}
