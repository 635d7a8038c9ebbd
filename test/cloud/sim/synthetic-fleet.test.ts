import { describe, expect, it } from 'vitest';
import { generateSyntheticFleet, simulateManualChange } from '../../../src/cloud/sim/index.js';
import { ErrorCode } from '../../../src/errors.js';
import { identityFromTags } from '../../../src/model/identity.js';
import { makeSim, rejectionOf } from './sim-fixtures.js';

describe('generateSyntheticFleet', () => {
  it('builds the benchmark fleet: 10,000 instances and 200 groups in 4 environments, with matching desired resources', async () => {
    const { sim } = makeSim();
    const fleet = generateSyntheticFleet(sim, { envs: 4, instancesPerEnv: 2500, groupsPerEnv: 50 });
    expect(fleet.counts).toEqual({ instances: 10_000, groups: 200, members: 400, alarms: 200 });
    expect(fleet.targets.map((t) => [t.env, t.region])).toEqual([
      ['env-1', 'us-east-1'],
      ['env-2', 'us-west-2'],
      ['env-3', 'eu-west-1'],
      ['env-4', 'ap-southeast-2'],
    ]);
    const byKind = (k: string) => fleet.resources.filter((r) => r.kind === k).length;
    expect([byKind('instance'), byKind('autoscaling-group'), byKind('alarm')]).toEqual([10_000, 200, 200]);
    expect(new Set(fleet.resources.map((r) => r.uuid)).size).toBe(fleet.resources.length);
    expect(fleet.resources.every((r) => !Object.keys(r.tags).some((k) => k.startsWith('qm:')))).toBe(true);
    expect(sim.callStats().total).toBe(0);

    const desired = new Map(fleet.resources.map((r) => [r.uuid, r]));
    for (const t of fleet.targets) {
      const observed = await sim.readEnvironment(t);
      const managed = observed.instances.filter((i) => !i.memberOfGroup);
      expect(managed).toHaveLength(2500);
      for (const inst of managed) {
        const id = identityFromTags(inst.tags);
        const spec = desired.get(id?.uuid ?? '');
        expect(spec).toMatchObject({ kind: 'instance', env: t.env, name: id?.name, instanceType: inst.instanceType, subnetId: inst.subnetId, ami: inst.ami });
        expect(inst.state).toBe('running');
      }
      expect(observed.instances.filter((i) => i.memberOfGroup)).toHaveLength(100);
      for (const g of observed.groups) {
        const spec = desired.get(identityFromTags(g.tags)?.uuid ?? '');
        expect(spec).toMatchObject({ kind: 'autoscaling-group', minSize: g.minSize, maxSize: g.maxSize, desiredCapacity: g.desiredCapacity });
        expect(g.instances.map((i) => i.lifecycleState)).toEqual(['InService', 'InService']);
        expect(g.launchTemplate).toMatchObject({ version: '1', name: g.name, instanceType: 't3.small' });
      }
      for (const a of observed.alarms) {
        const spec = desired.get(identityFromTags(a.tags)?.uuid ?? '');
        expect(spec?.kind).toBe('alarm');
        expect(observed.groups.map((g) => g.name)).toContain(a.dimensions.AutoScalingGroupName);
      }
    }
  });

  it('is reproducible for a seed', () => {
    const a = generateSyntheticFleet(makeSim().sim, { envs: ['dev'], instancesPerEnv: 5, groupsPerEnv: 1, seed: 3 });
    const b = generateSyntheticFleet(makeSim().sim, { envs: ['dev'], instancesPerEnv: 5, groupsPerEnv: 1, seed: 3 });
    expect(a).toEqual(b);
  });
});

describe('simulateManualChange', () => {
  async function smallFleet() {
    const made = makeSim();
    const fleet = generateSyntheticFleet(made.sim, { envs: ['prod'], regions: ['us-east-1'], instancesPerEnv: 2, groupsPerEnv: 1 });
    const t = fleet.targets[0];
    if (!t) throw new Error('no target');
    const read = () => made.sim.readEnvironment(t);
    const first = (await read()).instances.find((i) => !i.memberOfGroup);
    if (!first) throw new Error('no instance');
    return { ...made, t, read, instanceId: first.id };
  }

  it('changes an instance type behind the engine, whatever its state, without counting a call', async () => {
    const { sim, read, instanceId } = await smallFleet();
    simulateManualChange(sim, { kind: 'instance-type', instanceId, instanceType: 'm5.xlarge' });
    expect((await read()).instances.find((i) => i.id === instanceId)).toMatchObject({ instanceType: 'm5.xlarge', state: 'running' });
    expect(sim.callStats().byOperation.ModifyInstanceAttribute).toBeUndefined();
    const bad = await rejectionOf((async () => simulateManualChange(sim, { kind: 'instance-type', instanceId, instanceType: 'm5.huge' }))());
    expect(bad.code).toBe(ErrorCode.CloudInvalidInstanceType);
  });

  it('stops an instance and edits its tags by hand', async () => {
    const { sim, read, instanceId } = await smallFleet();
    simulateManualChange(sim, { kind: 'instance-state', instanceId, state: 'stopped' });
    simulateManualChange(sim, { kind: 'instance-tags', instanceId, set: { owner: 'bob' }, remove: ['team'] });
    const inst = (await read()).instances.find((i) => i.id === instanceId);
    expect(inst?.state).toBe('stopped');
    expect(inst?.tags.owner).toBe('bob');
    expect(inst?.tags).not.toHaveProperty('team');
  });

  it("changes a group's max and an alarm's threshold; Auto Scaling's own checks still hold", async () => {
    const { sim, read, t } = await smallFleet();
    simulateManualChange(sim, { kind: 'group-capacity', region: t.region, groupName: 'prod-svc-1', maxSize: 10 });
    simulateManualChange(sim, { kind: 'alarm-threshold', region: t.region, alarmName: 'prod-svc-1-cpu-high', threshold: 99 });
    const fleet = await read();
    expect(fleet.groups[0]).toMatchObject({ maxSize: 10, desiredCapacity: 2 });
    expect(fleet.alarms[0]?.threshold).toBe(99);
    expect(() => simulateManualChange(sim, { kind: 'group-capacity', region: t.region, groupName: 'prod-svc-1', desiredCapacity: 11 })).toThrow(
      /Desired capacity:11 must be between the specified min size:1 and max size:10/,
    );
    expect(sim.callStats().byOperation.UpdateAutoScalingGroup).toBeUndefined();
    expect(sim.callStats().byOperation.PutMetricAlarm).toBeUndefined();
  });
});
