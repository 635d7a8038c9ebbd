import { afterEach, describe, expect, it } from 'vitest';
import type { FakeAws } from '../../support/fake-aws/index.js';
import { paramsOf, providerOnFake } from './aws-test-kit.js';

let fake: FakeAws | undefined;
afterEach(async () => {
  await fake?.close();
});

describe('a target-tracking policy on ALB requests per target', () => {
  it('sends its ResourceLabel (AWS refuses the policy without it) and reads it back', async () => {
    const env = await providerOnFake({});
    fake = env.fake;
    const { provider, target } = env;
    const lt = await provider.putLaunchTemplate(target, {
      name: 'prod-api',
      spec: { ami: 'ami-0abcdef1234567890', instanceType: 't3.micro', securityGroupIds: ['sg-0123456789abcdef0'], monitoring: false },
      tags: {},
      clientToken: 'lt-api',
    });
    await provider.createGroup(target, {
      name: 'prod-api',
      launchTemplate: lt,
      minSize: 1,
      maxSize: 3,
      desiredCapacity: 1,
      subnetIds: ['subnet-0a1b2c3d4e5f60001'],
      availabilityZones: [],
      healthCheck: { type: 'EC2', gracePeriodSeconds: 300 },
      tags: { 'qm:env': target.env, 'qm:name': 'api', 'qm:uuid': '6f1c1f0e-0d7b-4a52-9f7e-3c2b1a000009' },
    });
    const resourceLabel = 'app/prod-alb/0123456789abcdef/targetgroup/prod-api/fedcba9876543210';
    await provider.putScalingPolicy(target, 'prod-api', { name: 'rps', metric: 'ALBRequestCountPerTarget', targetValue: 500, disableScaleIn: false, resourceLabel });

    expect(paramsOf(fake, 'PutScalingPolicy')[0]).toMatchObject({
      TargetTrackingConfiguration: { PredefinedMetricSpecification: { PredefinedMetricType: 'ALBRequestCountPerTarget', ResourceLabel: resourceLabel } },
    });
    const fleet = await provider.readEnvironment(target);
    expect(fleet.groups.find((g) => g.name === 'prod-api')?.scalingPolicies).toEqual([
      { name: 'rps', metric: 'ALBRequestCountPerTarget', targetValue: 500, disableScaleIn: false, resourceLabel },
    ]);
  });
});
