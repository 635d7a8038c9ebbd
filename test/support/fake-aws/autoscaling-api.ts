import { randomUUID } from 'node:crypto';
import { AUTOSCALING_POLICY_ACTIONS } from './autoscaling-policies-api.js';
import { AUTOSCALING_REFRESH_ACTIONS } from './autoscaling-refresh-api.js';
import { fakeInstanceType } from './fake-catalog.js';
import type { FakeContext, QueryHandler } from './fake-context.js';
import type { FakeGroup } from './fake-state.js';
import { group, maxRecords } from './autoscaling-common.js';
import { observeGroup, reconcileGroup, templateData, transition } from './lifecycle.js';
import { paginate } from './paginate.js';
import { arr, bool, FakeAwsError, num, obj, str, type Params } from './wire.js';
import { el, list, type XmlNode } from './xml.js';

const LT_INVALID = 'You must use a valid fully-formed launch template.';

/** The group's launch template as it will be stored, after AWS's checks on it. */
function checkedTemplate(ctx: FakeContext, spec: Params | undefined): FakeGroup['template'] {
  if (!spec) throw new FakeAwsError('ValidationError', 'Valid requests must contain either LaunchTemplate, LaunchConfigurationName, InstanceId or MixedInstancesPolicy parameter.');
  const id = str(spec, 'LaunchTemplateId');
  const name = str(spec, 'LaunchTemplateName');
  const t = id ? ctx.region.templates.get(id) : [...ctx.region.templates.values()].find((x) => x.name === name);
  if (!t) throw new FakeAwsError('ValidationError', `${LT_INVALID} The specified launch template, with template ${id ? `ID ${id}` : `name ${name}`}, does not exist.`);
  const version = str(spec, 'Version') ?? '$Default';
  const probe = { template: { id: t.id, name: t.name, version } } as FakeGroup;
  const data = templateData(ctx.region, probe);
  if (!data) throw new FakeAwsError('ValidationError', `${LT_INVALID} The specified launch template version ${version} does not exist.`);
  const ami = String(data.ImageId ?? '');
  if (!ctx.region.images.has(ami)) throw new FakeAwsError('ValidationError', `${LT_INVALID} The image id '[${ami}]' does not exist`);
  const type = String(data.InstanceType ?? '');
  if (!fakeInstanceType(type)) throw new FakeAwsError('ValidationError', `${LT_INVALID} The specified instance type ${type} is not valid.`);
  return { id: t.id, name: t.name, version };
}

function checkSizes(min: number, max: number, desired: number): void {
  if (max < min) throw new FakeAwsError('ValidationError', `Max bound, ${max}, must be greater than or equal to min bound, ${min}`);
  if (desired < min || desired > max) throw new FakeAwsError('ValidationError', `Desired capacity:${desired} must be between the specified min size:${min} and max size:${max}`);
}

function subnetsOf(p: Params): string[] {
  return (str(p, 'VPCZoneIdentifier') ?? '').split(',').map((s) => s.trim()).filter(Boolean);
}

function zonesOf(ctx: FakeContext, g: FakeGroup): string[] {
  if (g.subnetIds.length === 0) return g.availabilityZones;
  const zones = g.subnetIds.map((s) => `${ctx.region.name}${'abc'[(s.charCodeAt(s.length - 1) || 0) % 3]}`);
  return [...new Set(zones)].sort();
}

function tagsIn(p: Params, groupName: string): FakeGroup['tags'] {
  return arr(p, 'Tags').map((t) => {
    const key = str(t, 'Key') ?? '';
    if (key.toLowerCase().startsWith('aws:')) throw new FakeAwsError('ValidationError', "Tag keys starting with 'aws:' are reserved for internal use");
    const resource = str(t, 'ResourceId');
    if (resource && resource !== groupName) throw new FakeAwsError('ValidationError', `Tag ResourceId ${resource} does not match group ${groupName}`);
    return { key, value: str(t, 'Value') ?? '', propagate: bool(t, 'PropagateAtLaunch') ?? false };
  });
}

const createGroup: QueryHandler = (ctx) => {
  const p = ctx.params;
  const name = str(p, 'AutoScalingGroupName') ?? '';
  if (ctx.region.groups.has(name)) throw new FakeAwsError('AlreadyExists', `AutoScalingGroup by this name already exists - A group with the name ${name} already exists`);
  const template = checkedTemplate(ctx, obj(p, 'LaunchTemplate'));
  const min = num(p, 'MinSize') ?? 0;
  const max = num(p, 'MaxSize') ?? 0;
  const desired = num(p, 'DesiredCapacity') ?? min;
  checkSizes(min, max, desired);
  const subnetIds = subnetsOf(p);
  const availabilityZones = arr<string>(p, 'AvailabilityZones');
  if (subnetIds.length === 0 && availabilityZones.length === 0) throw new FakeAwsError('ValidationError', 'At least one Availability Zone or VPC Subnet is required.');
  const g: FakeGroup = {
    name,
    arn: `arn:aws:autoscaling:${ctx.region.name}:${ctx.region.account}:autoScalingGroup:${randomUUID()}:autoScalingGroupName/${name}`,
    template,
    min,
    max,
    desired,
    subnetIds,
    availabilityZones,
    healthCheckType: str(p, 'HealthCheckType') ?? 'EC2',
    healthCheckGracePeriod: num(p, 'HealthCheckGracePeriod') ?? 0,
    tags: tagsIn(p, name),
    instanceIds: [],
    createdTime: ctx.now(),
  };
  ctx.region.groups.set(name, g);
  reconcileGroup(ctx.region, g, ctx.opts, ctx.now());
  return undefined;
};

const updateGroup: QueryHandler = (ctx) => {
  const p = ctx.params;
  const g = group(ctx, str(p, 'AutoScalingGroupName'));
  const template = obj(p, 'LaunchTemplate') ? checkedTemplate(ctx, obj(p, 'LaunchTemplate')) : g.template;
  const min = num(p, 'MinSize') ?? g.min;
  const max = num(p, 'MaxSize') ?? g.max;
  const asked = num(p, 'DesiredCapacity');
  // Without an explicit desired capacity, AWS moves it into the new bounds.
  const desired = asked ?? Math.min(Math.max(g.desired, min), max);
  checkSizes(min, max, desired);
  Object.assign(g, { template, min, max, desired });
  const subnets = subnetsOf(p);
  if (subnets.length > 0) g.subnetIds = subnets;
  const zones = arr<string>(p, 'AvailabilityZones');
  if (zones.length > 0) g.availabilityZones = zones;
  g.healthCheckType = str(p, 'HealthCheckType') ?? g.healthCheckType;
  g.healthCheckGracePeriod = num(p, 'HealthCheckGracePeriod') ?? g.healthCheckGracePeriod;
  reconcileGroup(ctx.region, g, ctx.opts, ctx.now());
  return undefined;
};

const deleteGroup: QueryHandler = (ctx) => {
  const p = ctx.params;
  const g = group(ctx, str(p, 'AutoScalingGroupName'));
  const live = g.instanceIds.filter((id) => ctx.region.instances.get(id)?.state !== 'terminated');
  if (live.length > 0 && !bool(p, 'ForceDelete')) {
    throw new FakeAwsError('ResourceInUse', 'You cannot delete an AutoScalingGroup while there are instances or pending Spot instance request(s) still in the group.');
  }
  for (const id of live) {
    const i = ctx.region.instances.get(id);
    if (i && i.state !== 'shutting-down') transition(i, 'shutting-down', ctx.opts);
  }
  for (const policy of ctx.region.policies.filter((x) => x.groupName === g.name)) for (const a of policy.alarmNames) ctx.region.alarms.delete(a);
  ctx.region.policies = ctx.region.policies.filter((x) => x.groupName !== g.name);
  g.status = 'Delete in progress';
  g.deleteStepsLeft = ctx.opts.transitionDescribes;
  return undefined;
};

function lifecycleOf(state: string | undefined): string {
  if (state === 'pending') return 'Pending';
  if (state === 'shutting-down' || state === 'terminated') return 'Terminating';
  return 'InService';
}

function groupXml(ctx: FakeContext, g: FakeGroup): XmlNode[] {
  const lt = (v: { id: string; name: string; version: string }) => [el('LaunchTemplateId', v.id), el('LaunchTemplateName', v.name), el('Version', v.version)];
  return [
    el('AutoScalingGroupName', g.name),
    el('AutoScalingGroupARN', g.arn),
    el('LaunchTemplate', lt(g.template)),
    el('MinSize', g.min),
    el('MaxSize', g.max),
    el('DesiredCapacity', g.desired),
    el('DefaultCooldown', 300),
    list('AvailabilityZones', zonesOf(ctx, g), 'member', (z) => z),
    el('LoadBalancerNames', []),
    el('TargetGroupARNs', []),
    el('HealthCheckType', g.healthCheckType),
    el('HealthCheckGracePeriod', g.healthCheckGracePeriod),
    list('Instances', g.instanceIds.map((id) => ctx.region.instances.get(id)).filter((i) => i !== undefined), 'member', (i) => [
      el('InstanceId', i.id),
      el('InstanceType', i.instanceType),
      el('AvailabilityZone', i.availabilityZone),
      el('LifecycleState', lifecycleOf(i.state)),
      el('HealthStatus', i.state === 'stopped' || i.state === 'stopping' ? 'Unhealthy' : 'Healthy'),
      el('LaunchTemplate', lt({ id: i.group?.templateId ?? '', name: i.group?.templateName ?? '', version: i.group?.version ?? '' })),
      el('ProtectedFromScaleIn', false),
    ]),
    el('CreatedTime', g.createdTime),
    el('SuspendedProcesses', []),
    el('VPCZoneIdentifier', g.subnetIds.length > 0 ? g.subnetIds.join(',') : undefined),
    el('EnabledMetrics', []),
    list('Tags', g.tags, 'member', (t) => [
      el('ResourceId', g.name),
      el('ResourceType', 'auto-scaling-group'),
      el('Key', t.key),
      el('Value', t.value),
      el('PropagateAtLaunch', t.propagate),
    ]),
    list('TerminationPolicies', ['Default'], 'member', (x) => x),
    el('NewInstancesProtectedFromScaleIn', false),
    el('ServiceLinkedRoleARN', `arn:aws:iam::${ctx.region.account}:role/aws-service-role/autoscaling.amazonaws.com/AWSServiceRoleForAutoScaling`),
    el('Status', g.status),
  ];
}

function groupMatches(g: FakeGroup, f: { name: string; values: string[] }): boolean {
  if (f.name.startsWith('tag:')) {
    const key = f.name.slice(4);
    return g.tags.some((t) => t.key === key && f.values.includes(t.value));
  }
  if (f.name === 'tag-key') return g.tags.some((t) => f.values.includes(t.key));
  if (f.name === 'tag-value') return g.tags.some((t) => f.values.includes(t.value));
  throw new FakeAwsError('ValidationError', `Filter name ${f.name} is not valid.`);
}

const describeGroups: QueryHandler = (ctx) => {
  const p = ctx.params;
  const names = arr<string>(p, 'AutoScalingGroupNames');
  const filters = arr(p, 'Filters').map((f) => ({ name: str(f, 'Name') ?? '', values: arr<string>(f, 'Values') }));
  const size = maxRecords(p, 50);
  for (const g of [...ctx.region.groups.values()]) if (names.length === 0 || names.includes(g.name)) observeGroup(ctx.region, g, ctx.opts, ctx.now());
  const selected = [...ctx.region.groups.values()]
    .filter((g) => (names.length === 0 || names.includes(g.name)) && filters.every((f) => groupMatches(g, f)))
    .sort((a, b) => a.name.localeCompare(b.name));
  const { page, nextToken } = paginate(selected, size, str(p, 'NextToken'), 'autoscaling:DescribeAutoScalingGroups');
  return [list('AutoScalingGroups', page, 'member', (g) => groupXml(ctx, g)), el('NextToken', nextToken)];
};

const createOrUpdateTags: QueryHandler = (ctx) => {
  for (const t of arr(ctx.params, 'Tags')) {
    const g = group(ctx, str(t, 'ResourceId'));
    const [tag] = tagsIn({ Tags: [t] }, g.name);
    if (!tag) continue;
    g.tags = [...g.tags.filter((x) => x.key !== tag.key), tag].sort((a, b) => a.key.localeCompare(b.key));
  }
  return undefined;
};

const deleteTags: QueryHandler = (ctx) => {
  for (const t of arr(ctx.params, 'Tags')) {
    const g = group(ctx, str(t, 'ResourceId'));
    g.tags = g.tags.filter((x) => x.key !== str(t, 'Key'));
  }
  return undefined;
};

export const AUTOSCALING_ACTIONS: Record<string, QueryHandler> = {
  CreateAutoScalingGroup: createGroup,
  UpdateAutoScalingGroup: updateGroup,
  DeleteAutoScalingGroup: deleteGroup,
  DescribeAutoScalingGroups: describeGroups,
  ...AUTOSCALING_REFRESH_ACTIONS,
  ...AUTOSCALING_POLICY_ACTIONS,
  CreateOrUpdateTags: createOrUpdateTags,
  DeleteTags: deleteTags,
};
