import { managedTags, physicalName } from '../../model/identity.js';
import type {
  AlarmSpec,
  AutoScalingGroupSpec,
  InstanceSpec,
  LaunchTemplateSpec,
  ResourceSpec,
  RootVolume,
  TargetTrackingPolicy,
} from '../../model/resources.js';
import type { EnvTarget } from '../provider.js';
import { launchMember } from './group-settle.js';
import { addInstance } from './seed-instances.js';
import { createSeededRandom } from './seeded-random.js';
import { DEFAULT_SIM_ACCOUNT_ID } from './sim-options.js';
import { nextLaunchTemplateId } from './sim-ids.js';
import type { SimProvider } from './sim-provider.js';
import { regionKey, type SimGroup } from './sim-state.js';

export interface SyntheticFleetOptions {
  /** Environment names, or how many (`env-1`, `env-2`...). Default 4. */
  envs?: readonly string[] | number;
  instancesPerEnv: number;
  groupsPerEnv: number;
  /** Running members per group (desired capacity). Default 2. */
  membersPerGroup?: number;
  /** Alarms per environment, each on one group's CPU. Default: one per group. */
  alarmsPerEnv?: number;
  /** Region of each environment. Default us-east-1, us-west-2, eu-west-1, ap-southeast-2 in turn. */
  regions?: readonly string[];
  accountId?: string;
  /** Seeds the uuids. Default 7. */
  seed?: number;
}

export interface SyntheticFleet {
  targets: EnvTarget[];
  /** The desired model matching what was created (no qm: keys in tags), for plans and benchmarks. */
  resources: ResourceSpec[];
  counts: { instances: number; groups: number; members: number; alarms: number };
}

const REGIONS = ['us-east-1', 'us-west-2', 'eu-west-1', 'ap-southeast-2'];
const TYPES = ['t3.micro', 't3.small', 't3.medium', 'm5.large'];
const AMI = 'ami-0abcdef1234567890';
const ROOT: RootVolume = { sizeGiB: 16, volumeType: 'gp3', encrypted: true };
const CPU70: TargetTrackingPolicy = { name: 'cpu70', metric: 'ASGAverageCPUUtilization', targetValue: 70, disableScaleIn: false };

/**
 * Builds a large managed fleet straight into the sim (not counted), and returns the desired
 * resources that describe it, so a plan over it is a no-op until something changes.
 * Fast: 10,000 instances and 200 groups take a few tens of milliseconds, plus one file write.
 *
 * @example
 * const fleet = generateSyntheticFleet(sim, { envs: 4, instancesPerEnv: 2500, groupsPerEnv: 50 });
 * await sim.readEnvironment(fleet.targets[0]);
 */
export function generateSyntheticFleet(sim: SimProvider, opts: SyntheticFleetOptions): SyntheticFleet {
  const envs = typeof opts.envs === 'number' || opts.envs === undefined ? Array.from({ length: opts.envs ?? 4 }, (_, i) => `env-${i + 1}`) : [...opts.envs];
  const regions = opts.regions ?? REGIONS;
  const accountId = opts.accountId ?? DEFAULT_SIM_ACCOUNT_ID;
  const membersPerGroup = opts.membersPerGroup ?? 2;
  const alarmsPerEnv = opts.alarmsPerEnv ?? opts.groupsPerEnv;
  const random = createSeededRandom(opts.seed ?? 7);
  const uuid = () => {
    const hex = Array.from({ length: 32 }, () => Math.floor(random() * 16).toString(16)).join('');
    return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
  };
  const resources: ResourceSpec[] = [];
  const targets: EnvTarget[] = [];
  const counts = { instances: 0, groups: 0, members: 0, alarms: 0 };

  sim.editState((state, now) => {
    const launched = now - 24 * 3600_000;
    envs.forEach((env, e) => {
      const region = regions[e % regions.length] ?? 'us-east-1';
      targets.push({ env, region, accountId });
      const defaultTags = { team: `team-${e + 1}`, 'cost-center': 'synthetic' };
      const subnets = [0, 1, 2].map((z) => `subnet-0${(e * 16 + z).toString(16).padStart(16, '0')}`);
      const securityGroupIds = [`sg-0${(e + 1).toString(16).padStart(16, '0')}`];
      const source = (file: string, line: number) => ({ file: `environments/${env}/${file}`, line, col: 1 });

      for (let i = 0; i < opts.instancesPerEnv; i++) {
        const name = `app-${i + 1}`;
        const id = { env, name, uuid: uuid() };
        const instanceType = TYPES[i % TYPES.length] ?? 't3.micro';
        const subnetId = subnets[i % subnets.length] ?? '';
        addInstance(state, now, {
          region,
          tags: managedTags(defaultTags, id),
          instanceType,
          ami: AMI,
          subnetId,
          securityGroupIds,
          rootVolume: ROOT,
          launchTime: new Date(launched),
        });
        const spec: InstanceSpec = {
          kind: 'instance',
          ...id,
          tags: { ...defaultTags },
          deleted: false,
          source: source('instances.yml', i * 6 + 1),
          instanceType,
          ami: AMI,
          subnetId,
          securityGroupIds: [...securityGroupIds],
          monitoring: false,
          ebsOptimized: false,
          rootVolume: { ...ROOT },
          state: 'running',
        };
        resources.push(spec);
        counts.instances++;
      }

      const groupRefs: { name: string; uuid: string; physical: string }[] = [];
      for (let g = 0; g < opts.groupsPerEnv; g++) {
        const name = `svc-${g + 1}`;
        const id = { env, name, uuid: uuid() };
        const physical = physicalName(env, name);
        const template: LaunchTemplateSpec = { ami: AMI, instanceType: 't3.small', securityGroupIds: [...securityGroupIds], monitoring: true, rootVolume: { ...ROOT } };
        const tags = managedTags(defaultTags, id);
        const templateId = nextLaunchTemplateId(state);
        state.launchTemplates.set(templateId, { id: templateId, name: physical, region, tags: { ...tags }, versions: [structuredClone(template)] });
        const group: SimGroup = {
          name: physical,
          region,
          tags,
          launchTemplate: { id: templateId, version: '1' },
          minSize: Math.min(1, membersPerGroup),
          maxSize: Math.max(5, membersPerGroup),
          desiredCapacity: membersPerGroup,
          subnetIds: [...subnets],
          availabilityZones: [],
          healthCheck: { type: 'EC2', gracePeriodSeconds: 300 },
          policies: [{ ...CPU70 }],
          refreshes: [],
          createdAt: launched,
        };
        state.groups.set(regionKey(region, physical), group);
        for (let m = 0; m < membersPerGroup; m++) launchMember(state, group, m, launched);
        const spec: AutoScalingGroupSpec = {
          kind: 'autoscaling-group',
          ...id,
          tags: { ...defaultTags },
          deleted: false,
          source: source('groups.yml', g * 12 + 1),
          launchTemplate: template,
          minSize: group.minSize,
          maxSize: group.maxSize,
          desiredCapacity: membersPerGroup,
          subnetIds: [...subnets],
          availabilityZones: [],
          scalingPolicies: [{ ...CPU70 }],
          healthCheck: { ...group.healthCheck },
        };
        resources.push(spec);
        groupRefs.push({ name, uuid: id.uuid, physical });
        counts.groups++;
        counts.members += membersPerGroup;
      }

      for (let a = 0; a < alarmsPerEnv && groupRefs.length > 0; a++) {
        const ref = groupRefs[a % groupRefs.length];
        if (!ref) continue;
        const name = `${ref.name}-cpu-high${a >= groupRefs.length ? `-${a}` : ''}`;
        const id = { env, name, uuid: uuid() };
        const base = {
          namespace: 'AWS/EC2',
          metricName: 'CPUUtilization',
          statistic: 'Average' as const,
          periodSeconds: 300,
          evaluationPeriods: 2,
          threshold: 85,
          comparison: 'GreaterThanThreshold' as const,
          treatMissingData: 'missing' as const,
          alarmActions: [],
          okActions: [],
        };
        state.alarms.set(regionKey(region, physicalName(env, name)), {
          ...base,
          name: physicalName(env, name),
          region,
          tags: managedTags(defaultTags, id),
          dimensions: { AutoScalingGroupName: ref.physical },
          stateValue: 'OK',
          updatedAt: launched,
        });
        const spec: AlarmSpec = {
          kind: 'alarm',
          ...id,
          tags: { ...defaultTags },
          deleted: false,
          source: source('alarms.yml', a * 10 + 1),
          ...base,
          dimensions: {},
          target: { kind: 'autoscaling-group', name: ref.name, uuid: ref.uuid },
        };
        resources.push(spec);
        counts.alarms++;
      }
    });
  });
  return { targets, resources, counts };
}
