import { describe, expect, it } from 'vitest';
import { managedTags } from '../../src/model/identity.js';
import type { ObservedResource } from '../../src/model/observed.js';
import type { ActionType, Impact, PlanNotice } from '../../src/model/plan.js';
import type { ResourceSpec } from '../../src/model/resources.js';
import { KNOWN_AFTER_APPLY, describeUserData } from '../../src/plan/index.js';
import { TAG_USER_DATA } from '../../src/model/identity.js';
import { userDataTag } from '../../src/model/user-data-tag.js';
import { USER_DATA_UNKNOWN } from '../../src/plan/user-data-digest.js';
import {
  aGroupSpec,
  anAlarmSpec,
  anInstanceSpec,
  anObservedInstance,
  instanceIdFor,
  observedAlarmOf,
  observedGroupOf,
  observedInstanceOf,
  planOf,
  refTo,
  uuidFor,
} from './builders.js';

/** A live instance as AWS shows it: user data unread, its hash in the qm:user-data tag. */
function taggedLive(spec: ResourceSpec & { kind: 'instance' }, tag: string): ObservedResource {
  const o = observedInstanceOf(spec, { userData: undefined });
  return { ...o, tags: { ...o.tags, [TAG_USER_DATA]: tag } };
}

interface Row {
  rule: string;
  desired: ResourceSpec[];
  observed: ObservedResource[];
  envs?: string[];
  action?: {
    id: string;
    type: ActionType;
    impact: Impact;
    fields?: string[];
    cost?: number;
    dependsOn?: string[];
    physicalId?: string;
    change?: { field: string; old: unknown; new: unknown };
  };
  /** An id that must have no action at all. */
  noAction?: string;
  notices?: { level: PlanNotice['level']; message: RegExp }[];
}

const bastion = anInstanceSpec();
const live = observedInstanceOf(bastion);
const web = aGroupSpec();
const liveWeb = observedGroupOf(web);
const pinnedWeb = aGroupSpec({ desiredCapacity: 3 });
const livePinnedWeb = observedGroupOf(pinnedWeb);
const cpuHigh = anAlarmSpec({ target: refTo(web) });
const liveCpuHigh = observedAlarmOf(cpuHigh, 'prod-web');
const bastionAlarm = anAlarmSpec({ name: 'bastion-cpu', target: refTo(bastion) });

const I = 'prod/instance/bastion';
const G = 'prod/autoscaling-group/web';
const A = 'prod/alarm/web-cpu-high';

const rows: Row[] = [
  // instances
  { rule: 'absent instance is created', desired: [bastion], observed: [], action: { id: I, type: 'create', impact: 'none', cost: 15.18 } },
  { rule: 'absent instance desired stopped costs nothing', desired: [anInstanceSpec({ state: 'stopped' })], observed: [], action: { id: I, type: 'create', impact: 'none', cost: 0 } },
  { rule: 'matching instance is a no-op', desired: [bastion], observed: [live], action: { id: I, type: 'no-op', impact: 'none', fields: [], cost: 0 } },
  {
    rule: 'instance_type change on a running instance stops, modifies, starts',
    desired: [anInstanceSpec({ instanceType: 't3.large' })],
    observed: [live],
    action: { id: I, type: 'stop-modify-start', impact: 'downtime', fields: ['instance_type'], cost: 45.56, change: { field: 'instance_type', old: 't3.small', new: 't3.large' } },
  },
  {
    rule: 'instance_type change on an instance that stays stopped is an update',
    desired: [anInstanceSpec({ instanceType: 't3.large', state: 'stopped' })],
    observed: [observedInstanceOf(anInstanceSpec({ state: 'stopped' }))],
    action: { id: I, type: 'update', impact: 'none', fields: ['instance_type'], cost: 0 },
  },
  {
    rule: 'instance_type change on a stopped instance that should run: modify and start, no downtime',
    desired: [anInstanceSpec({ instanceType: 't3.large' })],
    observed: [observedInstanceOf(anInstanceSpec({ state: 'stopped' }))],
    action: { id: I, type: 'stop-modify-start', impact: 'none', fields: ['instance_type', 'state'], cost: 60.74 },
  },
  {
    rule: 'instance_type change while stopping it: update with downtime',
    desired: [anInstanceSpec({ instanceType: 't3.large', state: 'stopped' })],
    observed: [live],
    action: { id: I, type: 'update', impact: 'downtime', fields: ['instance_type', 'state'], cost: -15.18 },
  },
  { rule: 'ebs_optimized needs a stopped instance', desired: [anInstanceSpec({ ebsOptimized: true })], observed: [live], action: { id: I, type: 'stop-modify-start', impact: 'downtime', fields: ['ebs_optimized'] } },
  {
    rule: 'user_data needs a stopped instance and is compared by hash',
    desired: [anInstanceSpec({ userData: '#!/bin/sh\nexport TOKEN=s3cret\n' })],
    observed: [observedInstanceOf(bastion, { userData: '#!/bin/sh\nexport TOKEN=old\n' })],
    action: {
      id: I,
      type: 'stop-modify-start',
      impact: 'downtime',
      fields: ['user_data'],
      change: { field: 'user_data', old: describeUserData('#!/bin/sh\nexport TOKEN=old\n'), new: describeUserData('#!/bin/sh\nexport TOKEN=s3cret\n') },
    },
  },
  {
    rule: 'user_data nothing records (no qm:user-data tag) is unknown, not unchanged: a notice, no action',
    desired: [anInstanceSpec({ userData: '#!/bin/sh\n' })],
    observed: [observedInstanceOf(bastion, { userData: undefined })],
    action: { id: I, type: 'no-op', impact: 'none' },
    notices: [{ level: 'info', message: /^user data of prod\/bastion is unknown \(no qm:user-data tag: created before this version\); the next change that stops it will write it$/ }],
  },
  {
    rule: 'user_data compared through the qm:user-data tag: the same hash is no change',
    desired: [anInstanceSpec({ userData: '#!/bin/sh\n' })],
    observed: [taggedLive(bastion, userDataTag('#!/bin/sh\n'))],
    action: { id: I, type: 'no-op', impact: 'none' },
    notices: [],
  },
  {
    rule: 'user_data whose qm:user-data tag differs: stop, modify, start, the old value shown as the tag hash',
    desired: [anInstanceSpec({ userData: '#!/bin/sh\nexport TOKEN=s3cret\n' })],
    observed: [taggedLive(bastion, userDataTag('#!/bin/sh\nexport TOKEN=old\n'))],
    action: {
      id: I,
      type: 'stop-modify-start',
      impact: 'downtime',
      fields: ['user_data'],
      change: { field: 'user_data', old: `(${userDataTag('#!/bin/sh\nexport TOKEN=old\n').slice(0, 19)})`, new: describeUserData('#!/bin/sh\nexport TOKEN=s3cret\n') },
    },
    notices: [],
  },
  {
    rule: 'user_data added where the tag says none; removed where the tag has a hash',
    desired: [anInstanceSpec({ userData: 'echo hi' }), anInstanceSpec({ name: 'worker', userData: undefined })],
    observed: [taggedLive(bastion, 'none'), taggedLive(anInstanceSpec({ name: 'worker' }), userDataTag('echo old'))],
    action: { id: I, type: 'stop-modify-start', impact: 'downtime', fields: ['user_data'], change: { field: 'user_data', old: undefined, new: describeUserData('echo hi') } },
  },
  {
    rule: 'unknown user_data is written by a change that stops the instance anyway, and the notice says so',
    desired: [anInstanceSpec({ instanceType: 't3.large', userData: 'echo hi' })],
    observed: [observedInstanceOf(bastion, { userData: undefined })],
    action: { id: I, type: 'stop-modify-start', impact: 'downtime', fields: ['instance_type', 'user_data'], change: { field: 'user_data', old: USER_DATA_UNKNOWN, new: describeUserData('echo hi') } },
    notices: [{ level: 'info', message: /unknown .*; this plan writes it while the instance is stopped$/ }],
  },
  {
    rule: 'unknown user_data is written when the instance is stopped for its desired state, and costs no stop of its own',
    desired: [anInstanceSpec({ state: 'stopped' }), anInstanceSpec({ name: 'tagged-only', tags: { team: 'sre' } })],
    observed: [observedInstanceOf(bastion, { userData: undefined }), observedInstanceOf(anInstanceSpec({ name: 'tagged-only' }), { userData: undefined })],
    action: { id: I, type: 'update', impact: 'downtime', fields: ['state', 'user_data'], change: { field: 'user_data', old: USER_DATA_UNKNOWN, new: undefined } },
    notices: [
      { level: 'info', message: /^user data of prod\/bastion .*this plan writes it/ },
      { level: 'info', message: /^user data of prod\/tagged-only .*the next change that stops it will write it$/ },
    ],
  },
  { rule: 'security_groups change in place (order ignored)', desired: [anInstanceSpec({ securityGroupIds: ['sg-0web', 'sg-0ssh'] })], observed: [observedInstanceOf(anInstanceSpec({ securityGroupIds: ['sg-0ssh'] }))], action: { id: I, type: 'update', impact: 'none', fields: ['security_groups'] } },
  { rule: 'security_groups reordered is no change', desired: [anInstanceSpec({ securityGroupIds: ['sg-b', 'sg-a'] })], observed: [observedInstanceOf(anInstanceSpec({ securityGroupIds: ['sg-a', 'sg-b'] }))], action: { id: I, type: 'no-op', impact: 'none' } },
  { rule: 'monitoring changes in place', desired: [anInstanceSpec({ monitoring: true })], observed: [live], action: { id: I, type: 'update', impact: 'none', fields: ['monitoring'] } },
  {
    rule: 'a tag value changes in place',
    desired: [anInstanceSpec({ tags: { team: 'sre' } })],
    observed: [live],
    action: { id: I, type: 'update', impact: 'none', fields: ['tags.team'], change: { field: 'tags.team', old: 'platform', new: 'sre' } },
  },
  {
    rule: 'a tag removed from the definition is removed',
    desired: [anInstanceSpec({ tags: {} })],
    observed: [live],
    action: { id: I, type: 'update', impact: 'none', change: { field: 'tags.team', old: 'platform', new: undefined } },
  },
  {
    rule: 'AWS-reserved tags are never compared',
    desired: [bastion],
    observed: [observedInstanceOf(bastion, { tags: { ...live.tags, 'aws:cloudformation:stack-name': 'x' } })],
    action: { id: I, type: 'no-op', impact: 'none' },
  },
  {
    rule: 'a rename (same uuid) updates the name, no re-create',
    desired: [anInstanceSpec({ name: 'jump', uuid: bastion.uuid })],
    observed: [live],
    action: { id: 'prod/instance/jump', type: 'update', impact: 'none', fields: ['name'], physicalId: live.id, change: { field: 'name', old: 'bastion', new: 'jump' } },
  },
  { rule: 'running -> stopped is an update with downtime', desired: [anInstanceSpec({ state: 'stopped' })], observed: [live], action: { id: I, type: 'update', impact: 'downtime', fields: ['state'], cost: -15.18 } },
  { rule: 'stopped -> running is an update without downtime', desired: [bastion], observed: [observedInstanceOf(anInstanceSpec({ state: 'stopped' }))], action: { id: I, type: 'update', impact: 'none', fields: ['state'], cost: 15.18 } },
  { rule: 'stopping counts as stopped', desired: [anInstanceSpec({ state: 'stopped' })], observed: [observedInstanceOf(bastion, { state: 'stopping' })], action: { id: I, type: 'no-op', impact: 'none' } },
  { rule: 'pending counts as running', desired: [bastion], observed: [observedInstanceOf(bastion, { state: 'pending' })], action: { id: I, type: 'no-op', impact: 'none' } },
  { rule: 'ami change replaces', desired: [anInstanceSpec({ ami: 'ami-0new0000000000000' })], observed: [live], action: { id: I, type: 'replace', impact: 'destructive', fields: ['ami'], cost: 0, physicalId: live.id } },
  { rule: 'subnet change replaces', desired: [anInstanceSpec({ subnetId: 'subnet-0other' })], observed: [live], action: { id: I, type: 'replace', impact: 'destructive', fields: ['subnet'] } },
  { rule: 'key_name change replaces', desired: [anInstanceSpec({ keyName: undefined })], observed: [live], action: { id: I, type: 'replace', impact: 'destructive', change: { field: 'key_name', old: 'ops', new: undefined } } },
  {
    rule: 'root_volume change replaces (and wins over a type change)',
    desired: [anInstanceSpec({ rootVolume: { sizeGiB: 50, volumeType: 'gp3', encrypted: true }, instanceType: 't3.medium' })],
    observed: [live],
    action: { id: I, type: 'replace', impact: 'destructive', fields: ['instance_type', 'root_volume.size_gib'], cost: 15.19 },
  },
  { rule: 'unset root volume iops ignores the default AWS reports', desired: [bastion], observed: [observedInstanceOf(bastion, { rootVolume: { ...bastion.rootVolume, iops: 3000 } })], action: { id: I, type: 'no-op', impact: 'none' } },
  { rule: 'deleted: true and present -> delete', desired: [anInstanceSpec({ deleted: true })], observed: [live], action: { id: I, type: 'delete', impact: 'destructive', cost: -15.18, physicalId: live.id } },
  { rule: 'deleted: true and absent -> nothing', desired: [anInstanceSpec({ deleted: true })], observed: [], noAction: I },
  { rule: 'a terminated instance counts as absent', desired: [bastion], observed: [observedInstanceOf(bastion, { state: 'terminated' })], action: { id: I, type: 'create', impact: 'none' } },
  { rule: 'a shutting-down instance counts as absent', desired: [bastion], observed: [observedInstanceOf(bastion, { state: 'shutting-down' })], action: { id: I, type: 'create', impact: 'none' } },
  {
    rule: 'a group member is never diffed as a standalone instance',
    desired: [bastion],
    observed: [observedInstanceOf(bastion, { memberOfGroup: 'prod-web', tags: { ...live.tags, 'aws:autoscaling:groupName': 'prod-web' } })],
    action: { id: I, type: 'create', impact: 'none' },
    notices: [],
  },
  {
    rule: 'matching is by uuid, never by name',
    desired: [bastion],
    observed: [anObservedInstance({ id: 'i-0other', tags: managedTags({}, { env: 'prod', name: 'bastion', uuid: uuidFor('someone else') }) })],
    action: { id: I, type: 'create', impact: 'none' },
    notices: [{ level: 'warning', message: /not in the definitions; add it back, or define it with deleted: true to destroy it/ }],
  },
  {
    rule: 'an interrupted replace (old instance tagged qm:superseded beside its replacement): the old one is terminated',
    desired: [anInstanceSpec({ ami: 'ami-0new0000000000000' })],
    observed: [
      observedInstanceOf(bastion, { tags: { ...live.tags, 'qm:superseded': 'true' } }),
      observedInstanceOf(anInstanceSpec({ ami: 'ami-0new0000000000000' }), { id: 'i-0fresh', launchTime: '2026-02-01T00:00:00Z' }),
    ],
    action: { id: `${I}~${live.id}`, type: 'delete', impact: 'destructive', physicalId: live.id, cost: -15.18 },
    notices: [],
  },
  {
    rule: 'an interrupted replace before the launch: the superseded instance alone is replaced again',
    desired: [anInstanceSpec({ ami: 'ami-0new0000000000000' })],
    observed: [observedInstanceOf(bastion, { tags: { ...live.tags, 'qm:superseded': 'true' } })],
    action: { id: I, type: 'replace', impact: 'destructive', physicalId: live.id },
    notices: [],
  },
  // groups
  { rule: 'absent group is created at min_size when the policies own capacity', desired: [web], observed: [], action: { id: G, type: 'create', impact: 'none', cost: 30.37, physicalId: 'prod-web' } },
  { rule: 'absent group with a desired capacity is priced at it', desired: [aGroupSpec({ desiredCapacity: 4 })], observed: [], action: { id: G, type: 'create', impact: 'none', cost: 60.74 } },
  {
    rule: 'a group name already taken in AWS gets a uuid suffix',
    desired: [web],
    observed: [observedGroupOf(aGroupSpec({ uuid: uuidFor('unmanaged') }), { tags: {} })],
    action: { id: G, type: 'create', impact: 'none', physicalId: `prod-web-${web.uuid.replace(/-/g, '').slice(0, 8)}` },
    notices: [{ level: 'info', message: /unmanaged/ }],
  },
  { rule: 'matching group is a no-op', desired: [web], observed: [liveWeb], action: { id: G, type: 'no-op', impact: 'none' } },
  {
    rule: 'launch template type change on a 3-instance group: rolling refresh, no downtime',
    desired: [aGroupSpec({ desiredCapacity: 3, launchTemplate: { ...web.launchTemplate, instanceType: 't3.medium' } })],
    observed: [livePinnedWeb],
    action: { id: G, type: 'rolling-refresh', impact: 'none', fields: ['launch_template.instance_type'], cost: 45.55 },
  },
  {
    rule: 'launch template ami change on a 1-instance group: downtime',
    desired: [aGroupSpec({ minSize: 1, desiredCapacity: 1, launchTemplate: { ...web.launchTemplate, ami: 'ami-0new0000000000000' } })],
    observed: [observedGroupOf(aGroupSpec({ minSize: 1, desiredCapacity: 1 }))],
    action: { id: G, type: 'rolling-refresh', impact: 'downtime', fields: ['launch_template.ami'] },
  },
  {
    rule: 'launch template user_data change refreshes, compared by hash',
    desired: [aGroupSpec({ launchTemplate: { ...web.launchTemplate, userData: 'echo new' } })],
    observed: [liveWeb],
    action: { id: G, type: 'rolling-refresh', impact: 'none', change: { field: 'launch_template.user_data', old: undefined, new: describeUserData('echo new') } },
  },
  { rule: 'unset desired capacity never fights the scaling policies', desired: [web], observed: [observedGroupOf(web, { desiredCapacity: 4 })], action: { id: G, type: 'no-op', impact: 'none', cost: 0 } },
  { rule: 'a set desired capacity is planned', desired: [aGroupSpec({ desiredCapacity: 5 })], observed: [livePinnedWeb], action: { id: G, type: 'update', impact: 'none', fields: ['desired_capacity'], cost: 30.37 } },
  { rule: 'capacity to 0 is downtime', desired: [aGroupSpec({ minSize: 0, desiredCapacity: 0 })], observed: [livePinnedWeb], action: { id: G, type: 'update', impact: 'downtime', fields: ['desired_capacity', 'min_size'], cost: -45.55 } },
  { rule: 'max_size to 0 without a desired capacity is downtime', desired: [aGroupSpec({ minSize: 0, maxSize: 0 })], observed: [liveWeb], action: { id: G, type: 'update', impact: 'downtime', fields: ['max_size', 'min_size'], cost: -30.37 } },
  { rule: 'min_size changes in place', desired: [aGroupSpec({ minSize: 3 })], observed: [observedGroupOf(web, { desiredCapacity: 3 })], action: { id: G, type: 'update', impact: 'none', fields: ['min_size'], cost: 0 } },
  { rule: 'subnets change in place', desired: [aGroupSpec({ subnetIds: ['subnet-0a1b2c3d'] })], observed: [liveWeb], action: { id: G, type: 'update', impact: 'none', fields: ['subnets'] } },
  { rule: 'health check changes in place', desired: [aGroupSpec({ healthCheck: { type: 'ELB', gracePeriodSeconds: 120 } })], observed: [liveWeb], action: { id: G, type: 'update', impact: 'none', fields: ['health_check.grace_period_seconds', 'health_check.type'] } },
  {
    rule: 'a scaling policy added',
    desired: [aGroupSpec({ scalingPolicies: [...web.scalingPolicies, { name: 'net', metric: 'ASGAverageNetworkIn', targetValue: 1e6, disableScaleIn: true }] })],
    observed: [liveWeb],
    action: { id: G, type: 'update', impact: 'none', fields: ['scaling_policies.net.disable_scale_in', 'scaling_policies.net.metric', 'scaling_policies.net.target_value'] },
  },
  {
    rule: 'a scaling policy removed',
    desired: [aGroupSpec({ scalingPolicies: [] })],
    observed: [liveWeb],
    action: { id: G, type: 'update', impact: 'none', change: { field: 'scaling_policies.cpu.target_value', old: 70, new: undefined } },
  },
  {
    rule: 'a scaling policy target changed',
    desired: [aGroupSpec({ scalingPolicies: [{ ...web.scalingPolicies[0]!, targetValue: 50 }] })],
    observed: [liveWeb],
    action: { id: G, type: 'update', impact: 'none', fields: ['scaling_policies.cpu.target_value'] },
  },
  { rule: 'group tags change in place', desired: [aGroupSpec({ tags: { team: 'web', tier: 'front' } })], observed: [liveWeb], action: { id: G, type: 'update', impact: 'none', fields: ['tags.tier'] } },
  {
    rule: 'an instance refresh in progress is a warning, and the plan goes on',
    desired: [aGroupSpec({ launchTemplate: { ...web.launchTemplate, ami: 'ami-0new0000000000000' } })],
    observed: [observedGroupOf(web, { refresh: { id: 'r-1', status: 'InProgress', percentComplete: 40 } })],
    action: { id: G, type: 'rolling-refresh', impact: 'none' },
    notices: [{ level: 'warning', message: /instance refresh is InProgress \(40% complete\)/ }],
  },
  { rule: 'deleted group -> delete priced at its capacity', desired: [aGroupSpec({ deleted: true })], observed: [liveWeb], action: { id: G, type: 'delete', impact: 'destructive', cost: -30.37, physicalId: 'prod-web' } },
  {
    rule: 'a group being deleted counts as absent and its name stays taken',
    desired: [web],
    observed: [observedGroupOf(web, { status: 'Delete in progress' })],
    action: { id: G, type: 'create', impact: 'none', physicalId: `prod-web-${web.uuid.replace(/-/g, '').slice(0, 8)}` },
    notices: [{ level: 'info', message: /being deleted/ }],
  },
  // alarms
  { rule: 'alarm on an existing group resolves its name and matches', desired: [web, cpuHigh], observed: [liveWeb, liveCpuHigh], action: { id: A, type: 'no-op', impact: 'none' } },
  { rule: 'alarm threshold change is an update', desired: [web, anAlarmSpec({ target: refTo(web), threshold: 90 })], observed: [liveWeb, liveCpuHigh], action: { id: A, type: 'update', impact: 'none', fields: ['threshold'] } },
  {
    rule: 'alarm on a group being created waits for it and uses its planned name',
    desired: [web, cpuHigh],
    observed: [],
    action: { id: A, type: 'create', impact: 'none', dependsOn: [G], change: { field: 'dimensions.AutoScalingGroupName', old: undefined, new: 'prod-web' } },
  },
  {
    rule: 'alarm on an instance being created: (known after apply)',
    desired: [bastion, bastionAlarm],
    observed: [],
    action: { id: 'prod/alarm/bastion-cpu', type: 'create', impact: 'none', dependsOn: [I], change: { field: 'dimensions.InstanceId', old: undefined, new: KNOWN_AFTER_APPLY } },
  },
  {
    rule: 'alarm on an instance being replaced is updated after it',
    desired: [anInstanceSpec({ ami: 'ami-0new0000000000000' }), bastionAlarm],
    observed: [live, observedAlarmOf(bastionAlarm, live.id)],
    action: { id: 'prod/alarm/bastion-cpu', type: 'update', impact: 'none', dependsOn: [I], change: { field: 'dimensions.InstanceId', old: live.id, new: KNOWN_AFTER_APPLY } },
  },
  {
    rule: 'alarm renamed keeps its AWS name',
    desired: [web, anAlarmSpec({ name: 'web-hot', uuid: cpuHigh.uuid, target: refTo(web) })],
    observed: [liveWeb, liveCpuHigh],
    action: { id: 'prod/alarm/web-hot', type: 'update', impact: 'none', fields: ['name'], physicalId: 'prod-web-cpu-high' },
  },
  {
    rule: 'alarm and its target both deleted: the alarm goes first',
    desired: [aGroupSpec({ deleted: true }), anAlarmSpec({ target: refTo(web), deleted: true })],
    observed: [liveWeb, liveCpuHigh],
    action: { id: G, type: 'delete', impact: 'destructive', dependsOn: [A] },
  },
  {
    rule: 'alarm left on a deleted target is a warning',
    desired: [aGroupSpec({ deleted: true }), cpuHigh],
    observed: [liveWeb, liveCpuHigh],
    action: { id: A, type: 'no-op', impact: 'none' },
    notices: [{ level: 'warning', message: /which this plan deletes/ }],
  },
  // notices, never actions
  {
    rule: 'unmanaged resources are info notices',
    desired: [],
    observed: [anObservedInstance({ id: 'i-0hand', tags: { Name: 'by-hand' } })],
    notices: [{ level: 'info', message: /unmanaged \(no qm: tags\)/ }],
    noAction: I,
  },
  {
    rule: 'a resource tagged for the env but not defined is a warning, never an action',
    desired: [],
    observed: [live],
    notices: [{ level: 'warning', message: /^is tagged for prod but not in the definitions; add it back, or define it with deleted: true to destroy it$/ }],
    noAction: I,
  },
  {
    rule: 'a uuid belonging to another environment is a warning',
    desired: [anInstanceSpec({ env: 'dev', uuid: bastion.uuid })],
    observed: [live],
    envs: ['dev', 'prod'],
    action: { id: 'dev/instance/bastion', type: 'create', impact: 'none' },
    notices: [{ level: 'warning', message: /qm:uuid of dev\/bastion in another environment/ }],
  },
  {
    rule: 'partial qm: tags are a warning',
    desired: [],
    observed: [anObservedInstance({ tags: { 'qm:env': 'prod' } })],
    notices: [{ level: 'warning', message: /some qm: tags but not all/ }],
  },
  {
    rule: 'a uuid on a resource of another kind is a warning',
    desired: [bastion],
    observed: [observedAlarmOf(anAlarmSpec(), undefined, { tags: managedTags({}, bastion) })],
    action: { id: I, type: 'create', impact: 'none' },
    notices: [{ level: 'warning', message: /qm:uuid of the instance bastion/ }],
  },
  {
    rule: 'two live instances with one uuid: the one closest to the definition is managed, the other reported',
    desired: [anInstanceSpec({ ami: 'ami-0new0000000000000' })],
    observed: [live, observedInstanceOf(anInstanceSpec({ ami: 'ami-0new0000000000000' }), { id: 'i-0fresh', launchTime: '2026-02-01T00:00:00Z' })],
    action: { id: I, type: 'no-op', impact: 'none', physicalId: 'i-0fresh' },
    notices: [{ level: 'warning', message: /same qm:uuid as i-0fresh/ }],
  },
];

describe('createPlan rules', () => {
  it.each(rows)('$rule', (row) => {
    const plan = planOf(row.desired, row.observed, row.envs);
    if (row.action) {
      const a = plan.actions.find((x) => x.id === row.action!.id);
      expect(a, `action ${row.action.id} in ${plan.actions.map((x) => x.id).join(', ')}`).toBeDefined();
      expect({ type: a!.type, impact: a!.impact }).toEqual({ type: row.action.type, impact: row.action.impact });
      if (row.action.fields) expect(a!.changes.map((c) => c.field)).toEqual(row.action.fields);
      if (row.action.cost !== undefined) expect(a!.monthlyCostDelta).toBe(row.action.cost);
      if (row.action.dependsOn) expect(a!.dependsOn).toEqual(row.action.dependsOn);
      if (row.action.physicalId) expect(a!.resource.physicalId).toBe(row.action.physicalId);
      if (row.action.change) expect(a!.changes).toContainEqual(row.action.change);
      expect(a!.reason).not.toBe('');
    }
    if (row.noAction) expect(plan.actions.map((a) => a.id)).not.toContain(row.noAction);
    if (row.notices) {
      expect(plan.notices).toHaveLength(row.notices.length);
      for (const n of row.notices) {
        expect(plan.notices.some((p) => p.level === n.level && n.message.test(p.message)), `${n.message} in ${JSON.stringify(plan.notices)}`).toBe(true);
      }
    }
  });

  it('has a row per rule', () => {
    expect(rows.length).toBeGreaterThanOrEqual(30);
  });
});

describe('createPlan as a whole', () => {
  it('finishes an interrupted replace: keeps the replacement, terminates the superseded one', () => {
    const desired = anInstanceSpec({ ami: 'ami-0new0000000000000' });
    const old = observedInstanceOf(bastion, { tags: { ...live.tags, 'qm:superseded': 'true' } });
    const fresh = observedInstanceOf(desired, { id: 'i-0fresh' });
    const plan = planOf([desired], [fresh, old]);
    expect(plan.actions.map((a) => [a.id, a.type, a.resource.physicalId])).toEqual([
      [I, 'no-op', 'i-0fresh'],
      [`${I}~${old.id}`, 'delete', old.id],
    ]);
    expect(plan.summary).toEqual({ add: 0, change: 0, destroy: 1, unchanged: 1 });
  });

  it('lists dependencies first, then env, groups, instances, alarms, by name', () => {
    const worker = aGroupSpec({ name: 'worker' });
    const devBastion = anInstanceSpec({ env: 'dev' });
    const plan = planOf([cpuHigh, bastion, worker, web, devBastion, bastionAlarm], [], ['prod', 'dev']);
    expect(plan.actions.map((a) => a.id)).toEqual([
      G,
      'prod/autoscaling-group/worker',
      I,
      'prod/alarm/bastion-cpu',
      A,
      'dev/instance/bastion',
    ]);
  });

  it('puts an alarm delete before its target delete even though alarms sort last', () => {
    const plan = planOf([aGroupSpec({ deleted: true }), anAlarmSpec({ target: refTo(web), deleted: true })], [liveWeb, liveCpuHigh]);
    expect(plan.actions.map((a) => a.id)).toEqual([A, G]);
  });

  it('summarises like the tools users know: replace is an add and a destroy', () => {
    const plan = planOf(
      [anInstanceSpec({ ami: 'ami-0new0000000000000' }), anInstanceSpec({ name: 'db', instanceType: 't3.large' }), aGroupSpec(), anInstanceSpec({ name: 'old', deleted: true })],
      [live, observedInstanceOf(anInstanceSpec({ name: 'db' })), liveWeb, observedInstanceOf(anInstanceSpec({ name: 'old' }))],
    );
    expect(plan.summary).toEqual({ add: 1, change: 1, destroy: 2, unchanged: 1 });
    expect(plan.monthlyCostDelta).toBe(30.38); // +45.56 type change, -15.18 deleted instance
  });

  it('stamps now, never reads the clock, and leaves stats to the engine', () => {
    const plan = planOf([bastion], [live]);
    expect(plan.createdAt).toBe('2026-03-01T12:00:00.000Z');
    expect(plan.stats).toBeUndefined();
    expect(plan.formatVersion).toBe(1);
    expect(plan.envs).toEqual(['prod']);
  });

  it('plans only the listed environments', () => {
    const plan = planOf([bastion, anInstanceSpec({ env: 'dev' })], [], ['dev']);
    expect(plan.actions.map((a) => a.id)).toEqual(['dev/instance/bastion']);
  });

  it('lists a create\'s fields without empty lists (an empty list is no setting)', () => {
    const plan = planOf([anAlarmSpec({ okActions: [] })], []);
    const fields = plan.actions[0]!.changes.map((c) => c.field);
    expect(fields).toContain('alarm_actions');
    expect(fields).not.toContain('ok_actions');
    const emptied = planOf([anAlarmSpec({ alarmActions: [] })], [observedAlarmOf(anAlarmSpec())]);
    expect(emptied.actions[0]!.changes).toEqual([{ field: 'alarm_actions', old: ['arn:aws:sns:us-east-1:123456789012:ops-alerts'], new: [] }]);
  });

  it('keeps ids unique when two definitions share a name', () => {
    const plan = planOf([anInstanceSpec(), anInstanceSpec({ uuid: uuidFor('twin') })], []);
    expect(new Set(plan.actions.map((a) => a.id)).size).toBe(2);
  });

  it('names a second created group uniquely when two environments would collide', () => {
    // env "prod" + group "a-web" and env "prod-a" + group "web" both make "prod-a-web" in one account/region.
    const one = aGroupSpec({ name: 'a-web' });
    const two = aGroupSpec({ env: 'prod-a', name: 'web' });
    const plan = planOf([one, two], [], ['prod', 'prod-a']);
    const names = plan.actions.map((a) => a.resource.physicalId);
    expect(names[0]).toBe('prod-a-web');
    expect(names[1]).toMatch(/^prod-a-web-[0-9a-f]{8}$/);
  });

  it('never acts on a group member, even one carrying an instance definition uuid', () => {
    const member = observedInstanceOf(bastion, { memberOfGroup: 'prod-web' });
    const plan = planOf([], [member]);
    expect(plan.actions).toEqual([]);
    expect(plan.notices).toEqual([]);
  });

  it('keeps the instance id of the primary duplicate stable across orderings', () => {
    const a = observedInstanceOf(bastion, { id: instanceIdFor('a') });
    const b = observedInstanceOf(bastion, { id: instanceIdFor('b'), launchTime: '2026-02-01T00:00:00Z' });
    const p1 = planOf([bastion], [a, b]);
    const p2 = planOf([bastion], [b, a]);
    expect(p1.actions[0]!.resource.physicalId).toBe(a.id); // the older one
    expect(p2).toEqual(p1);
  });

  it('ranks each set of duplicates on its own, three of one uuid included, and reports every other one', () => {
    const web = anInstanceSpec({ name: 'web' });
    const copies = (spec: ResourceSpec & { kind: 'instance' }, n: number) =>
      Array.from({ length: n }, (_, i) => observedInstanceOf(spec, { id: instanceIdFor(`${spec.name}-${i}`), launchTime: `2026-01-0${i + 1}T00:00:00Z` }));
    const [b0, b1, b2] = copies(bastion, 3);
    const [w0, w1] = copies(web, 2);
    const groupA = observedGroupOf(aGroupSpec());
    const groupB = { ...observedGroupOf(aGroupSpec()), name: 'prod-web-copy' };
    const plan = planOf([bastion, web, aGroupSpec()], [w1!, b2!, groupB, b0!, w0!, groupA, b1!]);
    expect(plan.actions.map((a) => [a.id, a.type, a.resource.physicalId])).toEqual([
      ['prod/autoscaling-group/web', 'no-op', 'prod-web'],
      ['prod/instance/bastion', 'no-op', b0!.id],
      ['prod/instance/web', 'no-op', w0!.id],
    ]);
    const reported = plan.notices.map((n) => [n.physicalId, n.message.replace(/,.*/, '')]);
    expect(reported).toEqual(
      expect.arrayContaining([
        ['prod-web-copy', 'carries the same qm:uuid as prod-web'],
        [b1!.id, `carries the same qm:uuid as ${b0!.id}`],
        [b2!.id, `carries the same qm:uuid as ${b0!.id}`],
        [w1!.id, `carries the same qm:uuid as ${w0!.id}`],
      ]),
    );
    expect(plan.notices).toHaveLength(4);
  });
});
