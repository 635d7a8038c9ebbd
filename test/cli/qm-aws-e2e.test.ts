import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeAws, type FakeAws, type RecordedCall } from '../support/fake-aws/index.js';
import { DAVE, scratchFleet } from './run-qm.js';

const exec = promisify(execFile);
const MAIN = fileURLToPath(new URL('../../src/cli/main.ts', import.meta.url));

/**
 * `qm` as users run it: a separate process with the real SDK clients, pointed by
 * AWS_ENDPOINT_URL at a local endpoint that answers like EC2, Auto Scaling, CloudWatch and STS.
 */
let fake: FakeAws;
let dir: string;
let baseEnv: Record<string, string>;

async function qm(args: string[]): Promise<{ code: number; stdout: string; stderr: string; calls: RecordedCall[] }> {
  const before = fake.calls.length;
  try {
    const { stdout, stderr } = await exec(process.execPath, ['--import', 'tsx', MAIN, '--provider', 'aws', '--dir', dir, ...args], { env: baseEnv });
    return { code: 0, stdout, stderr, calls: fake.calls.slice(before) };
  } catch (e) {
    const err = e as { code: number; stdout: string; stderr: string };
    return { code: err.code, stdout: err.stdout, stderr: err.stderr, calls: fake.calls.slice(before) };
  }
}

const count = (calls: RecordedCall[]) =>
  calls.reduce<Record<string, number>>((acc, c) => ({ ...acc, [c.action]: (acc[c.action] ?? 0) + 1 }), {});

beforeAll(async () => {
  // dev has no role_arn: the plain credentials must act in dev's own account.
  fake = await startFakeAws({ accountId: '111122223333' });
  ({ dir } = await scratchFleet());
  baseEnv = {
    PATH: process.env.PATH ?? '',
    HOME: process.env.HOME ?? '/tmp',
    AWS_ENDPOINT_URL: fake.url,
    AWS_ACCESS_KEY_ID: 'AKIAIOSFODNN7EXAMPLE',
    AWS_SECRET_ACCESS_KEY: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
    AWS_EC2_METADATA_DISABLED: 'true',
    QM_AWS_POLL_SECONDS: '1',
    NO_COLOR: '1',
    QM_ACTOR: DAVE,
    // The SDK's notice that its 2027 releases need Node 22 (true, documented in docs/aws.md); kept out of stderr here.
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
  };
});

afterAll(async () => {
  await fake?.close();
});

describe('qm against an AWS endpoint (AWS_ENDPOINT_URL)', () => {
  it('plan reads with batched describes only, and writes nothing', async () => {
    const r = await qm(['plan', '--env', 'dev', '--detailed-exitcode']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(2);
    expect(r.stdout).toContain('Plan: 4 to add, 0 to change, 0 to destroy.');
    // One page of each describe for a small environment: never one call per resource.
    expect(count(r.calls)).toEqual({
      DescribeAlarms: 1,
      DescribeAutoScalingGroups: 1,
      DescribeInstances: 1,
      DescribeLaunchTemplateVersions: 1,
      DescribePolicies: 1,
    });
  });

  it('apply checks the account first, then makes exactly the calls the plan needs', async () => {
    const r = await qm(['apply', '--env', 'dev', '--auto-approve']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('Apply complete: 4 applied, 0 failed, 0 skipped.');

    const writes = r.calls.filter((c) => !c.action.startsWith('Describe'));
    expect(writes[0]?.action).toBe('GetCallerIdentity');
    expect(count(writes)).toEqual({
      GetCallerIdentity: 1,
      CreateLaunchTemplate: 2,
      CreateAutoScalingGroup: 2,
      PutScalingPolicy: 1,
      RunInstances: 1,
      PutMetricAlarm: 1,
    });
    const run = writes.find((c) => c.action === 'RunInstances')!;
    expect(run.params).toMatchObject({ InstanceType: 't3.nano', MinCount: '1', MaxCount: '1' });
    expect(String(run.params.ClientToken)).toMatch(/^[0-9a-f]{64}$/);
    expect(JSON.stringify(run.params.TagSpecification)).toContain('qm:uuid');
    // Tags at creation: no window where the alarm exists without its identity.
    expect(JSON.stringify(writes.find((c) => c.action === 'PutMetricAlarm')!.params)).toContain('qm:uuid');
  });

  it('a second plan finds nothing to do', async () => {
    const r = await qm(['plan', '--env', 'dev', '--detailed-exitcode']);
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(r.stdout).toContain('No changes');
  });

  it('refuses to write when the credentials act in another account than the environment', async () => {
    const other = await startFakeAws({ accountId: '999999999999' });
    try {
      const saved = baseEnv.AWS_ENDPOINT_URL!;
      baseEnv.AWS_ENDPOINT_URL = other.url;
      const before = other.calls.length;
      const r = await qm(['apply', '--env', 'dev', '--auto-approve']);
      baseEnv.AWS_ENDPOINT_URL = saved;
      expect(r.code).toBe(1);
      expect(r.stdout + r.stderr).toMatch(/999999999999/);
      const actions = other.calls.slice(before).map((c) => c.action);
      expect(actions.filter((a) => !a.startsWith('Describe') && a !== 'GetCallerIdentity')).toEqual([]);
    } finally {
      await other.close();
    }
  });
});
