import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CloudProvider, CreateGroupRequest, EnvTarget, PutAlarmRequest, RunInstanceRequest } from '../../../src/cloud/provider.js';
import { ErrorCode, isQmError, type QmError } from '../../../src/errors.js';
import { identityFromTags, managedTags, physicalName, TAG_USER_DATA, type ResourceIdentity } from '../../../src/model/identity.js';
import { userDataTag } from '../../../src/model/user-data-tag.js';
import type { ObservedFleet } from '../../../src/model/observed.js';

/**
 * Scenarios every faithful CloudProvider passes, written only against the port, so the sim
 * and the AWS adapter (behind a fake AWS HTTP endpoint) run the very same checks and the sim
 * stays true to AWS.
 *
 * Error expectations: a provider throws QmErrors whose `code` is the ErrorCode and whose
 * `details.providerCode` is AWS's own error code. Call counts use AWS operation names
 * (`RunInstances`, `DescribeInstances`...).
 */
export interface ContractHarness {
  provider: CloudProvider;
  /** The environment the scenarios work in; its accountId is the one the credentials act in. */
  target: EnvTarget;
  /** AMIs the provider knows (registered in the sim, answered by the fake endpoint). */
  images: { x86_64: string };
  /** Lets simulated time pass (the sim: advance its manual clock; a fake endpoint may move its own states). */
  advance(ms: number): Promise<void> | void;
  /** Clock milliseconds the scenarios give each wait. Default 10 minutes. */
  waitTimeoutMs?: number;
  cleanup(): Promise<void> | void;
}

/** An AMI id no provider knows. */
export const UNKNOWN_AMI = 'ami-0000000000000dead';

/**
 * @example
 * describeProviderContract('sim', async () => ({ provider: createSimProvider({ clock }), target, images, advance: (ms) => clock.advance(ms), cleanup: () => {} }));
 */
export function describeProviderContract(label: string, setup: () => Promise<ContractHarness>): void {
  describe(`CloudProvider contract: ${label}`, () => {
    let h: ContractHarness;
    let p: CloudProvider;
    let target: EnvTarget;
    const wait = () => ({ timeoutMs: h.waitTimeoutMs ?? 600_000 });

    beforeEach(async () => {
      h = await setup();
      p = h.provider;
      target = h.target;
    });
    afterEach(async () => {
      await h.cleanup();
    });

    const identity = (name: string, n: number): ResourceIdentity => ({
      env: target.env,
      name,
      uuid: `0b9c7a52-1f3e-4c2a-9d4e-${n.toString(16).padStart(12, '0')}`,
    });

    const instanceRequest = (name: string, n: number, over: Partial<RunInstanceRequest> = {}): RunInstanceRequest => ({
      clientToken: `contract-${name}-${n}`,
      instanceType: 't3.micro',
      ami: h.images.x86_64,
      subnetId: 'subnet-0a1b2c3d4e5f60001',
      securityGroupIds: ['sg-0a1b2c3d4e5f60001'],
      monitoring: false,
      ebsOptimized: false,
      rootVolume: { sizeGiB: 8, volumeType: 'gp3', encrypted: true },
      tags: managedTags({ team: 'platform' }, identity(name, n)),
      ...over,
    });

    const launch = async (name: string, n: number, over: Partial<RunInstanceRequest> = {}) => {
      const { instanceId } = await p.runInstance(target, instanceRequest(name, n, over));
      return instanceId;
    };

    const running = async (name: string, n: number) => {
      const id = await launch(name, n);
      await p.waitForInstances(target, [id], 'running', wait());
      return id;
    };

    const instanceIn = (fleet: ObservedFleet, id: string) => fleet.instances.find((i) => i.id === id);

    /** The rejection of `promise`, asserted to be a QmError of `code` with AWS's `providerCode`. */
    const refusal = async (promise: Promise<unknown>, code: ErrorCode, providerCode: string): Promise<QmError> => {
      const error = await promise.then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(error, `expected a ${code} (${providerCode}) error`).toBeDefined();
      expect(isQmError(error)).toBe(true);
      const qm = error as QmError;
      expect({ code: qm.code, providerCode: qm.details.providerCode }).toEqual({ code, providerCode });
      return qm;
    };

    const groupRequest = async (name: string, n: number, over: Partial<CreateGroupRequest> = {}): Promise<CreateGroupRequest> => {
      const id = identity(name, n);
      const physical = physicalName(target.env, name);
      const tags = managedTags({ team: 'platform' }, id);
      const launchTemplate = await p.putLaunchTemplate(target, {
        name: physical,
        spec: { ami: h.images.x86_64, instanceType: 't3.small', securityGroupIds: ['sg-0a1b2c3d4e5f60001'], monitoring: true },
        tags,
        clientToken: `contract-lt-${name}-${n}-1`,
      });
      return {
        name: physical,
        launchTemplate,
        minSize: 1,
        maxSize: 3,
        desiredCapacity: 2,
        subnetIds: ['subnet-0a1b2c3d4e5f60001', 'subnet-0a1b2c3d4e5f60002'],
        availabilityZones: [],
        healthCheck: { type: 'EC2', gracePeriodSeconds: 300 },
        tags,
        ...over,
      };
    };

    const alarmRequest = (name: string, n: number, over: Partial<PutAlarmRequest> = {}): PutAlarmRequest => ({
      name: physicalName(target.env, name),
      namespace: 'AWS/EC2',
      metricName: 'CPUUtilization',
      dimensions: { InstanceId: 'i-0123456789abcdef0' },
      statistic: 'Average',
      periodSeconds: 300,
      evaluationPeriods: 2,
      threshold: 80,
      comparison: 'GreaterThanThreshold',
      treatMissingData: 'missing',
      alarmActions: [],
      okActions: [],
      tags: managedTags({ team: 'platform' }, identity(name, n)),
      ...over,
    });

    it('runs an instance with its tags set at creation and reads it back', async () => {
      const id = await launch('bastion', 1);
      expect(id).toMatch(/^i-[0-9a-f]{8,17}$/);
      const fleet = await p.readEnvironment(target);
      expect(fleet.env).toBe(target.env);
      const inst = instanceIn(fleet, id);
      expect(inst).toBeDefined();
      expect(identityFromTags(inst?.tags ?? {})).toEqual(identity('bastion', 1));
      expect(inst?.tags.team).toBe('platform');
      expect(['pending', 'running']).toContain(inst?.state);
      expect(inst).toMatchObject({ instanceType: 't3.micro', ami: h.images.x86_64, subnetId: 'subnet-0a1b2c3d4e5f60001', securityGroupIds: ['sg-0a1b2c3d4e5f60001'] });
      expect(Number.isNaN(Date.parse(inst?.launchTime ?? ''))).toBe(false);

      await h.advance(60_000);
      await p.waitForInstances(target, [id], 'running', wait());
      expect(instanceIn(await p.readEnvironment(target), id)?.state).toBe('running');
    });

    it('returns the same instance for the same client token, and refuses the token with other parameters', async () => {
      const first = await launch('web', 2);
      const again = await launch('web', 2);
      expect(again).toBe(first);
      const fleet = await p.readEnvironment(target);
      expect(fleet.instances.filter((i) => i.tags['qm:uuid'] === identity('web', 2).uuid)).toHaveLength(1);

      await refusal(launch('web', 2, { instanceType: 't3.small' }), ErrorCode.CloudApi, 'IdempotentParameterMismatch');
    });

    it('refuses to change the type of a running instance', async () => {
      const id = await running('api', 3);
      await refusal(p.modifyInstance(target, id, { instanceType: 't3.small' }), ErrorCode.CloudIncorrectState, 'IncorrectInstanceState');
      expect(instanceIn(await p.readEnvironment(target), id)?.instanceType).toBe('t3.micro');
    });

    it('changes the type through stop -> modify -> start', async () => {
      const id = await running('api', 4);
      await p.stopInstances(target, [id]);
      await p.waitForInstances(target, [id], 'stopped', wait());
      expect(instanceIn(await p.readEnvironment(target), id)?.state).toBe('stopped');
      await p.modifyInstance(target, id, { instanceType: 't3.small' });
      await p.startInstances(target, [id]);
      await p.waitForInstances(target, [id], 'running', wait());
      expect(instanceIn(await p.readEnvironment(target), id)).toMatchObject({ state: 'running', instanceType: 't3.small' });
    });

    it('tags a managed instance with the hash of its user data at launch and after a change, never the text', async () => {
      const secret = '#!/bin/sh\nexport DB_PASSWORD=contract-canary-5e1\n';
      const withData = await launch('app', 20, { userData: secret });
      const without = await launch('plain', 21);
      let fleet = await p.readEnvironment(target);
      expect(instanceIn(fleet, withData)?.tags[TAG_USER_DATA]).toBe(userDataTag(secret));
      expect(userDataTag(secret)).toMatch(/^sha256:[0-9a-f]{16}$/);
      expect(instanceIn(fleet, without)?.tags[TAG_USER_DATA]).toBe('none');
      expect(JSON.stringify(fleet)).not.toContain('contract-canary-5e1');

      // Only a stopped instance takes new user data; the tag follows the modify.
      await h.advance(60_000);
      await p.waitForInstances(target, [withData], 'running', wait());
      await refusal(p.modifyInstance(target, withData, { userData: 'echo refused' }), ErrorCode.CloudIncorrectState, 'IncorrectInstanceState');
      expect(instanceIn(await p.readEnvironment(target), withData)?.tags[TAG_USER_DATA]).toBe(userDataTag(secret));
      await p.stopInstances(target, [withData]);
      await p.waitForInstances(target, [withData], 'stopped', wait());
      await p.modifyInstance(target, withData, { userData: 'echo changed' });
      fleet = await p.readEnvironment(target);
      expect(instanceIn(fleet, withData)?.tags[TAG_USER_DATA]).toBe(userDataTag('echo changed'));
      await p.modifyInstance(target, withData, { userData: '' });
      expect(instanceIn(await p.readEnvironment(target), withData)?.tags[TAG_USER_DATA]).toBe('none');
    });

    it('refuses an AMI that does not exist', async () => {
      await refusal(launch('bad-ami', 5, { ami: UNKNOWN_AMI }), ErrorCode.CloudInvalidAmi, 'InvalidAMIID.NotFound');
      const fleet = await p.readEnvironment(target);
      expect(fleet.instances.filter((i) => i.tags['qm:name'] === 'bad-ami')).toEqual([]);
    });

    it('refuses an instance type that does not exist', async () => {
      await refusal(launch('bad-type', 6, { instanceType: 't3.mega' }), ErrorCode.CloudInvalidInstanceType, 'InvalidParameterValue');
    });

    it('creates a launch template and a group with a target-tracking policy, and reads them back', async () => {
      const req = await groupRequest('web', 7);
      expect(req.launchTemplate.version).toBe('1');
      await p.createGroup(target, req);
      await p.putScalingPolicy(target, req.name, { name: 'cpu70', metric: 'ASGAverageCPUUtilization', targetValue: 70, disableScaleIn: false });
      const group = (await p.readEnvironment(target)).groups.find((g) => g.name === req.name);
      expect(group).toMatchObject({ minSize: 1, maxSize: 3, desiredCapacity: 2, subnetIds: req.subnetIds, healthCheck: req.healthCheck });
      expect(identityFromTags(group?.tags ?? {})).toEqual(identity('web', 7));
      expect(group?.launchTemplate).toMatchObject({ id: req.launchTemplate.id, version: '1', instanceType: 't3.small', ami: h.images.x86_64 });
      expect(group?.scalingPolicies).toEqual([{ name: 'cpu70', metric: 'ASGAverageCPUUtilization', targetValue: 70, disableScaleIn: false }]);
    });

    it('refuses a desired capacity outside min..max and creates nothing', async () => {
      const req = await groupRequest('worker', 8, { minSize: 2, maxSize: 3, desiredCapacity: 5 });
      await refusal(p.createGroup(target, req), ErrorCode.CloudApi, 'ValidationError');
      expect((await p.readEnvironment(target)).groups.find((g) => g.name === req.name)).toBeUndefined();
    });

    it('updates a group: capacity, then a new launch template version', async () => {
      const req = await groupRequest('web', 9);
      await p.createGroup(target, req);
      await p.updateGroup(target, req.name, { desiredCapacity: 3 });
      expect((await p.readEnvironment(target)).groups.find((g) => g.name === req.name)?.desiredCapacity).toBe(3);
      await refusal(p.updateGroup(target, req.name, { maxSize: 0, minSize: 1, desiredCapacity: 1 }), ErrorCode.CloudApi, 'ValidationError');

      const v2 = await p.putLaunchTemplate(target, {
        name: req.name,
        spec: { ami: h.images.x86_64, instanceType: 't3.medium', securityGroupIds: ['sg-0a1b2c3d4e5f60001'], monitoring: true },
        tags: req.tags,
        clientToken: 'contract-lt-web-9-2',
      });
      expect(v2).toEqual({ id: req.launchTemplate.id, version: '2' });
      await p.updateGroup(target, req.name, { launchTemplate: v2 });
      const group = (await p.readEnvironment(target)).groups.find((g) => g.name === req.name);
      expect(group?.launchTemplate).toMatchObject({ version: '2', instanceType: 't3.medium' });
      expect(group).toMatchObject({ minSize: 1, maxSize: 3, desiredCapacity: 3 });
    });

    it('runs an instance refresh to its end, and refuses a second one while it runs', async () => {
      const req = await groupRequest('web', 10);
      await p.createGroup(target, req);
      const { refreshId } = await p.startInstanceRefresh(target, req.name, { minHealthyPercentage: 50 });
      await refusal(p.startInstanceRefresh(target, req.name, { minHealthyPercentage: 50 }), ErrorCode.CloudIncorrectState, 'InstanceRefreshInProgress');
      expect(await p.waitForInstanceRefresh(target, req.name, refreshId, wait())).toBe('Successful');
    });

    it('deletes a group', async () => {
      const req = await groupRequest('old', 11);
      await p.createGroup(target, req);
      await p.deleteGroup(target, req.name);
      await h.advance(600_000);
      const after = (await p.readEnvironment(target)).groups.find((g) => g.name === req.name);
      expect(after === undefined || after.status === 'Delete in progress').toBe(true);
    });

    it('puts, overwrites and deletes an alarm', async () => {
      const req = alarmRequest('cpu-high', 12);
      await p.putAlarm(target, req);
      let alarm = (await p.readEnvironment(target)).alarms.find((a) => a.name === req.name);
      expect(alarm).toMatchObject({ namespace: 'AWS/EC2', metricName: 'CPUUtilization', dimensions: req.dimensions, threshold: 80, comparison: 'GreaterThanThreshold', periodSeconds: 300 });
      expect(identityFromTags(alarm?.tags ?? {})).toEqual(identity('cpu-high', 12));

      await p.putAlarm(target, { ...req, threshold: 90 });
      alarm = (await p.readEnvironment(target)).alarms.find((a) => a.name === req.name);
      expect(alarm?.threshold).toBe(90);

      await p.deleteAlarms(target, [req.name]);
      expect((await p.readEnvironment(target)).alarms.find((a) => a.name === req.name)).toBeUndefined();
    });

    it('sets and removes tags on instances, groups and alarms', async () => {
      const id = await launch('tagged', 13, { tags: { ...managedTags({ team: 'platform', old: 'x' }, identity('tagged', 13)) } });
      const group = await groupRequest('tagged-group', 14, { tags: managedTags({ old: 'x' }, identity('tagged-group', 14)) });
      await p.createGroup(target, group);
      const alarm = alarmRequest('tagged-alarm', 15, { tags: managedTags({ old: 'x' }, identity('tagged-alarm', 15)) });
      await p.putAlarm(target, alarm);

      await p.updateTags(target, 'instance', [id], { team: 'web' }, ['old']);
      await p.updateTags(target, 'autoscaling-group', [group.name], { team: 'web' }, ['old']);
      await p.updateTags(target, 'alarm', [alarm.name], { team: 'web' }, ['old']);

      const fleet = await p.readEnvironment(target);
      for (const tags of [instanceIn(fleet, id)?.tags, fleet.groups.find((g) => g.name === group.name)?.tags, fleet.alarms.find((a) => a.name === alarm.name)?.tags]) {
        expect(tags?.team).toBe('web');
        expect(tags).not.toHaveProperty('old');
        expect(identityFromTags(tags ?? {})).toBeDefined();
      }
    });

    it('shows an untagged instance only as unmanaged, and a managed one only in its environment', async () => {
      const unmanaged = await launch('ignored', 16, { tags: { Name: 'hand-made' } });
      const managed = await launch('mine', 17);
      const fleet = await p.readEnvironment(target);
      const seen = instanceIn(fleet, unmanaged);
      expect(seen?.tags).toEqual({ Name: 'hand-made' });
      expect(identityFromTags(seen?.tags ?? {})).toBeUndefined();
      expect(instanceIn(fleet, managed)).toBeDefined();

      const other = await p.readEnvironment({ ...target, env: `${target.env}-other` });
      expect(instanceIn(other, managed)).toBeUndefined();
      expect(instanceIn(other, unmanaged)?.tags).toEqual({ Name: 'hand-made' });
    });

    it('answers the account the credentials act in', async () => {
      expect(await p.callerAccountId(target)).toBe(target.accountId);
    });

    it('counts its calls by AWS operation name', async () => {
      const before = p.callStats();
      await launch('counted', 18);
      await p.readEnvironment(target);
      const after = p.callStats();
      expect(after.total).toBeGreaterThanOrEqual(before.total + 2);
      expect(after.byOperation.RunInstances ?? 0).toBeGreaterThan(before.byOperation.RunInstances ?? 0);
      expect(after.byOperation.DescribeInstances ?? 0).toBeGreaterThan(before.byOperation.DescribeInstances ?? 0);
      expect(Object.values(after.byOperation).reduce((a, b) => a + b, 0)).toBe(after.total);
    });
  });
}
