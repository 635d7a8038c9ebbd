import { createHash } from 'node:crypto';
import { fakeInstanceType } from './fake-catalog.js';
import type { FakeContext, QueryHandler } from './fake-context.js';
import { newId, type FakeInstance } from './fake-state.js';
import { reservationSet, reservationXml, instanceState } from './ec2-render.js';
import { launchInstance, settle, tick, transition, usedVcpus } from './lifecycle.js';
import { pageSize, paginate } from './paginate.js';
import { arr, bool, FakeAwsError, num, obj, str, type Params } from './wire.js';
import { el, list } from './xml.js';

const INSTANCE_ID = /^i-([0-9a-f]{8}|[0-9a-f]{17})$/;
const AMI_ID = /^ami-([0-9a-f]{8}|[0-9a-f]{17})$/;
/** EC2's limit on filter values in one describe call. */
const MAX_FILTER_VALUES = 200;

export function findInstances(ctx: FakeContext, ids: string[]): FakeInstance[] {
  return ids.map((id) => {
    if (!INSTANCE_ID.test(id)) throw new FakeAwsError('InvalidInstanceID.Malformed', `Invalid id: "${id}"`);
    const i = ctx.region.instances.get(id);
    if (!i) throw new FakeAwsError('InvalidInstanceID.NotFound', `The instance ID '${id}' does not exist`);
    return i;
  });
}

/** Tags of one resource type from TagSpecification.N. */
export function specTags(p: Params, resourceType: string): Record<string, string> {
  const spec = arr(p, 'TagSpecification').find((s) => str(s, 'ResourceType') === resourceType);
  return spec ? tagRecord(arr(spec, 'Tag')) : {};
}

export function tagRecord(tags: Params[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const t of tags) {
    const key = str(t, 'Key') ?? '';
    if (key.toLowerCase().startsWith('aws:')) throw new FakeAwsError('InvalidParameterValue', "Tag keys starting with 'aws:' are reserved for internal use");
    out[key] = str(t, 'Value') ?? '';
  }
  return out;
}

type Filter = { name: string; values: string[] };

function matches(i: FakeInstance, f: Filter): boolean {
  if (f.name.startsWith('tag:')) {
    const v = i.tags[f.name.slice(4)];
    return v !== undefined && f.values.some((x) => wildcard(x).test(v));
  }
  switch (f.name) {
    case 'tag-key':
      return f.values.some((k) => k in i.tags);
    case 'tag-value':
      return Object.values(i.tags).some((v) => f.values.includes(v));
    case 'instance-state-name':
      return f.values.includes(i.state);
    case 'instance-id':
      return f.values.includes(i.id);
    case 'instance-type':
      return f.values.includes(i.instanceType);
    case 'image-id':
      return f.values.includes(i.ami);
    case 'subnet-id':
      return f.values.includes(i.subnetId);
    default:
      throw new FakeAwsError('InvalidParameterValue', `The filter '${f.name}' is invalid`);
  }
}

/** EC2 filter values accept * and ? wildcards. */
function wildcard(v: string): RegExp {
  return new RegExp(`^${v.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.')}$`);
}

const describeInstances: QueryHandler = (ctx) => {
  const p = ctx.params;
  const ids = arr<string>(p, 'InstanceId');
  const max = num(p, 'MaxResults');
  if (ids.length > 0 && max !== undefined) {
    throw new FakeAwsError('InvalidParameterCombination', 'The parameter instancesSet cannot be used with the parameter maxResults');
  }
  const filters: Filter[] = arr(p, 'Filter').map((f) => ({ name: str(f, 'Name') ?? '', values: arr<string>(f, 'Value') }));
  if (filters.reduce((n, f) => n + f.values.length, 0) > MAX_FILTER_VALUES) {
    throw new FakeAwsError('FilterLimitExceeded', `The maximum number of filter values specified on a single call is ${MAX_FILTER_VALUES}`);
  }
  const candidates = ids.length > 0 ? findInstances(ctx, ids) : [...ctx.region.instances.values()];
  candidates.forEach(settle);
  const selected = candidates.filter((i) => filters.every((f) => matches(i, f)));
  const size = pageSize(max, 5, 1000, 1000, 'InvalidParameterValue', 'maxResults');
  const { page, nextToken } = paginate(selected, size, str(p, 'NextToken'), 'ec2:DescribeInstances');
  const xml = [reservationSet(ctx.region, page), el('nextToken', nextToken)];
  page.forEach(tick);
  return xml;
};

/** A hash of every parameter but the token, for IdempotentParameterMismatch. */
export function requestHash(p: Params): string {
  const { ClientToken: _token, ...rest } = p;
  return createHash('sha256').update(canonical(rest)).digest('hex');
}

function canonical(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonical).join(',')}]`;
  if (v && typeof v === 'object') {
    return `{${Object.keys(v)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonical((v as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(v);
}

const runInstances: QueryHandler = (ctx) => {
  const p = ctx.params;
  const token = str(p, 'ClientToken');
  const tokenKey = token ? `RunInstances|${token}` : undefined;
  const previous = tokenKey ? ctx.region.tokens.get(tokenKey) : undefined;
  if (previous) {
    if (previous.hash !== requestHash(p)) {
      throw new FakeAwsError('IdempotentParameterMismatch', 'Arguments on this idempotent request are inconsistent with arguments used in previous request(s).');
    }
    const instances = previous.result.map((id) => ctx.region.instances.get(id)).filter((i): i is FakeInstance => !!i);
    return reservationXml(ctx.region, instances);
  }
  const ami = str(p, 'ImageId') ?? '';
  if (!AMI_ID.test(ami)) throw new FakeAwsError('InvalidAMIID.Malformed', `Invalid id: "${ami}" (expecting "ami-...")`);
  const image = ctx.region.images.get(ami);
  if (!image) throw new FakeAwsError('InvalidAMIID.NotFound', `The image id '[${ami}]' does not exist`);
  const instanceType = str(p, 'InstanceType') ?? 'm1.small';
  const type = fakeInstanceType(instanceType);
  if (!type) throw new FakeAwsError('InvalidParameterValue', `Invalid value '${instanceType}' for InstanceType.`);
  if (type.architecture !== image.architecture) {
    throw new FakeAwsError(
      'InvalidParameterValue',
      `The architecture '${type.architecture}' of the specified instance type does not match the architecture '${image.architecture}' of the specified AMI. Specify an instance type and an AMI that have matching architectures, and try again. You can use 'describe-instance-types' or 'describe-images' to discover the architecture of the instance type or AMI.`,
    );
  }
  const count = num(p, 'MinCount') ?? 1;
  const subnetId = str(p, 'SubnetId') ?? 'subnet-default';
  if (ctx.opts.noCapacityFor.has(instanceType)) {
    const zone = `${ctx.region.name}a`;
    throw new FakeAwsError(
      'InsufficientInstanceCapacity',
      `We currently do not have sufficient ${instanceType} capacity in the Availability Zone you requested (${zone}). Our system will be working on provisioning additional capacity. You can currently get ${instanceType} capacity by not specifying an Availability Zone in your request or choosing ${ctx.region.name}b, ${ctx.region.name}c.`,
      500,
    );
  }
  const vcpuOf = (t: string) => fakeInstanceType(t)?.vcpu ?? 1;
  if (usedVcpus(ctx.region, vcpuOf) + type.vcpu * count > ctx.opts.vcpuLimit) {
    throw new FakeAwsError(
      'VcpuLimitExceeded',
      `You have requested more vCPU capacity than your current vCPU limit of ${ctx.opts.vcpuLimit} allows for the instance bucket that the specified instance type belongs to. Please visit http://aws.amazon.com/contact-us/ec2-request to request an adjustment to this limit.`,
    );
  }
  const bdm = arr(p, 'BlockDeviceMapping')[0];
  const ebs = bdm ? obj(bdm, 'Ebs') : undefined;
  const tags = specTags(p, 'instance');
  const reservationId = newId('r');
  const instances: FakeInstance[] = [];
  for (let n = 0; n < count; n++) {
    instances.push(
      launchInstance(
        ctx.region,
        {
          instanceType,
          ami,
          subnetId,
          securityGroupIds: arr<string>(p, 'SecurityGroupId'),
          keyName: str(p, 'KeyName'),
          monitoring: bool(obj(p, 'Monitoring') ?? {}, 'Enabled') ?? false,
          ebsOptimized: bool(p, 'EbsOptimized') ?? false,
          userData: str(p, 'UserData'),
          rootDeviceName: image.rootDeviceName,
          volume: {
            sizeGiB: num(ebs ?? {}, 'VolumeSize') ?? 8,
            volumeType: str(ebs ?? {}, 'VolumeType') ?? 'gp2',
            encrypted: bool(ebs ?? {}, 'Encrypted') ?? false,
            iops: num(ebs ?? {}, 'Iops'),
            tags: specTags(p, 'volume'),
          },
          tags,
          clientToken: token,
        },
        reservationId,
        ctx.now(),
        ctx.opts,
      ),
    );
  }
  if (tokenKey) ctx.region.tokens.set(tokenKey, { hash: requestHash(p), result: instances.map((i) => i.id) });
  return reservationXml(ctx.region, instances);
};

function stateChanges(ctx: FakeContext, apply: (i: FakeInstance) => void): ReturnType<QueryHandler> {
  const instances = findInstances(ctx, arr<string>(ctx.params, 'InstanceId'));
  instances.forEach(settle);
  const changes = instances.map((i) => {
    const previous = i.state;
    apply(i);
    return { i, previous };
  });
  return [
    list('instancesSet', changes, 'item', ({ i, previous }) => [
      el('instanceId', i.id),
      el('currentState', instanceState(i.state)),
      el('previousState', instanceState(previous)),
    ]),
  ];
}

const startInstances: QueryHandler = (ctx) =>
  stateChanges(ctx, (i) => {
    if (i.state === 'running' || i.state === 'pending') return;
    if (i.state !== 'stopped') throw new FakeAwsError('IncorrectInstanceState', `The instance '${i.id}' is not in a state from which it can be started.`);
    const type = fakeInstanceType(i.instanceType);
    if (ctx.opts.noCapacityFor.has(i.instanceType)) {
      throw new FakeAwsError('InsufficientInstanceCapacity', `Insufficient capacity for ${i.instanceType} in ${i.availabilityZone}.`, 500);
    }
    if (type && usedVcpus(ctx.region, (t) => fakeInstanceType(t)?.vcpu ?? 1) + type.vcpu > ctx.opts.vcpuLimit) {
      throw new FakeAwsError('VcpuLimitExceeded', `You have requested more vCPU capacity than your current vCPU limit of ${ctx.opts.vcpuLimit} allows.`);
    }
    transition(i, 'pending', ctx.opts);
  });

const stopInstances: QueryHandler = (ctx) =>
  stateChanges(ctx, (i) => {
    if (i.state === 'stopped' || i.state === 'stopping') return;
    if (i.state !== 'running') throw new FakeAwsError('IncorrectInstanceState', `This instance '${i.id}' is not in a state from which it can be stopped.`);
    transition(i, 'stopping', ctx.opts);
  });

const terminateInstances: QueryHandler = (ctx) =>
  stateChanges(ctx, (i) => {
    if (i.state === 'terminated' || i.state === 'shutting-down') return;
    transition(i, 'shutting-down', ctx.opts);
  });

const modifyInstanceAttribute: QueryHandler = (ctx) => {
  const p = ctx.params;
  const [i] = findInstances(ctx, [str(p, 'InstanceId') ?? '']);
  if (!i) return undefined;
  settle(i);
  const needsStopped = () => {
    if (i.state !== 'stopped') throw new FakeAwsError('IncorrectInstanceState', `The instance '${i.id}' is not in the 'stopped' state.`);
  };
  const typeValue = str(obj(p, 'InstanceType') ?? {}, 'Value');
  if (typeValue !== undefined) {
    const type = fakeInstanceType(typeValue);
    if (!type) throw new FakeAwsError('InvalidInstanceAttributeValue', `Value (${typeValue}) for parameter instanceType is invalid. Unknown instance type.`);
    needsStopped();
    const arch = ctx.region.images.get(i.ami)?.architecture;
    if (arch && arch !== type.architecture) {
      throw new FakeAwsError(
        'InvalidInstanceAttributeValue',
        `The architecture '${type.architecture}' of the specified instance type does not match the architecture '${arch}' of the specified AMI.`,
      );
    }
    i.instanceType = typeValue;
    return [el('return', true)];
  }
  const ebs = bool(obj(p, 'EbsOptimized') ?? {}, 'Value');
  if (ebs !== undefined) {
    needsStopped();
    i.ebsOptimized = ebs;
    return [el('return', true)];
  }
  const userData = str(obj(p, 'UserData') ?? {}, 'Value');
  if (userData !== undefined) {
    needsStopped();
    i.userData = userData;
    return [el('return', true)];
  }
  const groups = arr<string>(p, 'GroupId');
  if (groups.length > 0) {
    i.securityGroupIds = groups;
    return [el('return', true)];
  }
  throw new FakeAwsError('MissingParameter', 'No attributes specified.');
};

function monitoring(enabled: boolean): QueryHandler {
  return (ctx) => {
    const instances = findInstances(ctx, arr<string>(ctx.params, 'InstanceId'));
    for (const i of instances) i.monitoring = enabled;
    return [list('instancesSet', instances, 'item', (i) => [el('instanceId', i.id), el('monitoring', [el('state', enabled ? 'pending' : 'disabling')])])];
  };
}

/** CreateTags/DeleteTags work on instances and on launch templates by id. */
function taggable(ctx: FakeContext, id: string): Record<string, string> {
  if (id.startsWith('lt-')) {
    const t = ctx.region.templates.get(id);
    if (!t) throw new FakeAwsError('InvalidLaunchTemplateId.NotFound', `The specified launch template, with template ID ${id}, does not exist.`);
    return t.tags;
  }
  const [i] = findInstances(ctx, [id]);
  return i?.tags ?? {};
}

const createTags: QueryHandler = (ctx) => {
  const set = tagRecord(arr(ctx.params, 'Tag'));
  for (const id of arr<string>(ctx.params, 'ResourceId')) Object.assign(taggable(ctx, id), set);
  return [el('return', true)];
};

const deleteTags: QueryHandler = (ctx) => {
  const tags = arr(ctx.params, 'Tag');
  for (const id of arr<string>(ctx.params, 'ResourceId')) {
    const target = taggable(ctx, id);
    for (const t of tags) {
      const key = str(t, 'Key') ?? '';
      const value = str(t, 'Value');
      if (value === undefined || target[key] === value) delete target[key];
    }
  }
  return [el('return', true)];
};

const describeImages: QueryHandler = (ctx) => {
  const ids = arr<string>(ctx.params, 'ImageId');
  const images = ids.map((id) => {
    if (!AMI_ID.test(id)) throw new FakeAwsError('InvalidAMIID.Malformed', `Invalid id: "${id}" (expecting "ami-...")`);
    const image = ctx.region.images.get(id);
    if (!image) throw new FakeAwsError('InvalidAMIID.NotFound', `The image id '[${id}]' does not exist`);
    return image;
  });
  return [
    list('imagesSet', images, 'item', (im) => [
      el('imageId', im.id),
      el('imageLocation', `amazon/${im.name}`),
      el('imageState', 'available'),
      el('imageOwnerId', '137112412989'),
      el('isPublic', true),
      el('architecture', im.architecture),
      el('imageType', 'machine'),
      el('name', im.name),
      el('rootDeviceType', 'ebs'),
      el('rootDeviceName', im.rootDeviceName),
      el('virtualizationType', 'hvm'),
      el('hypervisor', 'xen'),
    ]),
  ];
};

export const EC2_INSTANCE_ACTIONS: Record<string, QueryHandler> = {
  DescribeInstances: describeInstances,
  RunInstances: runInstances,
  StartInstances: startInstances,
  StopInstances: stopInstances,
  TerminateInstances: terminateInstances,
  ModifyInstanceAttribute: modifyInstanceAttribute,
  MonitorInstances: monitoring(true),
  UnmonitorInstances: monitoring(false),
  CreateTags: createTags,
  DeleteTags: deleteTags,
  DescribeImages: describeImages,
};
