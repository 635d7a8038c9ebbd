/**
 * A definitions repository of N instances written as YAML, matching a synthetic fleet seeded into
 * a sim, for the whole-process plan benchmark (bench/plan-yaml.ts) and the golden plan test
 * (test/plan/golden-plan.test.ts). Realistic on purpose: several environments, resource files of
 * 50 to 200 resources, groups with scaling policies, alarms on them, comments, user data on some
 * instances, one instance in a hundred of another type in git, and a few instances not yet created.
 */
import { createSeededRandom, generateSyntheticFleet, type SimProvider } from '../src/cloud/sim/index.js';
import type { AlarmSpec, AutoScalingGroupSpec, InstanceSpec } from '../src/model/resources.js';

export interface SyntheticRepositoryOptions {
  /** Instances in the repository (spread over the environments). */
  instances: number;
  /** Default 4. */
  envs?: number;
  /** Seeds the uuids. Default 7. */
  seed?: number;
}

export interface SyntheticRepository {
  /** Relative path (forward slashes) -> YAML text. */
  files: Record<string, string>;
  counts: { instances: number; groups: number; alarms: number; files: number; bytes: number };
}

/** Resource files hold this many resources in turn: between 50 and 200, as people split them. */
const FILE_SIZES = [50, 120, 200, 80, 150, 60, 180];
const SUBNET_COUNT = 3;

/**
 * Seeds `sim` with a live fleet (generateSyntheticFleet) and answers the YAML repository that
 * describes it, with a few differences so a plan has work to do.
 *
 * @example
 * const repo = syntheticRepository(sim, { instances: 10_000 });
 * for (const [file, text] of Object.entries(repo.files)) writeFileSync(path.join(dir, file), text);
 */
export function syntheticRepository(sim: SimProvider, opts: SyntheticRepositoryOptions): SyntheticRepository {
  const envCount = opts.envs ?? 4;
  const instancesPerEnv = Math.max(1, Math.round(opts.instances / envCount));
  const groupsPerEnv = Math.max(1, Math.round(instancesPerEnv / 50));
  const fleet = generateSyntheticFleet(sim, { envs: envCount, instancesPerEnv, groupsPerEnv, seed: opts.seed ?? 7 });
  const random = createSeededRandom((opts.seed ?? 7) + 1000);
  const files: Record<string, string> = {};
  const counts = { instances: 0, groups: 0, alarms: 0, files: 0, bytes: 0 };

  for (const target of fleet.targets) {
    const mine = fleet.resources.filter((r) => r.env === target.env);
    const instances = mine.filter((r): r is InstanceSpec => r.kind === 'instance');
    const groups = mine.filter((r): r is AutoScalingGroupSpec => r.kind === 'autoscaling-group');
    const alarms = mine.filter((r): r is AlarmSpec => r.kind === 'alarm');
    const dir = `environments/${target.env}`;
    const subnets = groups[0]?.subnetIds ?? [];
    const defaultSubnet = subnets[0];
    const defaults = { tags: instances[0]?.tags ?? {}, subnets, securityGroups: instances[0]?.securityGroupIds ?? [] };
    files[`${dir}/environment.yml`] = environmentYaml(target.env, target.region, target.accountId, defaults);

    // One in two hundred not yet in the cloud (planned as creates), with its own uuid.
    const created = Math.max(1, Math.floor(instances.length / 200));
    const newUuid = (): string => {
      const hex = Array.from({ length: 32 }, () => Math.floor(random() * 16).toString(16)).join('');
      return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-b${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
    };
    const blocks = instances.map((spec, i) => instanceYaml(spec, i, defaultSubnet));
    for (let n = 0; n < created; n++) {
      const base = instances[n];
      if (base) blocks.push(instanceYaml({ ...base, name: `new-${n + 1}`, uuid: newUuid() }, n, defaultSubnet));
    }
    for (let start = 0, f = 0; start < blocks.length; f++) {
      const size = FILE_SIZES[f % FILE_SIZES.length] as number;
      const file = `${dir}/instances-${String(f + 1).padStart(3, '0')}.yml`;
      files[file] = resourceFileYaml(`Application servers of ${target.env}, part ${f + 1}.`, blocks.slice(start, start + size));
      start += size;
    }
    files[`${dir}/groups.yml`] = resourceFileYaml(`Services of ${target.env} that scale on CPU.`, groups.map(groupYaml));
    files[`${dir}/alarms.yml`] = resourceFileYaml(`Alarms of ${target.env}: page when a service stays hot.`, alarms.map(alarmYaml));
    counts.instances += instances.length + created;
    counts.groups += groups.length;
    counts.alarms += alarms.length;
  }
  counts.files = Object.keys(files).length;
  counts.bytes = Object.values(files).reduce((n, t) => n + Buffer.byteLength(t), 0);
  return { files, counts };
}

interface EnvDefaults {
  tags: Record<string, string>;
  subnets: readonly string[];
  securityGroups: readonly string[];
}

function environmentYaml(env: string, region: string, accountId: string, { tags, subnets, securityGroups }: EnvDefaults): string {
  return [
    `# The ${env} environment: where it lives and the defaults every resource starts from.`,
    `region: ${region}`,
    '# Quoted: apply checks the credentials act in exactly this account.',
    `account_id: "${accountId}"`,
    'default_tags:',
    ...Object.entries(tags).map(([k, v]) => `  ${k}: ${v}`),
    'default_subnets:',
    ...subnets.slice(0, SUBNET_COUNT).map((s, i) => `  - ${s} # zone ${String.fromCharCode(97 + i)}`),
    'default_security_groups:',
    ...securityGroups.map((s) => `  - ${s}`),
    '',
  ].join('\n');
}

function resourceFileYaml(comment: string, blocks: string[]): string {
  return `# yaml-language-server: $schema=../../../schema/definitions.schema.json\n# ${comment}\nresources:\n${blocks.join('\n')}`;
}

/** One instance as people write it; `i` varies the optional parts. */
function instanceYaml(spec: InstanceSpec, i: number, defaultSubnet: string | undefined): string {
  // One in a hundred is of another type in git than in the cloud: the plan has real changes.
  const type = i % 100 === 0 ? (spec.instanceType === 'm5.large' ? 't3.large' : 'm5.large') : spec.instanceType;
  const lines = [
    `  - kind: instance`,
    `    name: ${spec.name}`,
    `    uuid: ${spec.uuid}`,
    `    instance_type: ${type}${i % 7 === 0 ? ' # sized for the nightly batch' : ''}`,
    `    ami: ${spec.ami}`,
  ];
  if (spec.subnetId !== defaultSubnet) lines.push(`    subnet: ${spec.subnetId}`);
  lines.push('    root_volume:', `      size_gib: ${spec.rootVolume.sizeGiB}`);
  if (i % 3 === 0) lines.push(`      type: ${spec.rootVolume.volumeType}`, `      encrypted: ${spec.rootVolume.encrypted}`);
  if (i % 50 === 0) lines.push('    tags:', `      role: app`, `      shard: "${i % 16}"`);
  if (i % 25 === 0) {
    lines.push('    # Boot script: shown in plans only as a hash.', '    user_data: |', '      #!/bin/bash', `      echo "shard ${i % 16}" > /etc/shard`, '      systemctl enable --now app');
  }
  return `${lines.join('\n')}\n`;
}

function groupYaml(spec: AutoScalingGroupSpec): string {
  const lt = spec.launchTemplate;
  const policy = spec.scalingPolicies[0];
  return [
    `  - kind: autoscaling-group`,
    `    name: ${spec.name}`,
    `    uuid: ${spec.uuid}`,
    '    launch_template:',
    `      ami: ${lt.ami}`,
    `      instance_type: ${lt.instanceType}`,
    `      monitoring: ${lt.monitoring} # 1-minute metrics, so scaling reacts faster`,
    '      root_volume:',
    `        size_gib: ${lt.rootVolume?.sizeGiB ?? 8}`,
    `    min_size: ${spec.minSize}`,
    `    max_size: ${spec.maxSize}`,
    `    desired_capacity: ${spec.desiredCapacity}`,
    ...(policy ? ['    scaling_policies:', `      - name: ${policy.name}`, `        metric: ${policy.metric}`, `        target_value: ${policy.targetValue}`] : []),
    '    health_check:',
    `      type: ${spec.healthCheck.type}`,
    `      grace_period_seconds: ${spec.healthCheck.gracePeriodSeconds}`,
    '',
  ].join('\n');
}

function alarmYaml(spec: AlarmSpec): string {
  return [
    `  - kind: alarm`,
    `    name: ${spec.name}`,
    `    uuid: ${spec.uuid}`,
    `    target: { autoscaling_group: ${spec.target?.name ?? ''} }`,
    `    metric: ${spec.metricName}`,
    `    statistic: ${spec.statistic}`,
    `    period_seconds: ${spec.periodSeconds}`,
    `    evaluation_periods: ${spec.evaluationPeriods}`,
    `    threshold: ${spec.threshold}`,
    `    comparison: ${spec.comparison}`,
    '',
  ].join('\n');
}
