import { describe, expect, it } from 'vitest';
import { formatDiagnostic, loadDefinitions } from '../../src/definitions/index.js';
import type { AlarmSpec, AutoScalingGroupSpec, Definitions, InstanceSpec } from '../../src/model/resources.js';
import { EXAMPLE_FLEET } from './fixture-tree.js';

async function load(): Promise<Definitions> {
  const result = await loadDefinitions(EXAMPLE_FLEET);
  if (!result.ok) throw new Error(result.diagnostics.map(formatDiagnostic).join('\n'));
  expect(result.warnings.map(formatDiagnostic)).toEqual([]);
  return result.definitions;
}

const find = <T>(defs: Definitions, env: string, kind: string, name: string): T =>
  defs.resources.find((r) => r.env === env && r.kind === kind && r.name === name) as T;

describe('examples/fleet', () => {
  it('loads with no diagnostics at all', async () => {
    const defs = await load();
    expect(defs.environments.map((e) => e.name)).toEqual(['dev', 'prod', 'staging']);
    expect(defs.resources).toHaveLength(14);
  });

  it('has the classic prod web group: 2 to 5 instances tracking 70% CPU', async () => {
    const web = find<AutoScalingGroupSpec>(await load(), 'prod', 'autoscaling-group', 'web');
    expect(web.minSize).toBe(2);
    expect(web.maxSize).toBe(5);
    expect(web.desiredCapacity).toBeUndefined();
    expect(web.scalingPolicies).toEqual([{ name: 'cpu-70', metric: 'ASGAverageCPUUtilization', targetValue: 70, disableScaleIn: false, estimatedWarmupSeconds: 300 }]);
    expect(web.subnetIds).toEqual(['subnet-0a1b2c3d4e5f60001', 'subnet-0a1b2c3d4e5f60002', 'subnet-0a1b2c3d4e5f60003']);
    expect(web.launchTemplate).toMatchObject({ instanceType: 't3.medium', securityGroupIds: ['sg-0a1b2c3d4e5f60001'], keyName: 'prod-ops', monitoring: true });
    expect(web.tags).toEqual({ team: 'platform', 'cost-center': 'cc-2001', environment: 'prod', service: 'web' });
    expect(web.source).toEqual({ file: 'environments/prod/web.yml', line: 6, col: 11 });
  });

  it('applies environment and documented defaults to the dev bastion', async () => {
    const bastion = find<InstanceSpec>(await load(), 'dev', 'instance', 'bastion');
    expect(bastion).toMatchObject({
      instanceType: 't3.nano',
      subnetId: 'subnet-0d1e2f3a4b5c60001',
      securityGroupIds: ['sg-0d1e2f3a4b5c60001'],
      keyName: 'dev-ops',
      monitoring: false,
      ebsOptimized: false,
      rootVolume: { sizeGiB: 8, volumeType: 'gp3', encrypted: true },
      state: 'running',
      deleted: false,
    });
  });

  it('resolves alarm targets by name to the target uuid, across files', async () => {
    const defs = await load();
    const alarm = find<AlarmSpec>(defs, 'prod', 'alarm', 'bastion-status-check');
    const bastion = find<InstanceSpec>(defs, 'prod', 'instance', 'bastion');
    expect(alarm.target).toEqual({ kind: 'instance', name: 'bastion', uuid: bastion.uuid });
    const cpu = find<AlarmSpec>(defs, 'prod', 'alarm', 'web-high-cpu');
    expect(cpu.target?.uuid).toBe(find<AutoScalingGroupSpec>(defs, 'prod', 'autoscaling-group', 'web').uuid);
  });

  it('gives every resource its own uuid', async () => {
    const uuids = (await load()).resources.map((r) => r.uuid);
    expect(new Set(uuids).size).toBe(uuids.length);
  });

  it('reads environments with their account, region and role', async () => {
    const prod = (await load()).environments.find((e) => e.name === 'prod');
    expect(prod).toMatchObject({ region: 'eu-west-1', accountId: '777788889999', roleArn: 'arn:aws:iam::777788889999:role/quartermaster' });
  });
});
