import type { CreateGroupRequest, EnvTarget, PutAlarmRequest, RunInstanceRequest } from '../../../src/cloud/provider.js';
import { createSimProvider, type SimProvider, type SimProviderOptions } from '../../../src/cloud/sim/index.js';
import { createManualClock, type ManualClock } from '../../../src/clock.js';
import { managedTags, physicalName } from '../../../src/model/identity.js';

/** Shared set-up for the sim's own tests: a manual clock and requests shaped like the executor's. */
export const target: EnvTarget = { env: 'dev', region: 'us-east-1', accountId: '123456789012' };
export const X86_AMI = 'ami-0abcdef1234567890';
export const ARM_AMI = 'ami-0fedcba9876543210';

export function makeSim(opts: Partial<SimProviderOptions> = {}): { sim: SimProvider; clock: ManualClock } {
  const clock = createManualClock('2026-03-01T09:00:00Z');
  return { sim: createSimProvider({ clock, ...opts }), clock };
}

export function uuidFor(n: number): string {
  return `6f1d2c3b-4a59-4e6f-8a7b-${n.toString(16).padStart(12, '0')}`;
}

export function instanceRequest(name: string, n = 1, over: Partial<RunInstanceRequest> = {}): RunInstanceRequest {
  return {
    clientToken: `tok-${name}-${n}`,
    instanceType: 't3.micro',
    ami: X86_AMI,
    subnetId: 'subnet-0a1b2c3d4e5f60001',
    securityGroupIds: ['sg-0a1b2c3d4e5f60001'],
    monitoring: false,
    ebsOptimized: false,
    rootVolume: { sizeGiB: 8, volumeType: 'gp3', encrypted: true },
    tags: managedTags({ team: 'platform' }, { env: target.env, name, uuid: uuidFor(n) }),
    ...over,
  };
}

/** Puts a launch template (version 1) and returns a group request on it. */
export async function groupRequest(sim: SimProvider, name: string, n = 1, over: Partial<CreateGroupRequest> = {}): Promise<CreateGroupRequest> {
  const physical = physicalName(target.env, name);
  const tags = managedTags({ team: 'platform' }, { env: target.env, name, uuid: uuidFor(n) });
  const launchTemplate = await sim.putLaunchTemplate(target, {
    name: physical,
    spec: { ami: X86_AMI, instanceType: 't3.small', securityGroupIds: ['sg-0a1b2c3d4e5f60001'], monitoring: true },
    tags,
    clientToken: `lt-${name}-${n}`,
  });
  return {
    name: physical,
    launchTemplate,
    minSize: 1,
    maxSize: 6,
    desiredCapacity: 2,
    subnetIds: ['subnet-0a1b2c3d4e5f60001', 'subnet-0a1b2c3d4e5f60002'],
    availabilityZones: [],
    healthCheck: { type: 'EC2', gracePeriodSeconds: 300 },
    tags,
    ...over,
  };
}

export function alarmRequest(name: string, n = 1, over: Partial<PutAlarmRequest> = {}): PutAlarmRequest {
  return {
    name: physicalName(target.env, name),
    namespace: 'AWS/EC2',
    metricName: 'CPUUtilization',
    dimensions: { AutoScalingGroupName: 'dev-web' },
    statistic: 'Average',
    periodSeconds: 300,
    evaluationPeriods: 2,
    threshold: 80,
    comparison: 'GreaterThanThreshold',
    treatMissingData: 'missing',
    alarmActions: [],
    okActions: [],
    tags: managedTags({ team: 'platform' }, { env: target.env, name, uuid: uuidFor(n) }),
    ...over,
  };
}

/** The rejection of a promise (fails the test when it resolves). */
export async function rejectionOf(promise: Promise<unknown>): Promise<Error & { code?: string; details?: Record<string, unknown>; retryable?: boolean }> {
  return promise.then(
    () => {
      throw new Error('expected a rejection');
    },
    (e: Error) => e,
  );
}
