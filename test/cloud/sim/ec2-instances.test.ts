import { describe, expect, it } from 'vitest';
import { DEFAULT_SIM_TIMINGS } from '../../../src/cloud/sim/index.js';
import { CloudError, ErrorCode } from '../../../src/errors.js';
import { ARM_AMI, instanceRequest, makeSim, rejectionOf, target } from './sim-fixtures.js';

describe('sim RunInstances', () => {
  it.each([
    ['an unknown instance type', { instanceType: 't3.mega' }, ErrorCode.CloudInvalidInstanceType, 'InvalidParameterValue', "Invalid value 't3.mega' for InstanceType"],
    ['an AMI that does not exist', { ami: 'ami-0000000000000dead' }, ErrorCode.CloudInvalidAmi, 'InvalidAMIID.NotFound', "The image id '[ami-0000000000000dead]' does not exist"],
    ['a malformed AMI id', { ami: 'ubuntu-22.04' }, ErrorCode.CloudInvalidAmi, 'InvalidAMIID.Malformed', 'Invalid id: "ubuntu-22.04" (expecting "ami-...")'],
    [
      'an arm64 AMI on an x86_64 type',
      { ami: ARM_AMI },
      ErrorCode.CloudArchitectureMismatch,
      'InvalidParameterValue',
      "The architecture 'x86_64' of the specified instance type does not match the architecture 'arm64' of the specified AMI",
    ],
    ['a reserved aws: tag key', { tags: { 'aws:cloudformation:stack-name': 'x' } }, ErrorCode.CloudApi, 'InvalidParameterValue', "Tag keys starting with 'aws:' are reserved"],
  ] as const)('refuses %s like EC2', async (_label, over, code, providerCode, message) => {
    const { sim } = makeSim();
    const e = await rejectionOf(sim.runInstance(target, instanceRequest('web', 1, over)));
    expect(e).toBeInstanceOf(CloudError);
    expect(e).toMatchObject({ code, retryable: false, details: { providerCode, operation: 'RunInstances' } });
    expect(e.message).toContain(message);
    expect((await sim.readEnvironment(target)).instances).toEqual([]);
  });

  it('runs a real AWS type the catalogue does not hold (g5.xlarge), as EC2 would', async () => {
    const { sim } = makeSim();
    const { instanceId } = await sim.runInstance(target, instanceRequest('gpu', 1, { instanceType: 'g5.xlarge' }));
    expect((await sim.readEnvironment(target)).instances.find((i) => i.id === instanceId)?.instanceType).toBe('g5.xlarge');
  });

  it('runs an arm64 type on an arm64 AMI, and knows AMIs registered later', async () => {
    const { sim } = makeSim();
    await expect(sim.runInstance(target, instanceRequest('arm', 1, { ami: ARM_AMI, instanceType: 't4g.micro' }))).resolves.toHaveProperty('instanceId');
    sim.registerImage({ id: 'ami-0aaaabbbbccccdddd', architecture: 'x86_64' });
    await expect(sim.runInstance(target, instanceRequest('new', 2, { ami: 'ami-0aaaabbbbccccdddd' }))).resolves.toHaveProperty('instanceId');
  });

  it('returns the first instance for a repeated client token, counting each call', async () => {
    const { sim } = makeSim();
    const a = await sim.runInstance(target, instanceRequest('web'));
    const b = await sim.runInstance(target, instanceRequest('web'));
    expect(b).toEqual(a);
    expect(sim.callStats().byOperation.RunInstances).toBe(2);
    expect((await sim.readEnvironment(target)).instances).toHaveLength(1);
  });

  it('treats the same token in another region as a new request (tokens are regional)', async () => {
    const { sim } = makeSim();
    const a = await sim.runInstance(target, instanceRequest('web'));
    const b = await sim.runInstance({ ...target, region: 'us-west-2' }, instanceRequest('web'));
    expect(b.instanceId).not.toBe(a.instanceId);
  });

  it('refuses a token whose instance was terminated (IdempotentInstanceTerminated)', async () => {
    const { sim } = makeSim();
    const { instanceId } = await sim.runInstance(target, instanceRequest('web'));
    await sim.terminateInstances(target, [instanceId]);
    const e = await rejectionOf(sim.runInstance(target, instanceRequest('web')));
    expect(e.details).toMatchObject({ providerCode: 'IdempotentInstanceTerminated', instanceId });
  });

  it('never stores user data, only its hash, and does not read it back in batch', async () => {
    const { sim } = makeSim();
    const { instanceId } = await sim.runInstance(target, instanceRequest('web', 1, { userData: '#!/bin/sh\nexport DB_PASSWORD=hunter2\n' }));
    const stored = sim.readState((s) => JSON.stringify(s.instances.get(instanceId)));
    expect(stored).not.toContain('hunter2');
    const seen = (await sim.readEnvironment(target)).instances[0];
    expect(seen).not.toHaveProperty('userData');
  });
});

describe('sim ModifyInstanceAttribute', () => {
  async function stoppedInstance() {
    const made = makeSim();
    const { instanceId } = await made.sim.runInstance(target, instanceRequest('web'));
    made.clock.advance(DEFAULT_SIM_TIMINGS.pendingMs);
    await made.sim.stopInstances(target, [instanceId]);
    made.clock.advance(DEFAULT_SIM_TIMINGS.stoppingMs);
    return { ...made, instanceId };
  }

  it.each([
    ['instanceType', { instanceType: 't3.small' }],
    ['ebsOptimized', { ebsOptimized: true }],
    ['userData', { userData: 'echo hi' }],
  ] as const)('changes %s only while stopped', async (_attr, req) => {
    const { sim, clock, instanceId } = await stoppedInstance();
    await sim.startInstances(target, [instanceId]);
    clock.advance(DEFAULT_SIM_TIMINGS.pendingMs);
    const e = await rejectionOf(sim.modifyInstance(target, instanceId, req));
    expect(e).toMatchObject({ code: ErrorCode.CloudIncorrectState, details: { providerCode: 'IncorrectInstanceState', operation: 'ModifyInstanceAttribute' } });
    expect(e.message).toContain(`The instance '${instanceId}' is not in the 'stopped' state`);
  });

  it('changes security groups and monitoring on a running instance', async () => {
    const { sim, clock, instanceId } = await stoppedInstance();
    await sim.startInstances(target, [instanceId]);
    clock.advance(DEFAULT_SIM_TIMINGS.pendingMs);
    await sim.modifyInstance(target, instanceId, { securityGroupIds: ['sg-0a1b2c3d4e5f60009'], monitoring: true });
    const seen = (await sim.readEnvironment(target)).instances[0];
    expect(seen).toMatchObject({ securityGroupIds: ['sg-0a1b2c3d4e5f60009'], monitoring: true });
  });

  it('makes one API call per attribute, as EC2 takes one attribute per ModifyInstanceAttribute', async () => {
    const { sim, instanceId } = await stoppedInstance();
    const before = sim.callStats().byOperation;
    await sim.modifyInstance(target, instanceId, { instanceType: 't3.large', ebsOptimized: true, securityGroupIds: ['sg-0a1b2c3d4e5f60009'], monitoring: true });
    const after = sim.callStats().byOperation;
    expect((after.ModifyInstanceAttribute ?? 0) - (before.ModifyInstanceAttribute ?? 0)).toBe(3);
    expect(after.MonitorInstances).toBe(1);
    expect((await sim.readEnvironment(target)).instances[0]).toMatchObject({ instanceType: 't3.large', ebsOptimized: true, monitoring: true });
  });

  it.each([
    ['an unknown type', 't3.mega', ErrorCode.CloudInvalidInstanceType, 'Value (t3.mega) for parameter instanceType is invalid'],
    ['a type of another architecture than the AMI', 't4g.micro', ErrorCode.CloudArchitectureMismatch, "The architecture 'arm64' of the specified instance type"],
  ] as const)('refuses %s with InvalidInstanceAttributeValue', async (_label, instanceType, code, message) => {
    const { sim, instanceId } = await stoppedInstance();
    const e = await rejectionOf(sim.modifyInstance(target, instanceId, { instanceType }));
    expect(e).toMatchObject({ code, details: { providerCode: 'InvalidInstanceAttributeValue' } });
    expect(e.message).toContain(message);
    expect((await sim.readEnvironment(target)).instances[0]?.instanceType).toBe('t3.micro');
  });
});

describe('sim updateTags on instances', () => {
  it('uses CreateTags and DeleteTags, and refuses aws: keys', async () => {
    const { sim } = makeSim();
    const { instanceId } = await sim.runInstance(target, instanceRequest('web'));
    await sim.updateTags(target, 'instance', [instanceId], { owner: 'ana' }, ['team']);
    expect(sim.callStats().byOperation).toMatchObject({ CreateTags: 1, DeleteTags: 1 });
    const tags = (await sim.readEnvironment(target)).instances[0]?.tags;
    expect(tags).toMatchObject({ owner: 'ana', 'qm:name': 'web' });
    expect(tags).not.toHaveProperty('team');
    await expect(sim.updateTags(target, 'instance', [instanceId], { 'aws:x': '1' }, [])).rejects.toMatchObject({ details: { providerCode: 'InvalidParameterValue' } });
  });
});
