import { describe, expect, it } from 'vitest';
import { generateSyntheticFleet, seedInstances, seedUnmanagedInstance } from '../../../src/cloud/sim/index.js';
import { managedTags } from '../../../src/model/identity.js';
import { alarmRequest, groupRequest, instanceRequest, makeSim, target, uuidFor } from './sim-fixtures.js';

describe('sim readEnvironment: what belongs to an environment', () => {
  it('returns the env-tagged resources, the unmanaged ones of its region, and the members of its groups only', async () => {
    const { sim } = makeSim();
    const prod = { ...target, env: 'prod' };
    const mine = await sim.runInstance(target, instanceRequest('web', 1));
    const theirs = await sim.runInstance(prod, instanceRequest('web', 2, { tags: managedTags({}, { env: 'prod', name: 'web', uuid: uuidFor(2) }) }));
    const loose = seedUnmanagedInstance(sim, { region: target.region, tags: { Name: 'legacy' } });
    const elsewhere = seedUnmanagedInstance(sim, { region: 'eu-west-1', tags: { Name: 'far' } });
    const devGroup = await groupRequest(sim, 'api', 3, { desiredCapacity: 1 });
    await sim.createGroup(target, devGroup);
    const prodGroup = await groupRequest(sim, 'api', 4, { desiredCapacity: 1, name: 'prod-api', tags: managedTags({}, { env: 'prod', name: 'api', uuid: uuidFor(4) }) });
    await sim.createGroup(target, prodGroup);
    await sim.putAlarm(target, alarmRequest('cpu', 5));
    await sim.putAlarm(target, alarmRequest('manual', 6, { tags: {} }));
    await sim.putAlarm(target, alarmRequest('prod-cpu', 7, { tags: managedTags({}, { env: 'prod', name: 'cpu', uuid: uuidFor(7) }) }));

    const fleet = await sim.readEnvironment(target);
    const ids = fleet.instances.map((i) => i.id);
    expect(ids).toContain(mine.instanceId);
    expect(ids).toContain(loose);
    expect(ids).not.toContain(theirs.instanceId);
    expect(ids).not.toContain(elsewhere);
    expect(fleet.instances.filter((i) => i.memberOfGroup).map((i) => i.memberOfGroup)).toEqual(['dev-api']);
    expect(fleet.groups.map((g) => g.name)).toEqual(['dev-api']);
    expect(fleet.alarms.map((a) => a.name).sort()).toEqual(['dev-cpu', 'dev-manual']);
    expect(fleet.readAt).toBe('2026-03-01T09:00:00.000Z');
  });

  it('hands out copies: editing what was read changes nothing in the sim', async () => {
    const { sim } = makeSim();
    await sim.runInstance(target, instanceRequest('web'));
    await sim.createGroup(target, await groupRequest(sim, 'api'));
    await sim.putAlarm(target, alarmRequest('cpu'));
    const first = await sim.readEnvironment(target);
    const snapshot = structuredClone(first);
    for (const i of first.instances) {
      i.tags.team = 'changed';
      i.securityGroupIds.push('sg-x');
    }
    for (const g of first.groups) {
      g.tags.team = 'changed';
      g.launchTemplate.securityGroupIds.push('sg-x');
      g.scalingPolicies.push({ name: 'x', metric: 'ASGAverageCPUUtilization', targetValue: 1, disableScaleIn: false });
    }
    for (const a of first.alarms) a.dimensions.X = 'y';
    const again = await sim.readEnvironment(target);
    expect({ ...again, readAt: snapshot.readAt }).toEqual(snapshot);
  });

  it('keeps PutMetricAlarm from changing an existing alarm’s tags, as CloudWatch does', async () => {
    const { sim } = makeSim();
    await sim.putAlarm(target, alarmRequest('cpu', 1));
    await sim.putAlarm(target, alarmRequest('cpu', 1, { threshold: 95, tags: { ...alarmRequest('cpu', 1).tags, team: 'other' } }));
    const alarm = (await sim.readEnvironment(target)).alarms[0];
    expect(alarm).toMatchObject({ threshold: 95, stateValue: 'INSUFFICIENT_DATA' });
    expect(alarm?.tags.team).toBe('platform');
  });

  it('deletes alarms all or nothing, in calls of at most 100 names', async () => {
    const { sim } = makeSim();
    const names = [];
    for (let n = 1; n <= 150; n++) {
      await sim.putAlarm(target, alarmRequest(`a${n}`, n));
      names.push(`dev-a${n}`);
    }
    await expect(sim.deleteAlarms(target, ['dev-a1', 'dev-nope'])).rejects.toMatchObject({ details: { providerCode: 'ResourceNotFound', alarmNames: ['dev-nope'] } });
    expect((await sim.readEnvironment(target)).alarms).toHaveLength(150);
    await sim.deleteAlarms(target, names);
    expect(sim.callStats().byOperation.DeleteAlarms).toBe(1 + 2);
    expect((await sim.readEnvironment(target)).alarms).toEqual([]);
  });
});

describe('sim readEnvironment: call counts like AWS batching', () => {
  it.each([
    // [instances, groups (1 policy each), alarms] -> DescribeInstances, DescribeAutoScalingGroups, DescribeLaunchTemplateVersions, DescribePolicies, DescribeAlarms
    [0, 0, 0, { DescribeInstances: 1, DescribeAutoScalingGroups: 1, DescribeAlarms: 1 }],
    [1000, 0, 0, { DescribeInstances: 1, DescribeAutoScalingGroups: 1, DescribeAlarms: 1 }],
    [1001, 0, 0, { DescribeInstances: 2, DescribeAutoScalingGroups: 1, DescribeAlarms: 1 }],
    [2500, 50, 50, { DescribeInstances: 3, DescribeAutoScalingGroups: 1, DescribeLaunchTemplateVersions: 1, DescribePolicies: 1, DescribeAlarms: 1 }],
    [100, 101, 201, { DescribeInstances: 1, DescribeAutoScalingGroups: 2, DescribeLaunchTemplateVersions: 1, DescribePolicies: 2, DescribeAlarms: 3 }],
  ] as const)('%i instances, %i groups, %i alarms', async (instancesPerEnv, groupsPerEnv, alarmsPerEnv, expected) => {
    const { sim } = makeSim();
    // Members count as instances too: none here, so the instance pages are exact.
    const fleet = generateSyntheticFleet(sim, { envs: ['dev'], regions: ['us-east-1'], instancesPerEnv, groupsPerEnv, alarmsPerEnv, membersPerGroup: 0 });
    const read = await sim.readEnvironment(fleet.targets[0] ?? target);
    expect(read.instances).toHaveLength(instancesPerEnv);
    expect(sim.callStats().byOperation).toEqual(expected);
  });

  it('reads the 10,000-instance, 200-group benchmark fleet in at most 30 calls', async () => {
    const { sim } = makeSim();
    const fleet = generateSyntheticFleet(sim, { envs: 4, instancesPerEnv: 2500, groupsPerEnv: 50 });
    for (const t of fleet.targets) await sim.readEnvironment(t);
    const stats = sim.callStats();
    expect(stats.total).toBe(28);
    expect(stats.byOperation).toEqual({ DescribeInstances: 12, DescribeAutoScalingGroups: 4, DescribeLaunchTemplateVersions: 4, DescribePolicies: 4, DescribeAlarms: 4 });
  });

  it('seeds managed instances in any state', async () => {
    const { sim } = makeSim();
    const ids = seedInstances(sim, [
      { region: target.region, tags: managedTags({}, { env: 'dev', name: 'a', uuid: uuidFor(1) }), state: 'stopped', instanceType: 'm5.large' },
      { region: target.region, tags: managedTags({}, { env: 'dev', name: 'b', uuid: uuidFor(2) }) },
    ]);
    const fleet = await sim.readEnvironment(target);
    expect(fleet.instances.map((i) => [i.id, i.state, i.instanceType])).toEqual([
      [ids[0], 'stopped', 'm5.large'],
      [ids[1], 'running', 't3.micro'],
    ]);
    expect(sim.callStats().byOperation.RunInstances).toBeUndefined();
    expect(() => seedUnmanagedInstance(sim, { region: 'us-east-1', tags: { 'qm:env': 'dev' } })).toThrow(/cannot carry the tag qm:env/);
  });
});
