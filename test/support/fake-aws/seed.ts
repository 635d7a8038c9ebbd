import { createHash } from 'node:crypto';
import { withTagFooter } from '../../../src/cloud/aws/alarm-tag-footer.js';
import type { FakeAwsOptions } from './fake-context.js';
import type { FakeAws } from './fake-aws-server.js';
import type { FakeGroup, FakeInstance, FakeRegion } from './fake-state.js';

/**
 * A synthetic fleet to preload, as Quartermaster would have made it: managed instances,
 * groups with members, a target-tracking policy each (with AWS's two policy alarms), managed
 * alarms carrying their tag footer, and unmanaged instances.
 */
export interface SyntheticFleet {
  region: string;
  /** Default: the fake's account. */
  account?: string;
  env: string;
  instances?: number;
  groups?: number;
  instancesPerGroup?: number;
  alarms?: number;
  unmanagedInstances?: number;
}

/** What `serve.ts --seed file.json` reads. */
export interface FakeAwsSeed {
  options?: FakeAwsOptions;
  fleets?: SyntheticFleet[];
}

const T0 = new Date('2026-01-15T10:00:00.000Z');
const AMI = 'ami-0abcdef1234567890';

/** Deterministic ids, so a seeded fleet is the same on every run. */
function hex(seed: string, digits: number): string {
  return createHash('sha256').update(seed).digest('hex').slice(0, digits);
}

export function uuidFor(seed: string): string {
  const h = hex(seed, 32);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

function instance(r: FakeRegion, seed: string, reservation: string, tags: Record<string, string>, group?: FakeInstance['group']): FakeInstance {
  const subnetId = `subnet-0a1b2c3d4e5f6000${seed.length % 3}`;
  return {
    id: `i-0${hex(seed, 16)}`,
    reservationId: `r-0${hex(reservation, 16)}`,
    state: 'running',
    stepsLeft: 0,
    instanceType: 't3.micro',
    ami: AMI,
    subnetId,
    securityGroupIds: ['sg-0123456789abcdef0'],
    monitoring: false,
    ebsOptimized: false,
    rootDeviceName: '/dev/xvda',
    volumeId: `vol-0${hex(`vol-${seed}`, 16)}`,
    volume: { sizeGiB: 8, volumeType: 'gp3', encrypted: true, tags },
    tags,
    launchTime: T0,
    availabilityZone: `${r.name}${'abc'[seed.length % 3]}`,
    ...(group ? { group } : {}),
  };
}

const managed = (env: string, name: string, seed: string) => ({ 'qm:env': env, 'qm:name': name, 'qm:uuid': uuidFor(seed), team: 'platform' });

/**
 * Writes the fleet straight into the fake's state (no HTTP), for benchmarks and E2E set-up.
 *
 * @example
 * seedSyntheticFleet(fake, { region: 'eu-west-1', env: 'prod', instances: 10_000, groups: 50, alarms: 100 });
 */
export function seedSyntheticFleet(fake: FakeAws, f: SyntheticFleet): void {
  const r = fake.region(f.region, f.account);
  const key = `${r.account}/${f.region}/${f.env}`;
  for (let n = 0; n < (f.instances ?? 0); n++) {
    const seed = `${key}/instance/${n}`;
    const i = instance(r, seed, `${key}/reservation/${Math.floor(n / 10)}`, managed(f.env, `app-${n}`, seed));
    r.instances.set(i.id, i);
  }
  for (let n = 0; n < (f.unmanagedInstances ?? 0); n++) {
    const seed = `${key}/unmanaged/${n}`;
    const i = instance(r, seed, seed, { Name: `hand-made-${n}` });
    r.instances.set(i.id, i);
  }
  for (let g = 0; g < (f.groups ?? 0); g++) {
    const name = `${f.env}-group-${g}`;
    const templateId = `lt-0${hex(`${key}/lt/${g}`, 16)}`;
    r.templates.set(templateId, {
      id: templateId,
      name,
      versions: [{ number: 1, data: { ImageId: AMI, InstanceType: 't3.micro', SecurityGroupId: ['sg-0123456789abcdef0'], Monitoring: { Enabled: 'true' } }, createTime: T0 }],
      defaultVersion: 1,
      tags: {},
      createTime: T0,
    });
    const tags = managed(f.env, `group-${g}`, `${key}/group/${g}`);
    const size = f.instancesPerGroup ?? 2;
    const group: FakeGroup = {
      name,
      arn: `arn:aws:autoscaling:${f.region}:${r.account}:autoScalingGroup:${uuidFor(name)}:autoScalingGroupName/${name}`,
      template: { id: templateId, name, version: '1' },
      min: 1,
      max: size * 2,
      desired: size,
      subnetIds: ['subnet-0a1b2c3d4e5f60001', 'subnet-0a1b2c3d4e5f60002'],
      availabilityZones: [],
      healthCheckType: 'EC2',
      healthCheckGracePeriod: 300,
      tags: Object.entries(tags).map(([k, v]) => ({ key: k, value: v, propagate: !k.startsWith('qm:') })),
      instanceIds: [],
      createdTime: T0,
    };
    for (let m = 0; m < size; m++) {
      const seed = `${key}/group/${g}/member/${m}`;
      const i = instance(r, seed, `${key}/group/${g}`, { team: 'platform', 'aws:autoscaling:groupName': name }, { name, templateId, templateName: name, version: '1' });
      r.instances.set(i.id, i);
      group.instanceIds.push(i.id);
    }
    r.groups.set(name, group);
    const alarmNames = ['AlarmHigh', 'AlarmLow'].map((k) => `TargetTracking-${name}-${k}-${uuidFor(`${name}/${k}`)}`);
    for (const a of alarmNames) {
      r.alarms.set(a, {
        name: a,
        arn: `arn:aws:cloudwatch:${f.region}:${r.account}:alarm:${a}`,
        input: { AlarmName: a, Namespace: 'AWS/EC2', MetricName: 'CPUUtilization', Dimensions: [{ Name: 'AutoScalingGroupName', Value: name }], Statistic: 'Average', Period: 60, EvaluationPeriods: 3, Threshold: 70, ComparisonOperator: 'GreaterThanThreshold' },
        tags: {},
        stateValue: 'OK',
        updated: T0,
      });
    }
    r.policies.push({
      groupName: name,
      name: 'cpu70',
      arn: `arn:aws:autoscaling:${f.region}:${r.account}:scalingPolicy:${uuidFor(`${name}/policy`)}:autoScalingGroupName/${name}:policyName/cpu70`,
      type: 'TargetTrackingScaling',
      config: { PredefinedMetricSpecification: { PredefinedMetricType: 'ASGAverageCPUUtilization' }, TargetValue: '70', DisableScaleIn: 'false' },
      alarmNames,
    });
  }
  for (let n = 0; n < (f.alarms ?? 0); n++) {
    const name = `${f.env}-alarm-${n}`;
    const tags = managed(f.env, `alarm-${n}`, `${key}/alarm/${n}`);
    r.alarms.set(name, {
      name,
      arn: `arn:aws:cloudwatch:${f.region}:${r.account}:alarm:${name}`,
      input: {
        AlarmName: name,
        AlarmDescription: withTagFooter('CPU high', tags, name),
        Namespace: 'AWS/EC2',
        MetricName: 'CPUUtilization',
        Dimensions: [{ Name: 'InstanceId', Value: `i-0${hex(`${key}/instance/${n}`, 16)}` }],
        Statistic: 'Average',
        Period: 300,
        EvaluationPeriods: 2,
        Threshold: 80,
        ComparisonOperator: 'GreaterThanThreshold',
      },
      tags,
      stateValue: 'OK',
      updated: T0,
    });
  }
}
