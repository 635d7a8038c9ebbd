import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DescribeInstancesCommand, EC2Client } from '@aws-sdk/client-ec2';
import { afterEach, describe, expect, it } from 'vitest';
import { createAwsProvider } from '../../../src/cloud/aws/index.js';
import { startFakeAws, type FakeAws, type FakeAwsSeed, type RecordedCall } from './index.js';
import { unflatten } from './wire.js';

const credentials = { accessKeyId: 'AKIAIOSFODNN7EXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY' };

describe('the fake AWS endpoint', () => {
  let fake: FakeAws | undefined;
  afterEach(async () => {
    await fake?.close();
    fake = undefined;
  });

  it('unflattens query-protocol parameters, EC2 and Auto Scaling style', () => {
    const form = new URLSearchParams(
      'Filter.1.Name=tag%3Aqm%3Aenv&Filter.1.Value.1=prod&Filter.1.Value.2=dev&Tags.member.1.Key=k&Tags.member.1.PropagateAtLaunch=true&MaxResults=5&AvailabilityZones=',
    );
    expect(unflatten(form)).toEqual({
      Filter: [{ Name: 'tag:qm:env', Value: ['prod', 'dev'] }],
      Tags: [{ Key: 'k', PropagateAtLaunch: 'true' }],
      MaxResults: '5',
      AvailabilityZones: '',
    });
  });

  it('answers like EC2 outside the API limits, so the adapter cannot rely on laxer behaviour', async () => {
    fake = await startFakeAws();
    const ec2 = new EC2Client({ region: 'eu-west-1', endpoint: fake.url, credentials, maxAttempts: 1 });
    await expect(ec2.send(new DescribeInstancesCommand({ MaxResults: 2000 }))).rejects.toMatchObject({ name: 'InvalidParameterValue' });
    await expect(ec2.send(new DescribeInstancesCommand({ InstanceIds: ['i-0123456789abcdef0'] }))).rejects.toMatchObject({ name: 'InvalidInstanceID.NotFound' });
    await expect(ec2.send(new DescribeInstancesCommand({ Filters: [{ Name: 'tag:qm:env', Values: ['x'] }], NextToken: 'forged' }))).rejects.toMatchObject({ name: 'InvalidParameterValue' });
  });

  it('runs standalone with a seed, prints its URL, records calls and stops on SIGTERM', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'fake-aws-'));
    const seed: FakeAwsSeed = { options: { accountId: '111122223333' }, fleets: [{ region: 'eu-west-1', env: 'prod', instances: 1500, groups: 2, alarms: 3, unmanagedInstances: 2 }] };
    writeFileSync(join(dir, 'seed.json'), JSON.stringify(seed));
    const serve = fileURLToPath(new URL('./serve.ts', import.meta.url));
    const child = spawn(process.execPath, ['--import', 'tsx', serve, '--seed', join(dir, 'seed.json'), '--record', join(dir, 'calls.jsonl')], { stdio: ['ignore', 'pipe', 'pipe'] });
    const url = await new Promise<string>((resolve, reject) => {
      let out = '';
      child.stdout.on('data', (d: Buffer) => {
        out += d.toString();
        const m = /FAKE_AWS_URL=(\S+)/.exec(out);
        if (m?.[1]) resolve(m[1]);
      });
      child.on('exit', (code) => reject(new Error(`serve.ts exited with ${code}`)));
    });
    try {
      const provider = createAwsProvider({ endpoints: { default: url }, credentials });
      const fleet = await provider.readEnvironment({ env: 'prod', region: 'eu-west-1', accountId: '111122223333' });
      expect(fleet.instances.filter((i) => i.tags['qm:env'] === 'prod')).toHaveLength(1500);
      expect(fleet.instances.filter((i) => i.memberOfGroup)).toHaveLength(4);
      expect(fleet.instances.filter((i) => i.tags.Name?.startsWith('hand-made'))).toHaveLength(2);
      expect(fleet.groups.map((g) => g.name)).toEqual(['prod-group-0', 'prod-group-1']);
      expect(fleet.alarms).toHaveLength(3);
      expect(await provider.callerAccountId({ env: 'prod', region: 'eu-west-1', accountId: '111122223333' })).toBe('111122223333');
    } finally {
      const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
      child.kill('SIGTERM');
      expect(await exited).toBe(0);
    }
    const calls = readFileSync(join(dir, 'calls.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as RecordedCall);
    expect(calls.filter((c) => c.action === 'DescribeInstances').map((c) => c.params.MaxResults)).toEqual(['1000', '1000']);
    expect(calls.at(-1)).toMatchObject({ service: 'sts', action: 'GetCallerIdentity', account: '111122223333', status: 200 });
  });
});
