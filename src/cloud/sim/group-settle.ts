import { MANAGED_TAG_KEYS, TAG_AWS_GROUP } from '../../model/identity.js';
import { enterState, isLive, settleInstance } from './instance-lifecycle.js';
import { resolveTemplate } from './launch-templates.js';
import type { SimChanges } from './sim-changes.js';
import { nextInstanceId } from './sim-ids.js';
import type { SimIndex } from './sim-index.js';
import type { SimTimings } from './sim-options.js';
import { regionKey, type SimGroup, type SimInstance, type SimState } from './sim-state.js';

/**
 * What an Auto Scaling group does on its own between API calls: launch or terminate members
 * to match desired capacity, replace unhealthy (stopped) members, step an instance refresh,
 * and finish a force delete. Evaluated lazily, up to `now`, for the groups that changed or
 * that time moves (see SimIndex).
 */

const QM_TAGS: ReadonlySet<string> = new Set(MANAGED_TAG_KEYS);

/** Members (not yet terminated) of every group, keyed by regionKey(region, group name). */
export function membersByGroup(state: SimState): Map<string, SimInstance[]> {
  const members = new Map<string, SimInstance[]>();
  for (const inst of state.instances.values()) {
    if (!inst.memberOfGroup || inst.state === 'terminated') continue;
    const key = regionKey(inst.region, inst.memberOfGroup);
    const list = members.get(key);
    if (list) list.push(inst);
    else members.set(key, [inst]);
  }
  return members;
}

/**
 * Settles the fleet up to `now`, touching only what is due: the instances whose transition
 * ends by now (the index's due queue) and the groups that changed or that time drives. Every
 * record it changes is marked in `changes` (journalled, then re-indexed).
 *
 * @example
 * settleDue(state, index, clock.now().getTime(), timings, changes);
 */
export function settleDue(state: SimState, index: SimIndex, now: number, timings: SimTimings, changes: SimChanges): void {
  index.absorb(state, changes);
  for (const id of index.popDue(now)) {
    const inst = state.instances.get(id);
    if (!inst) continue;
    const r = settleInstance(inst, now, timings);
    if (r === 'gone') state.instances.delete(id);
    if (r) changes.mark('instances', id);
    else index.noteInstance(state, id);
  }
  index.absorb(state, changes);
  if (state.groups.size === 0) return;
  const evaluated = index.takeGroupsToEvaluate();
  for (const key of evaluated) {
    const group = state.groups.get(key);
    index.setActive(key, group ? settleGroup(state, index, key, group, now, timings, changes) : false);
  }
  index.absorb(state, changes);
  index.evaluated(evaluated);
}

/** One group's own doings up to `now`; returns whether time alone may move it further (evaluate it at every settle). */
function settleGroup(state: SimState, index: SimIndex, key: string, group: SimGroup, now: number, timings: SimTimings, changes: SimChanges): boolean {
  const list = index.membersOf(state, key);
  if (group.deletingSince !== undefined) {
    if (list.length > 0) return true;
    state.groups.delete(key);
    changes.mark('groups', key);
    deleteOwnTemplate(state, group, changes);
    return false;
  }
  if (stepRefresh(state, group, list, now, timings, changes)) changes.mark('groups', key);
  matchCapacity(state, group, list, now, changes);
  const refresh = group.refreshes[group.refreshes.length - 1];
  const refreshing = refresh !== undefined && (refresh.status === 'Pending' || refresh.status === 'InProgress');
  return refreshing || list.filter(isLive).length < group.desiredCapacity;
}

/** Terminates members beyond desired capacity, replaces stopped ones, launches the shortfall. */
function matchCapacity(state: SimState, group: SimGroup, list: SimInstance[], now: number, changes: SimChanges): void {
  const terminate = (inst: SimInstance) => {
    enterState(inst, 'shutting-down', now);
    changes.mark('instances', inst.id);
  };
  // A stopped member fails the EC2 health check: the group terminates and replaces it.
  for (const inst of list) {
    if (inst.state === 'stopping' || inst.state === 'stopped') terminate(inst);
  }
  const live = list.filter(isLive);
  const current = resolveTemplate(state, group.launchTemplate)?.version;
  if (live.length > group.desiredCapacity) {
    // Default termination policy, simplified: outdated launch template first, then the oldest.
    live.sort((a, b) => rank(a, current) - rank(b, current) || a.launchTime - b.launchTime || a.id.localeCompare(b.id));
    for (const inst of live.slice(0, live.length - group.desiredCapacity)) terminate(inst);
    return;
  }
  for (let i = live.length; i < group.desiredCapacity; i++) {
    const inst = launchMember(state, group, i, now);
    if (!inst) break;
    changes.mark('instances', inst.id);
    list.push(inst);
  }
}

function rank(inst: SimInstance, current: string | undefined): number {
  return inst.launchTemplateVersion === current ? 1 : 0;
}

/** Replaces one batch per refresh step, at the step's own time, until no member is outdated. */
function stepRefresh(state: SimState, group: SimGroup, list: SimInstance[], now: number, timings: SimTimings, changes: SimChanges): boolean {
  const refresh = group.refreshes[group.refreshes.length - 1];
  if (!refresh || (refresh.status !== 'Pending' && refresh.status !== 'InProgress')) return false;
  let changed = false;
  const outdated = () => {
    const current = resolveTemplate(state, group.launchTemplate)?.version;
    return list.filter((i) => isLive(i) && i.launchTemplateVersion !== current);
  };
  if (refresh.status === 'Pending') {
    if (now < refresh.startTime + timings.refreshStartMs) return false;
    refresh.status = 'InProgress';
    refresh.total = outdated().length;
    refresh.nextStepAt = refresh.startTime + timings.refreshStartMs;
    changed = true;
  }
  const batch = Math.max(1, Math.floor((group.desiredCapacity * (100 - refresh.minHealthyPercentage)) / 100));
  while (refresh.status === 'InProgress' && refresh.nextStepAt <= now) {
    const at = refresh.nextStepAt;
    const stale = outdated();
    if (stale.length === 0) {
      refresh.status = 'Successful';
      refresh.endTime = at;
      refresh.replaced = refresh.total;
      return true;
    }
    stale.sort((a, b) => a.launchTime - b.launchTime || a.id.localeCompare(b.id));
    for (const old of stale.slice(0, batch)) {
      enterState(old, 'shutting-down', at);
      settleInstance(old, now, timings);
      changes.mark('instances', old.id);
      const fresh = launchMember(state, group, list.length, at);
      if (fresh) {
        settleInstance(fresh, now, timings);
        changes.mark('instances', fresh.id);
        list.push(fresh);
      }
      refresh.replaced = Math.min(refresh.total, refresh.replaced + 1);
    }
    refresh.nextStepAt = at + timings.refreshStepMs;
    changed = true;
  }
  return changed;
}

/** Percentage of the refresh done, as DescribeInstanceRefreshes reports it. */
export function refreshPercent(r: { total: number; replaced: number; status: string }): number {
  if (r.status === 'Successful') return 100;
  return r.total === 0 ? 0 : Math.floor((100 * r.replaced) / r.total);
}

/**
 * Launches one member from the group's current template version, tagged as AWS does: the
 * group's non-qm tags (PropagateAtLaunch) plus aws:autoscaling:groupName.
 */
export function launchMember(state: SimState, group: SimGroup, index: number, at: number): SimInstance | undefined {
  const resolved = resolveTemplate(state, group.launchTemplate);
  if (!resolved) return undefined;
  const { spec, version } = resolved;
  const tags: Record<string, string> = {};
  for (const [k, v] of Object.entries(group.tags)) if (!QM_TAGS.has(k)) tags[k] = v;
  tags[TAG_AWS_GROUP] = group.name;
  const subnetId = group.subnetIds.length > 0 ? (group.subnetIds[index % group.subnetIds.length] ?? '') : '';
  const az =
    group.availabilityZones.length > 0
      ? (group.availabilityZones[index % group.availabilityZones.length] ?? `${group.region}a`)
      : zoneOfSubnet(group.region, subnetId);
  const inst: SimInstance = {
    id: nextInstanceId(state),
    region: group.region,
    state: 'pending',
    since: at,
    instanceType: spec.instanceType,
    ami: spec.ami,
    subnetId,
    securityGroupIds: [...spec.securityGroupIds],
    ...(spec.keyName ? { keyName: spec.keyName } : {}),
    monitoring: spec.monitoring,
    ebsOptimized: false,
    ...(spec.rootVolume ? { rootVolume: { ...spec.rootVolume } } : {}),
    launchTime: at,
    availabilityZone: az,
    tags,
    memberOfGroup: group.name,
    launchTemplateVersion: version,
  };
  state.instances.set(inst.id, inst);
  return inst;
}

/** A stable Availability Zone for a subnet id: the sim has no VPC model, only its region's zones a-c. */
export function zoneOfSubnet(region: string, subnetId: string): string {
  let h = 0;
  for (let i = 0; i < subnetId.length; i++) h = (h * 31 + subnetId.charCodeAt(i)) >>> 0;
  return `${region}${'abc'[h % 3]}`;
}

/** A force-deleted group takes the launch template named after it along (the port's contract). */
function deleteOwnTemplate(state: SimState, group: SimGroup, changes: SimChanges): void {
  const t = state.launchTemplates.get(group.launchTemplate.id);
  if (t && t.name === group.name) {
    state.launchTemplates.delete(t.id);
    changes.mark('launchTemplates', t.id);
  }
}
