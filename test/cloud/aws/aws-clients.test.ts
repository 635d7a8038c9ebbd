import { STSClient } from '@aws-sdk/client-sts';
import { afterEach, describe, expect, it } from 'vitest';
import { assumeRoleCredentials } from '../../../src/cloud/aws/assume-role-credentials.js';
import { createAwsProvider } from '../../../src/cloud/aws/index.js';
import type { EnvTarget } from '../../../src/cloud/provider.js';
import { createManualClock } from '../../../src/clock.js';
import { ErrorCode } from '../../../src/errors.js';
import { startFakeAws, type FakeAws } from '../../support/fake-aws/index.js';
import { TEST_CREDENTIALS } from './aws-test-kit.js';

const base: EnvTarget = { env: 'prod', region: 'eu-west-1', accountId: '123456789012' };
const ROLE = 'arn:aws:iam::210987654321:role/quartermaster';

const fakes: FakeAws[] = [];
async function fake(opts: Parameters<typeof startFakeAws>[0] = {}): Promise<FakeAws> {
  const f = await startFakeAws(opts);
  fakes.push(f);
  return f;
}

afterEach(async () => {
  await Promise.all(fakes.splice(0).map((f) => f.close()));
});

describe('credentials, regions and roles', () => {
  it('assumes an environment role once and signs every later call with its temporary keys', async () => {
    const f = await fake();
    const p = createAwsProvider({ endpoints: { default: f.url }, credentials: TEST_CREDENTIALS, roleSessionName: 'qm-test' });
    const target = { ...base, accountId: '210987654321', roleArn: ROLE };

    expect(await p.callerAccountId(target)).toBe('210987654321');
    await p.readEnvironment(target);
    await p.readEnvironment(target);

    const assume = f.calls.filter((c) => c.action === 'AssumeRole');
    expect(assume.map((c) => [c.accessKeyId, c.params])).toEqual([[TEST_CREDENTIALS.accessKeyId, { RoleArn: ROLE, RoleSessionName: 'qm-test', DurationSeconds: '3600' }]]);
    const rest = f.calls.filter((c) => c.action !== 'AssumeRole');
    expect(rest.length).toBeGreaterThan(5);
    for (const c of rest) expect({ key: c.accessKeyId.slice(0, 4), account: c.account }).toEqual({ key: 'ASIA', account: '210987654321' });
    expect(p.callStats().byOperation.AssumeRole).toBe(1);
  });

  it('keeps the base credentials for an environment without a role', async () => {
    const f = await fake();
    const p = createAwsProvider({ endpoints: { default: f.url }, credentials: TEST_CREDENTIALS });
    expect(await p.callerAccountId(base)).toBe('123456789012');
    expect(await p.callerAccountId({ ...base, roleArn: ROLE })).toBe('210987654321');
    expect(f.calls.map((c) => [c.action, c.accessKeyId.slice(0, 4)])).toEqual([
      ['GetCallerIdentity', 'AKIA'],
      ['AssumeRole', 'AKIA'],
      ['GetCallerIdentity', 'ASIA'],
    ]);
  });

  it('assumes the role again only when its session is about to expire (the SDK clients also cache it until then)', async () => {
    const f = await fake();
    const clock = createManualClock(new Date());
    const sts = new STSClient({ region: 'eu-west-1', endpoint: f.url, credentials: TEST_CREDENTIALS });
    const credentials = assumeRoleCredentials(sts, ROLE, 'qm', clock);
    const [first, concurrent] = await Promise.all([credentials(), credentials()]);
    expect(concurrent).toBe(first);
    clock.advance(54 * 60_000);
    expect(await credentials()).toBe(first);
    clock.advance(2 * 60_000);
    const renewed = await credentials();
    expect(renewed.accessKeyId).not.toBe(first.accessKeyId);
    expect(f.calls.filter((c) => c.action === 'AssumeRole')).toHaveLength(2);
  });

  it('refuses a role it may not assume, naming the action and the role', async () => {
    const f = await fake({ deniedRoles: [ROLE] });
    const p = createAwsProvider({ endpoints: { default: f.url }, credentials: TEST_CREDENTIALS, maxAttempts: 1 });
    const error = await p.readEnvironment({ ...base, roleArn: ROLE }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: ErrorCode.CloudUnauthorized, details: { providerCode: 'AccessDenied', operation: 'sts:AssumeRole' } });
    expect(String((error as Error).message)).toContain(`sts:AssumeRole on ${ROLE}`);
  });

  it('signs for each environment\'s own region', async () => {
    const f = await fake();
    const p = createAwsProvider({ endpoints: { default: f.url }, credentials: TEST_CREDENTIALS });
    await p.callerAccountId(base);
    await p.callerAccountId({ ...base, env: 'us', region: 'us-east-1' });
    expect(f.calls.map((c) => c.region)).toEqual(['eu-west-1', 'us-east-1']);
  });
});

describe('endpoints', () => {
  const restore: Record<string, string | undefined> = {};
  const setEnv = (vars: Record<string, string>) => {
    for (const [k, v] of Object.entries(vars)) {
      restore[k] = process.env[k];
      process.env[k] = v;
    }
  };
  afterEach(() => {
    for (const [k, v] of Object.entries(restore)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  });

  it('sends each service to its own endpoint when one is given, the rest to the default', async () => {
    const ec2 = await fake();
    const rest = await fake();
    const p = createAwsProvider({ endpoints: { default: rest.url, ec2: ec2.url }, credentials: TEST_CREDENTIALS });
    await p.readEnvironment(base);
    expect(new Set(ec2.calls.map((c) => c.service))).toEqual(new Set(['ec2']));
    expect(new Set(rest.calls.map((c) => c.service))).toEqual(new Set(['autoscaling', 'cloudwatch']));
  });

  it('SDK 3.1169 honours AWS_ENDPOINT_URL and AWS_ENDPOINT_URL_<SERVICE> by itself', async () => {
    const ec2 = await fake();
    const rest = await fake();
    setEnv({ AWS_ENDPOINT_URL: rest.url, AWS_ENDPOINT_URL_EC2: ec2.url });
    await createAwsProvider({ credentials: TEST_CREDENTIALS }).readEnvironment(base);
    expect(new Set(ec2.calls.map((c) => c.service))).toEqual(new Set(['ec2']));
    expect(new Set(rest.calls.map((c) => c.service))).toEqual(new Set(['autoscaling', 'cloudwatch']));
  });

  it('an explicit endpoint wins over the variables', async () => {
    const fromEnv = await fake();
    const explicit = await fake();
    setEnv({ AWS_ENDPOINT_URL: fromEnv.url });
    await createAwsProvider({ endpoints: { default: explicit.url }, credentials: TEST_CREDENTIALS }).callerAccountId(base);
    expect(fromEnv.calls).toEqual([]);
    expect(explicit.calls.map((c) => c.action)).toEqual(['GetCallerIdentity']);
  });
});

describe('options', () => {
  it('uses adaptive retries with 10 attempts unless told otherwise', async () => {
    const f = await fake();
    let seen: { retryMode?: unknown; maxAttempts?: unknown } = {};
    const p = createAwsProvider({
      endpoints: { default: f.url },
      credentials: TEST_CREDENTIALS,
      clientFactory: {
        sts: (config) => {
          seen = { retryMode: config.retryMode, maxAttempts: config.maxAttempts };
          return new STSClient(config);
        },
      },
    });
    await p.callerAccountId(base);
    expect(seen).toEqual({ retryMode: 'adaptive', maxAttempts: 10 });
  });

  it('refuses a maxAttempts below 1', () => {
    expect(() => createAwsProvider({ maxAttempts: 0 })).toThrow(expect.objectContaining({ code: ErrorCode.ConfigInvalid }));
  });
});
