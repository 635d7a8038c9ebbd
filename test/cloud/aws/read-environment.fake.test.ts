import { afterEach, describe, expect, it } from 'vitest';
import type { CreateGroupRequest } from '../../../src/cloud/provider.js';
import type { FakeAws } from '../../support/fake-aws/index.js';
import { paramsOf, providerOnFake } from './aws-test-kit.js';

const spec = (instanceType: string) => ({ ami: 'ami-0abcdef1234567890', instanceType, securityGroupIds: ['sg-0123456789abcdef0'], monitoring: false });
const tags = { 'qm:env': 'prod', 'qm:name': 'web', 'qm:uuid': '6f1c1f0e-0d7b-4a52-9f7e-3c2b1a000010' };
const group = (launchTemplate: { id: string; version: string }): CreateGroupRequest => ({
  name: 'prod-web',
  launchTemplate,
  minSize: 1,
  maxSize: 3,
  desiredCapacity: 2,
  subnetIds: ['subnet-0a1b2c3d4e5f60001'],
  availabilityZones: [],
  healthCheck: { type: 'EC2', gracePeriodSeconds: 300 },
  tags,
});

let fake: FakeAws | undefined;
afterEach(async () => {
  await fake?.close();
});

describe('readEnvironment against the fake endpoint', () => {
  it('reads a group pinned to a version that is neither latest nor default with one more call for its template', async () => {
    const env = await providerOnFake();
    fake = env.fake;
    const { provider, target } = env;
    const versions = [];
    for (const [n, type] of ['t3.micro', 't3.small', 't3.medium'].entries()) {
      versions.push(await provider.putLaunchTemplate(target, { name: 'prod-web', spec: spec(type), tags, clientToken: `lt-${n}` }));
    }
    const pinned = versions[1] ?? { id: '', version: '' };
    await provider.createGroup(target, group(pinned));
    fake.calls.length = 0;

    const read = (await provider.readEnvironment(target)).groups[0];
    expect(read?.launchTemplate).toMatchObject({ id: pinned.id, version: '2', instanceType: 't3.small' });
    expect(paramsOf(fake, 'DescribeLaunchTemplateVersions')).toEqual([
      { LaunchTemplateVersion: ['$Latest', '$Default'], MaxResults: '200' },
      { LaunchTemplateId: pinned.id, LaunchTemplateVersion: ['2'], MaxResults: '200' },
    ]);
  });

  it('reads a group whose template was deleted by hand, with empty template data for the plan to replace', async () => {
    const env = await providerOnFake();
    fake = env.fake;
    const { provider, target, region } = env;
    const lt = await provider.putLaunchTemplate(target, { name: 'prod-web', spec: spec('t3.micro'), tags, clientToken: 'lt' });
    await provider.createGroup(target, group(lt));
    region.templates.delete(lt.id);
    const read = (await provider.readEnvironment(target)).groups[0];
    expect(read?.launchTemplate).toEqual({ id: lt.id, name: 'prod-web', version: '1', ami: '', instanceType: '', securityGroupIds: [], monitoring: false });
  });

  it('reads the refresh of a group mid-refresh only, and sees it finish', async () => {
    const env = await providerOnFake({ fake: { refreshDescribes: 2 } });
    fake = env.fake;
    const { provider, target } = env;
    const v1 = await provider.putLaunchTemplate(target, { name: 'prod-web', spec: spec('t3.micro'), tags, clientToken: 'lt-1' });
    await provider.createGroup(target, group(v1));
    fake.settle();
    expect((await provider.readEnvironment(target)).groups[0]).not.toHaveProperty('refresh');
    expect(paramsOf(fake, 'DescribeInstanceRefreshes')).toEqual([]);

    const v2 = await provider.putLaunchTemplate(target, { name: 'prod-web', spec: spec('t3.small'), tags, clientToken: 'lt-2' });
    await provider.updateGroup(target, 'prod-web', { launchTemplate: v2 });
    const { refreshId } = await provider.startInstanceRefresh(target, 'prod-web', { minHealthyPercentage: 50 });
    const during = (await provider.readEnvironment(target)).groups[0];
    expect(during?.refresh).toEqual({ id: refreshId, status: 'InProgress', percentComplete: 50 });
    expect(during?.instances.map((i) => i.launchTemplateVersion)).toEqual(['1', '1']);

    expect(await provider.waitForInstanceRefresh(target, 'prod-web', refreshId, { timeoutMs: 600_000 })).toBe('Successful');
    fake.settle();
    const after = (await provider.readEnvironment(target)).groups[0];
    expect(after?.instances.map((i) => i.launchTemplateVersion)).toEqual(['2', '2']);
    // Every member runs the group's version again: no refresh read, none reported.
    expect(after).not.toHaveProperty('refresh');
  });
});
