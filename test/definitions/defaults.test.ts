import { describe, expect, it } from 'vitest';
import { formatDiagnostic, loadDefinitionsFrom, memoryFileTree, type LoadResult } from '../../src/definitions/index.js';
import type { Definitions } from '../../src/model/resources.js';

const ENV = 'region: us-east-1\naccount_id: "111122223333"\ndefault_subnets: [subnet-0a1b2c3d4e5f60001, subnet-0a1b2c3d4e5f60002]\n';

async function load(files: Record<string, string>): Promise<LoadResult> {
  return loadDefinitionsFrom(memoryFileTree({ 'environments/dev/environment.yml': ENV, ...files }), 'mem');
}

async function loadOk(files: Record<string, string>): Promise<Definitions> {
  const result = await load(files);
  if (!result.ok) throw new Error(result.diagnostics.map(formatDiagnostic).join('\n'));
  return result.definitions;
}

const U1 = '00000000-0000-4000-8000-000000000001';
const U2 = '00000000-0000-4000-8000-000000000002';
const U3 = '00000000-0000-4000-8000-000000000003';

describe('defaults', () => {
  it('fills an instance with the documented defaults', async () => {
    const defs = await loadOk({ 'environments/dev/a.yml': `resources:\n  - kind: instance\n    name: a\n    uuid: ${U1}\n    instance_type: t3.micro\n    ami: ami-0123456789abcdef0\n` });
    expect(defs.resources[0]).toEqual({
      kind: 'instance',
      name: 'a',
      uuid: U1,
      env: 'dev',
      tags: {},
      deleted: false,
      source: { file: 'environments/dev/a.yml', line: 3, col: 11 },
      instanceType: 't3.micro',
      ami: 'ami-0123456789abcdef0',
      subnetId: 'subnet-0a1b2c3d4e5f60001',
      securityGroupIds: [],
      monitoring: false,
      ebsOptimized: false,
      rootVolume: { sizeGiB: 8, volumeType: 'gp3', encrypted: true },
      state: 'running',
    });
  });

  it('fills a group and an alarm with the documented defaults', async () => {
    const defs = await loadOk({
      'environments/dev/a.yml': `resources:
  - kind: autoscaling-group
    name: g
    uuid: ${U1}
    launch_template: { ami: ami-0123456789abcdef0, instance_type: t4g.micro }
    min_size: 0
    max_size: 1
    scaling_policies:
      - { metric: ASGAverageNetworkIn, target_value: 1000000 }
  - kind: alarm
    name: al
    uuid: ${U2}
    metric: CPUUtilization
    threshold: 5
    comparison: LessThanThreshold
`,
    });
    expect(defs.resources[0]).toMatchObject({
      launchTemplate: { ami: 'ami-0123456789abcdef0', instanceType: 't4g.micro', securityGroupIds: [], monitoring: false },
      subnetIds: ['subnet-0a1b2c3d4e5f60001', 'subnet-0a1b2c3d4e5f60002'],
      availabilityZones: [],
      healthCheck: { type: 'EC2', gracePeriodSeconds: 300 },
      scalingPolicies: [{ name: 'network-in-target', metric: 'ASGAverageNetworkIn', targetValue: 1000000, disableScaleIn: false }],
    });
    expect(defs.resources[0]).not.toHaveProperty('desiredCapacity');
    expect(defs.resources[0]).not.toHaveProperty('launchTemplate.rootVolume');
    expect(defs.resources[1]).toMatchObject({
      namespace: 'AWS/EC2',
      dimensions: {},
      statistic: 'Average',
      periodSeconds: 300,
      evaluationPeriods: 1,
      treatMissingData: 'missing',
      alarmActions: [],
      okActions: [],
    });
    expect(defs.resources[1]).not.toHaveProperty('target');
  });

  it('lets a resource override environment defaults, tags merged key by key', async () => {
    const defs = await loadOk({
      'environments/dev/environment.yml': `${ENV}default_security_groups: [sg-0a1b2c3d4e5f60001]\ndefault_key_name: ops\ndefault_tags: { team: a, cost-center: cc-1 }\n`,
      'environments/dev/a.yml': `resources:
  - kind: instance
    name: a
    uuid: ${U1}
    instance_type: t3.micro
    ami: ami-0123456789abcdef0
    subnet: subnet-0a1b2c3d4e5f60002
    security_groups: [sg-0a1b2c3d4e5f60009]
    key_name: mine
    tags: { team: b, role: x }
    root_volume: { size_gib: 30, type: io2, iops: 4000, encrypted: false }
`,
    });
    expect(defs.resources[0]).toMatchObject({
      subnetId: 'subnet-0a1b2c3d4e5f60002',
      securityGroupIds: ['sg-0a1b2c3d4e5f60009'],
      keyName: 'mine',
      tags: { team: 'b', 'cost-center': 'cc-1', role: 'x' },
      rootVolume: { sizeGiB: 30, volumeType: 'io2', iops: 4000, encrypted: false },
    });
  });

  it('keeps the digits of an unquoted account id, leading zero included', async () => {
    const defs = await loadOk({ 'environments/dev/environment.yml': 'region: us-east-1\naccount_id: 012345678901\n' });
    expect(defs.environments[0]?.accountId).toBe('012345678901');
  });

  it('keeps an alarm on a group defined in another file, and groups by availability zone', async () => {
    const defs = await loadOk({
      'environments/dev/b-alarm.yml': `resources:\n  - kind: alarm\n    name: al\n    uuid: ${U3}\n    target: { autoscaling_group: g }\n    metric: CPUUtilization\n    threshold: 5\n    comparison: LessThanThreshold\n`,
      'environments/dev/a-group.yml': `resources:\n  - kind: autoscaling-group\n    name: g\n    uuid: ${U1}\n    launch_template: { ami: ami-0123456789abcdef0, instance_type: t3.micro }\n    min_size: 1\n    max_size: 1\n    availability_zones: [us-east-1a]\n`,
    });
    expect(defs.resources.map((r) => r.name)).toEqual(['g', 'al']);
    expect(defs.resources[0]).toMatchObject({ subnetIds: [], availabilityZones: ['us-east-1a'] });
    expect(defs.resources[1]).toMatchObject({ target: { kind: 'autoscaling-group', name: 'g', uuid: U1 } });
  });

  it('reports policy.yml by path without reading it', async () => {
    const defs = await loadOk({ 'policy.yml': 'this: [is not validated here' });
    expect(defs.policyFile).toBe('policy.yml');
    expect((await loadOk({})).policyFile).toBeUndefined();
  });

  it('warns, without failing, about empty files, stray files and a role in another account', async () => {
    const result = await load({
      'environments/dev/environment.yml': `${ENV}role_arn: arn:aws:iam::999999999999:role/qm\n`,
      'environments/dev/empty.yml': '# nothing yet\n',
      'environments/dev/none.yml': 'resources: []\n',
      'environments/notes.yml': 'x: 1\n',
    });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.warnings.map(formatDiagnostic)).toEqual([
      'environments/dev/empty.yml:1:1 empty file: no resources',
      'environments/dev/environment.yml:4:11 role_arn is in account 999999999999 but account_id is 111122223333; apply refuses unless the assumed role acts in 111122223333',
      'environments/dev/none.yml:1:12 resources is an empty list',
      'environments/notes.yml:1:1 ignored: files directly under environments/ are not read; put resources in environments/<env>/',
    ]);
  });

  it('never repeats user data in a message', async () => {
    const result = await load({
      'environments/dev/a.yml': `resources:\n  - kind: instance\n    name: a\n    uuid: ${U1}\n    instance_type: t3.micro\n    ami: ami-0123456789abcdef0\n    user_data: { password: hunter2 }\n`,
    });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    const text = result.diagnostics.map(formatDiagnostic).join('\n');
    expect(text).toContain('user_data is a mapping, expected a string');
    expect(text).not.toContain('hunter2');
  });
});
