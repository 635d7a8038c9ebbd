import type { ResolvedOptions } from './fake-context.js';
import { newId, zoneOfSubnet, type FakeGroup, type FakeInstance, type FakeInstanceState, type FakeRefresh, type FakeRegion } from './fake-state.js';

const SETTLES_TO: Partial<Record<FakeInstanceState, FakeInstanceState>> = {
  pending: 'running',
  stopping: 'stopped',
  'shutting-down': 'terminated',
};

/** Moves an instance whose transition has been seen long enough to its final state. */
export function settle(i: FakeInstance): void {
  const to = SETTLES_TO[i.state];
  if (to && i.stepsLeft <= 0) i.state = to;
}

/** Counts one describe that showed the instance in a transitional state. */
export function tick(i: FakeInstance): void {
  if (SETTLES_TO[i.state]) i.stepsLeft -= 1;
}

export function transition(i: FakeInstance, to: FakeInstanceState, opts: ResolvedOptions): void {
  i.state = to;
  i.stepsLeft = opts.transitionDescribes;
}

/** Settles every transition at once (the harness's "let time pass"). */
export function settleAll(region: FakeRegion, opts: ResolvedOptions, now: Date): void {
  for (const g of [...region.groups.values()]) {
    if (g.deleteStepsLeft !== undefined) g.deleteStepsLeft = 0;
    observeGroup(region, g, opts, now);
  }
  for (const i of region.instances.values()) {
    i.stepsLeft = 0;
    settle(i);
  }
  for (const r of region.refreshes) if (isActive(r)) r.stepsLeft = 0;
}

export interface LaunchSpec {
  instanceType: string;
  ami: string;
  subnetId: string;
  securityGroupIds: string[];
  keyName?: string;
  monitoring: boolean;
  ebsOptimized: boolean;
  userData?: string;
  rootDeviceName: string;
  volume: FakeInstance['volume'];
  tags: Record<string, string>;
  clientToken?: string;
  group?: FakeInstance['group'];
}

export function launchInstance(region: FakeRegion, spec: LaunchSpec, reservationId: string, now: Date, opts: ResolvedOptions): FakeInstance {
  const inst: FakeInstance = {
    id: newId('i'),
    reservationId,
    state: 'pending',
    stepsLeft: opts.transitionDescribes,
    ...spec,
    volumeId: newId('vol'),
    launchTime: new Date(Math.floor(now.getTime() / 1000) * 1000),
    availabilityZone: zoneOfSubnet(region.name, spec.subnetId),
  };
  region.instances.set(inst.id, inst);
  return inst;
}

/** Running On-Demand vCPUs (pending, running, stopping), as the quota counts them. */
export function usedVcpus(region: FakeRegion, vcpuOf: (type: string) => number): number {
  let n = 0;
  for (const i of region.instances.values()) if (i.state === 'pending' || i.state === 'running' || i.state === 'stopping') n += vcpuOf(i.instanceType);
  return n;
}

/** Template data of a group's version, from what CreateLaunchTemplate(Version) received. */
export function templateData(region: FakeRegion, g: FakeGroup): Record<string, unknown> | undefined {
  const t = region.templates.get(g.template.id);
  if (!t) return undefined;
  const latest = Math.max(...t.versions.map((v) => v.number));
  const wanted = g.template.version === '$Latest' ? latest : g.template.version === '$Default' ? t.defaultVersion : Number(g.template.version);
  return t.versions.find((v) => v.number === wanted)?.data;
}

/**
 * What an Auto Scaling group does on its own between describes: drops terminated members,
 * launches or terminates to reach the desired capacity, finishes a force delete.
 */
export function observeGroup(region: FakeRegion, g: FakeGroup, opts: ResolvedOptions, now: Date): void {
  for (const id of g.instanceIds) {
    const i = region.instances.get(id);
    if (i) {
      settle(i);
      tick(i);
    }
  }
  g.instanceIds = g.instanceIds.filter((id) => region.instances.get(id)?.state !== 'terminated');
  if (g.deleteStepsLeft !== undefined) {
    if (g.deleteStepsLeft <= 0) region.groups.delete(g.name);
    else g.deleteStepsLeft -= 1;
    return;
  }
  reconcileGroup(region, g, opts, now);
}

export function reconcileGroup(region: FakeRegion, g: FakeGroup, opts: ResolvedOptions, now: Date): void {
  const live = g.instanceIds.map((id) => region.instances.get(id)).filter((i): i is FakeInstance => !!i && (i.state === 'pending' || i.state === 'running'));
  if (live.length > g.desired) {
    // Default termination policy, simplified: newest first.
    for (const i of [...live].sort((a, b) => b.launchTime.getTime() - a.launchTime.getTime()).slice(0, live.length - g.desired)) {
      transition(i, 'shutting-down', opts);
    }
  }
  const data = templateData(region, g);
  if (!data) return;
  const reservationId = newId('r');
  for (let n = live.length; n < g.desired; n++) {
    const subnet = g.subnetIds[n % Math.max(1, g.subnetIds.length)] ?? '';
    const inst = launchInstance(region, memberSpec(region, g, data, subnet), reservationId, now, opts);
    g.instanceIds.push(inst.id);
  }
}

function memberSpec(region: FakeRegion, g: FakeGroup, data: Record<string, unknown>, subnetId: string): LaunchSpec {
  const ami = String(data.ImageId ?? '');
  const bdm = (data.BlockDeviceMapping as { Ebs?: Record<string, string> }[] | undefined)?.[0]?.Ebs;
  const propagated = Object.fromEntries(g.tags.filter((t) => t.propagate).map((t) => [t.key, t.value]));
  return {
    instanceType: String(data.InstanceType ?? ''),
    ami,
    subnetId,
    securityGroupIds: (data.SecurityGroupId as string[] | undefined) ?? [],
    keyName: data.KeyName as string | undefined,
    monitoring: (data.Monitoring as { Enabled?: string } | undefined)?.Enabled === 'true',
    ebsOptimized: false,
    userData: data.UserData as string | undefined,
    rootDeviceName: region.images.get(ami)?.rootDeviceName ?? '/dev/xvda',
    volume: { sizeGiB: Number(bdm?.VolumeSize ?? 8), volumeType: bdm?.VolumeType ?? 'gp3', encrypted: bdm?.Encrypted === 'true', tags: {} },
    tags: { ...propagated, 'aws:autoscaling:groupName': g.name },
    group: { name: g.name, templateId: g.template.id, templateName: g.template.name, version: g.template.version },
  };
}

export function isActive(r: FakeRefresh): boolean {
  return r.status === 'Pending' || r.status === 'InProgress' || r.status === 'Cancelling';
}

/** A refresh moves on each time it is described; at the end, members on another version are replaced. */
export function observeRefresh(region: FakeRegion, r: FakeRefresh, opts: ResolvedOptions, now: Date): void {
  if (!isActive(r)) return;
  const g = region.groups.get(r.groupName);
  if (!g) {
    r.status = 'Failed';
    r.endTime = now;
    return;
  }
  if (r.stepsLeft > 0) {
    r.stepsLeft -= 1;
    r.status = 'InProgress';
    r.percent = Math.min(99, Math.round((100 * (opts.refreshDescribes - r.stepsLeft)) / Math.max(1, opts.refreshDescribes)));
    return;
  }
  for (const id of [...g.instanceIds]) {
    const i = region.instances.get(id);
    if (i?.group && (i.group.version !== g.template.version || i.group.templateId !== g.template.id)) {
      transition(i, 'shutting-down', opts);
      g.instanceIds = g.instanceIds.filter((x) => x !== id);
    }
  }
  reconcileGroup(region, g, opts, now);
  r.status = 'Successful';
  r.percent = 100;
  r.endTime = now;
}
