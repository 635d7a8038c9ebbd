import { TAG_ENV } from '../../model/identity.js';
import type {
  GroupInstanceLifecycle,
  ObservedAlarm,
  ObservedFleet,
  ObservedGroup,
  ObservedGroupInstance,
  ObservedInstance,
} from '../../model/observed.js';
import type { EnvTarget } from '../provider.js';
import { hasOutdatedMembers } from './autoscaling-ops.js';
import { membersByGroup, refreshPercent } from './group-settle.js';
import { resolveTemplate } from './launch-templates.js';
import { copyInstanceSettings, regionKey, type SimAlarm, type SimGroup, type SimInstance, type SimState } from './sim-state.js';

/** AWS's page sizes for the reads of one environment. */
export const PAGE_SIZES = {
  DescribeInstances: 1000,
  DescribeAutoScalingGroups: 100,
  /** $Latest/$Default versions of many templates per call. */
  DescribeLaunchTemplateVersions: 200,
  /** AWS: MaxRecords default 50, maximum 100; the adapter asks for 100. */
  DescribePolicies: 100,
  DescribeAlarms: 100,
} as const;

/** The calls a faithful adapter makes to read the environment, by operation. */
export interface ReadPlan {
  ec2: { DescribeInstances: number };
  autoScaling: { DescribeAutoScalingGroups: number; DescribeLaunchTemplateVersions: number; DescribePolicies: number; DescribeInstanceRefreshes: number };
  cloudWatch: { DescribeAlarms: number };
}

/**
 * The environment as AWS would show it: resources tagged `qm:env` = env, plus untagged ones
 * in the same region (reported, never touched), plus the members of those groups. Every
 * object is a copy: the engine cannot change the sim by editing what it read.
 * Also returns the page counts of the reads that would fetch it.
 *
 * @example
 * const { fleet, reads } = observeEnvironment(state, target, clock.now());
 */
export function observeEnvironment(state: SimState, target: EnvTarget, now: Date): { fleet: ObservedFleet; reads: ReadPlan } {
  const inEnv = (tags: Record<string, string>) => {
    const env = tags[TAG_ENV];
    return env === undefined || env === target.env;
  };
  const groups: SimGroup[] = [];
  const groupKeys = new Set<string>();
  for (const [key, g] of state.groups) {
    if (g.region === target.region && inEnv(g.tags)) {
      groups.push(g);
      groupKeys.add(key);
    }
  }
  const instances: ObservedInstance[] = [];
  for (const inst of state.instances.values()) {
    if (inst.region !== target.region || !inEnv(inst.tags)) continue;
    // Members carry no qm: tags; they belong to their group's environment.
    if (inst.tags[TAG_ENV] === undefined && inst.memberOfGroup) {
      const key = regionKey(inst.region, inst.memberOfGroup);
      if (!groupKeys.has(key) && state.groups.has(key)) continue;
    }
    instances.push(observeInstance(inst));
  }
  const members = membersByGroup(state);
  let refreshReads = 0;
  let policies = 0;
  const templates = new Set<string>();
  const observedGroups = groups.map((g) => {
    const list = members.get(regionKey(g.region, g.name)) ?? [];
    // Only a group whose members run an older template version needs DescribeInstanceRefreshes
    // (one call per group): the batched reads cannot tell otherwise, and no other group needs it.
    const needsRefreshRead = hasOutdatedMembers(state, g, list);
    if (needsRefreshRead) refreshReads++;
    policies += g.policies.length;
    templates.add(g.launchTemplate.id);
    return observeGroup(state, g, list, needsRefreshRead);
  });
  const alarms: ObservedAlarm[] = [];
  for (const a of state.alarms.values()) if (a.region === target.region && inEnv(a.tags)) alarms.push(observeAlarm(a));
  const pages = (n: number, size: number, min = 1) => Math.max(min, Math.ceil(n / size));
  const hasGroups = groups.length > 0 ? 1 : 0;
  return {
    fleet: { env: target.env, instances, groups: observedGroups, alarms, readAt: now.toISOString() },
    reads: {
      ec2: { DescribeInstances: pages(instances.length, PAGE_SIZES.DescribeInstances) },
      autoScaling: {
        DescribeAutoScalingGroups: pages(groups.length, PAGE_SIZES.DescribeAutoScalingGroups),
        DescribeLaunchTemplateVersions: pages(templates.size, PAGE_SIZES.DescribeLaunchTemplateVersions, 0),
        DescribePolicies: pages(policies, PAGE_SIZES.DescribePolicies, hasGroups),
        DescribeInstanceRefreshes: refreshReads,
      },
      cloudWatch: { DescribeAlarms: pages(alarms.length, PAGE_SIZES.DescribeAlarms) },
    },
  };
}

function observeInstance(inst: SimInstance): ObservedInstance {
  return {
    kind: 'instance',
    id: inst.id,
    state: inst.state,
    tags: { ...inst.tags },
    ...copyInstanceSettings(inst),
    ...(inst.rootVolume ? { rootVolume: { ...inst.rootVolume } } : {}),
    // userData stays absent: EC2 returns it only per instance (DescribeInstanceAttribute), never in
    // batch; its hash comes back as the qm:user-data tag, with the other tags.
    launchTime: new Date(inst.launchTime).toISOString(),
    availabilityZone: inst.availabilityZone,
    ...(inst.memberOfGroup ? { memberOfGroup: inst.memberOfGroup } : {}),
  };
}

const LIFECYCLE: Record<SimInstance['state'], GroupInstanceLifecycle> = {
  pending: 'Pending',
  running: 'InService',
  stopping: 'InService',
  stopped: 'InService',
  'shutting-down': 'Terminating',
  terminated: 'Terminated',
};

function observeGroup(state: SimState, g: SimGroup, members: SimInstance[], withRefresh: boolean): ObservedGroup {
  const resolved = resolveTemplate(state, g.launchTemplate);
  const spec = resolved ? structuredClone(resolved.spec) : { ami: '', instanceType: '', securityGroupIds: [], monitoring: false };
  const instances: ObservedGroupInstance[] = members.map((m) => ({
    id: m.id,
    lifecycleState: LIFECYCLE[m.state],
    healthy: m.state === 'pending' || m.state === 'running',
    instanceType: m.instanceType,
    ...(m.launchTemplateVersion ? { launchTemplateVersion: m.launchTemplateVersion } : {}),
  }));
  const refresh = withRefresh ? g.refreshes[g.refreshes.length - 1] : undefined;
  return {
    kind: 'autoscaling-group',
    name: g.name,
    tags: { ...g.tags },
    launchTemplate: {
      ...spec,
      id: g.launchTemplate.id,
      name: resolved?.template.name ?? '',
      version: resolved?.version ?? g.launchTemplate.version,
    },
    minSize: g.minSize,
    maxSize: g.maxSize,
    desiredCapacity: g.desiredCapacity,
    subnetIds: [...g.subnetIds],
    availabilityZones: [...g.availabilityZones],
    healthCheck: { ...g.healthCheck },
    scalingPolicies: g.policies.map((p) => ({ ...p })),
    instances,
    ...(refresh ? { refresh: { id: refresh.id, status: refresh.status, percentComplete: refreshPercent(refresh) } } : {}),
    ...(g.deletingSince !== undefined ? { status: 'Delete in progress' } : {}),
  };
}

function observeAlarm(a: SimAlarm): ObservedAlarm {
  const { region: _region, updatedAt: _updatedAt, ...rest } = a;
  return { kind: 'alarm', ...structuredClone(rest) };
}
