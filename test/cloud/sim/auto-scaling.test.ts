import { describe, expect, it } from 'vitest';
import { DEFAULT_SIM_TIMINGS } from '../../../src/cloud/sim/index.js';
import type { CreateGroupRequest } from '../../../src/cloud/provider.js';
import { ErrorCode } from '../../../src/errors.js';
import { TAG_AWS_GROUP } from '../../../src/model/identity.js';
import type { ObservedFleet } from '../../../src/model/observed.js';
import { ARM_AMI, groupRequest, makeSim, rejectionOf, target, X86_AMI } from './sim-fixtures.js';

const T = DEFAULT_SIM_TIMINGS;
const groupIn = (fleet: ObservedFleet, name: string) => fleet.groups.find((g) => g.name === name);

describe('sim Auto Scaling: capacity', () => {
  it('launches members to desired capacity, tagged with the group and its propagated tags', async () => {
    const { sim, clock } = makeSim();
    const req = await groupRequest(sim, 'web');
    await sim.createGroup(target, req);
    let fleet = await sim.readEnvironment(target);
    const members = fleet.instances.filter((i) => i.memberOfGroup === req.name);
    expect(members).toHaveLength(2);
    for (const m of members) {
      expect(m.tags).toEqual({ team: 'platform', [TAG_AWS_GROUP]: 'dev-web' });
      expect(m).toMatchObject({ state: 'pending', instanceType: 't3.small', ami: X86_AMI });
    }
    expect(new Set(members.map((m) => m.subnetId))).toEqual(new Set(req.subnetIds));
    expect(groupIn(fleet, req.name)?.instances.map((i) => i.lifecycleState)).toEqual(['Pending', 'Pending']);
    clock.advance(T.pendingMs);
    fleet = await sim.readEnvironment(target);
    expect(groupIn(fleet, req.name)?.instances).toEqual(
      members.map((m) => ({ id: m.id, lifecycleState: 'InService', healthy: true, instanceType: 't3.small', launchTemplateVersion: '1' })),
    );
  });

  it('scales out and in on updateGroup, terminating members on an older template version first', async () => {
    const { sim, clock } = makeSim();
    const req = await groupRequest(sim, 'web');
    await sim.createGroup(target, { ...req, desiredCapacity: 1 });
    clock.advance(T.pendingMs);
    const v2 = await sim.putLaunchTemplate(target, {
      name: req.name,
      spec: { ami: X86_AMI, instanceType: 't3.medium', securityGroupIds: [], monitoring: true },
      tags: req.tags,
      clientToken: 'lt-web-v2',
    });
    await sim.updateGroup(target, req.name, { launchTemplate: v2, desiredCapacity: 3 });
    clock.advance(T.pendingMs);
    let group = groupIn(await sim.readEnvironment(target), req.name);
    expect(group?.instances.map((i) => i.launchTemplateVersion).sort()).toEqual(['1', '2', '2']);

    await sim.updateGroup(target, req.name, { desiredCapacity: 2 });
    group = groupIn(await sim.readEnvironment(target), req.name);
    expect(group?.instances.filter((i) => i.lifecycleState === 'Terminating').map((i) => i.launchTemplateVersion)).toEqual(['1']);
    clock.advance(T.shuttingDownMs);
    group = groupIn(await sim.readEnvironment(target), req.name);
    expect(group?.instances.map((i) => i.launchTemplateVersion)).toEqual(['2', '2']);
  });

  it('replaces a member terminated or stopped behind its back', async () => {
    const { sim, clock } = makeSim();
    const req = await groupRequest(sim, 'web');
    await sim.createGroup(target, req);
    clock.advance(T.pendingMs);
    const [a, b] = (await sim.readEnvironment(target)).instances.map((i) => i.id);
    await sim.terminateInstances(target, [a ?? '']);
    await sim.stopInstances(target, [b ?? '']);
    clock.advance(T.stoppingMs);
    const live = (await sim.readEnvironment(target)).instances.filter((i) => i.state === 'pending' || i.state === 'running');
    expect(live).toHaveLength(2);
    expect(live.map((i) => i.id)).not.toContain(a);
    expect(live.map((i) => i.id)).not.toContain(b);
  });

  it.each([
    ['desired above max', { minSize: 1, maxSize: 3, desiredCapacity: 4 }, 'Desired capacity:4 must be between the specified min size:1 and max size:3'],
    ['desired below min', { minSize: 2, maxSize: 3, desiredCapacity: 1 }, 'Desired capacity:1 must be between the specified min size:2 and max size:3'],
    ['max below min', { minSize: 3, maxSize: 2, desiredCapacity: 2 }, 'Max bound, 2, must be greater than or equal to min bound, 3'],
    ['no subnet nor zone', { subnetIds: [], availabilityZones: [] }, 'At least one Availability Zone or VPC Subnet is required'],
  ] satisfies [string, Partial<CreateGroupRequest>, string][])('refuses a group with %s (ValidationError)', async (_label, over, message) => {
    const { sim } = makeSim();
    const req = await groupRequest(sim, 'web', 1, over);
    const e = await rejectionOf(sim.createGroup(target, req));
    expect(e).toMatchObject({ code: ErrorCode.CloudApi, details: { providerCode: 'ValidationError', operation: 'CreateAutoScalingGroup' } });
    expect(e.message).toContain(message);
    expect((await sim.readEnvironment(target)).groups).toEqual([]);
  });

  it('refuses a second group of the same name (AlreadyExists)', async () => {
    const { sim } = makeSim();
    const req = await groupRequest(sim, 'web');
    await sim.createGroup(target, req);
    await expect(sim.createGroup(target, req)).rejects.toMatchObject({ details: { providerCode: 'AlreadyExists' } });
  });

  it.each([
    ['a raised min pulls desired up', { minSize: 4 }, { minSize: 4, maxSize: 6, desiredCapacity: 4 }],
    ['a lowered max pulls desired down', { maxSize: 1, minSize: 1 }, { minSize: 1, maxSize: 1, desiredCapacity: 1 }],
    ['an explicit desired is kept', { desiredCapacity: 5 }, { minSize: 1, maxSize: 6, desiredCapacity: 5 }],
  ] as const)('updateGroup follows AWS: %s', async (_label, update, expected) => {
    const { sim } = makeSim();
    const req = await groupRequest(sim, 'web');
    await sim.createGroup(target, req);
    await sim.updateGroup(target, req.name, update);
    expect(groupIn(await sim.readEnvironment(target), req.name)).toMatchObject(expected);
  });

  it('refuses a launch template the group cannot launch: unknown template, bad AMI, architecture', async () => {
    const { sim } = makeSim();
    const req = await groupRequest(sim, 'web');
    const missing = await rejectionOf(sim.createGroup(target, { ...req, launchTemplate: { id: 'lt-0000000000000beef', version: '1' } }));
    expect(missing.message).toContain('The specified launch template, with template ID lt-0000000000000beef, does not exist');
    const bad = await sim.putLaunchTemplate(target, { name: req.name, spec: { ami: 'ami-0000000000000dead', instanceType: 't3.small', securityGroupIds: [], monitoring: false }, tags: {}, clientToken: 'x1' });
    const badAmi = await rejectionOf(sim.createGroup(target, { ...req, launchTemplate: bad }));
    expect(badAmi).toMatchObject({ code: ErrorCode.CloudInvalidAmi, details: { providerCode: 'ValidationError' } });
    expect(badAmi.message).toContain("You must use a valid fully-formed launch template. The image id '[ami-0000000000000dead]' does not exist");
    const arm = await sim.putLaunchTemplate(target, { name: req.name, spec: { ami: ARM_AMI, instanceType: 't3.small', securityGroupIds: [], monitoring: false }, tags: {}, clientToken: 'x2' });
    await expect(sim.createGroup(target, { ...req, launchTemplate: arm })).rejects.toMatchObject({ code: ErrorCode.CloudArchitectureMismatch });
  });

  it('answers a missing group with ValidationError "not found"', async () => {
    const { sim } = makeSim();
    const e = await rejectionOf(sim.updateGroup(target, 'dev-nope', { desiredCapacity: 1 }));
    expect(e).toMatchObject({ code: ErrorCode.CloudNotFound, details: { providerCode: 'ValidationError' } });
    expect(e.message).toContain('AutoScalingGroup name not found - AutoScalingGroup dev-nope not found');
  });
});

describe('sim Auto Scaling: launch templates, policies, deletion', () => {
  it('numbers template versions and honours the client token', async () => {
    const { sim } = makeSim();
    const put = (instanceType: string, clientToken: string) =>
      sim.putLaunchTemplate(target, { name: 'dev-web', spec: { ami: X86_AMI, instanceType, securityGroupIds: [], monitoring: false }, tags: {}, clientToken });
    const v1 = await put('t3.small', 'a');
    const v2 = await put('t3.medium', 'b');
    expect(v2).toEqual({ id: v1.id, version: '2' });
    expect(await put('t3.medium', 'b')).toEqual(v2);
    await expect(put('t3.large', 'b')).rejects.toMatchObject({ details: { providerCode: 'IdempotentParameterMismatch' } });
    expect(sim.callStats().byOperation).toMatchObject({ CreateLaunchTemplate: 1, CreateLaunchTemplateVersion: 3 });
    await expect(put('t3.nope', 'c')).rejects.toMatchObject({ code: ErrorCode.CloudInvalidInstanceType });
  });

  it('stores, replaces and deletes target-tracking policies', async () => {
    const { sim } = makeSim();
    const req = await groupRequest(sim, 'web');
    await sim.createGroup(target, req);
    await sim.putScalingPolicy(target, req.name, { name: 'cpu', metric: 'ASGAverageCPUUtilization', targetValue: 70, disableScaleIn: false });
    await sim.putScalingPolicy(target, req.name, { name: 'cpu', metric: 'ASGAverageCPUUtilization', targetValue: 50, disableScaleIn: true, estimatedWarmupSeconds: 120 });
    await sim.putScalingPolicy(target, req.name, { name: 'net', metric: 'ASGAverageNetworkIn', targetValue: 1e6, disableScaleIn: false });
    expect(groupIn(await sim.readEnvironment(target), req.name)?.scalingPolicies).toEqual([
      { name: 'cpu', metric: 'ASGAverageCPUUtilization', targetValue: 50, disableScaleIn: true, estimatedWarmupSeconds: 120 },
      { name: 'net', metric: 'ASGAverageNetworkIn', targetValue: 1e6, disableScaleIn: false },
    ]);
    await sim.deleteScalingPolicy(target, req.name, 'cpu');
    expect(groupIn(await sim.readEnvironment(target), req.name)?.scalingPolicies.map((p) => p.name)).toEqual(['net']);
    await expect(sim.deleteScalingPolicy(target, req.name, 'cpu')).rejects.toMatchObject({ code: ErrorCode.CloudNotFound });
    expect(sim.callStats().byOperation).toMatchObject({ PutScalingPolicy: 3, DeletePolicy: 2 });
  });

  it('force-deletes a group: members terminate, the group shows "Delete in progress", then it and its template go', async () => {
    const { sim, clock } = makeSim();
    const req = await groupRequest(sim, 'web');
    await sim.createGroup(target, req);
    clock.advance(T.pendingMs);
    await sim.deleteGroup(target, req.name);
    expect(sim.callStats().byOperation).toMatchObject({ DeleteAutoScalingGroup: 1, DeleteLaunchTemplate: 1 });
    let fleet = await sim.readEnvironment(target);
    expect(groupIn(fleet, req.name)?.status).toBe('Delete in progress');
    expect(fleet.instances.map((i) => i.state)).toEqual(['shutting-down', 'shutting-down']);
    clock.advance(T.shuttingDownMs);
    fleet = await sim.readEnvironment(target);
    expect(fleet.groups).toEqual([]);
    expect(sim.readState((s) => s.launchTemplates.size)).toBe(0);
    // The name is free again: a new template, version 1.
    const again = await groupRequest(sim, 'web', 2);
    expect(again.launchTemplate.version).toBe('1');
    await sim.createGroup(target, again);
  });

  it('sets and removes group tags with CreateOrUpdateTags / DeleteTags, and members launched later carry them', async () => {
    const { sim } = makeSim();
    const req = await groupRequest(sim, 'web');
    await sim.createGroup(target, { ...req, desiredCapacity: 1 });
    await sim.updateTags(target, 'autoscaling-group', [req.name], { owner: 'ana' }, ['team']);
    await sim.updateGroup(target, req.name, { desiredCapacity: 2 });
    const fleet = await sim.readEnvironment(target);
    expect(groupIn(fleet, req.name)?.tags).not.toHaveProperty('team');
    expect(fleet.instances.map((i) => i.tags.owner)).toEqual([undefined, 'ana']);
    expect(sim.callStats().byOperation).toMatchObject({ CreateOrUpdateTags: 1, DeleteTags: 1 });
  });
});
