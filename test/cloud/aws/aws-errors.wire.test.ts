import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createAwsProvider, type AwsProvider } from '../../../src/cloud/aws/index.js';
import type { CloudProvider, EnvTarget, RunInstanceRequest } from '../../../src/cloud/provider.js';
import { CloudError, ErrorCode, isQmError, type QmError } from '../../../src/errors.js';
import { awsNock, blockNetwork, pendingNock, resetNock, TEST_CREDENTIALS, type CannedReply, type WireService } from './aws-test-kit.js';

const target: EnvTarget = { env: 'prod', region: 'eu-west-1', accountId: '123456789012' };

const run: RunInstanceRequest = {
  clientToken: 'plan-3f9a/6f1c1f0e-0d7b-4a52-9f7e-3c2b1a000001',
  instanceType: 't3.micro',
  ami: 'ami-0abcdef1234567890',
  subnetId: 'subnet-0a1b2c3d4e5f60001',
  securityGroupIds: ['sg-0123456789abcdef0'],
  monitoring: false,
  ebsOptimized: false,
  rootVolume: { sizeGiB: 8, volumeType: 'gp3', encrypted: true },
  tags: { 'qm:env': 'prod', 'qm:name': 'bastion', 'qm:uuid': '6f1c1f0e-0d7b-4a52-9f7e-3c2b1a000001' },
};

const images: [WireService, string, CannedReply] = ['ec2', 'DescribeImages', { file: 'ec2/describe-images.xml' }];

interface ErrorCase {
  name: string;
  replies: [WireService, string, CannedReply, number?][];
  call: (p: CloudProvider) => Promise<unknown>;
  target?: EnvTarget;
  code: ErrorCode;
  providerCode: string;
  /** Each must appear in the message: what failed and what to do. */
  says: (string | RegExp)[];
  retryable?: boolean;
}

const ec2Error = (file: string, status: number): CannedReply => ({ file: `errors/ec2-${file}.xml`, status });

const CASES: ErrorCase[] = [
  {
    name: 'UnauthorizedOperation names the missing IAM action',
    replies: [images, ['ec2', 'RunInstances', ec2Error('unauthorized-operation', 403)]],
    call: (p) => p.runInstance(target, run),
    code: ErrorCode.CloudUnauthorized,
    providerCode: 'UnauthorizedOperation',
    says: ['not authorized to call ec2:RunInstances', 'Grant the IAM action ec2:RunInstances', 'qm iam-policy'],
  },
  {
    name: 'AccessDenied from Auto Scaling names its action',
    replies: [['autoscaling', 'UpdateAutoScalingGroup', { file: 'errors/autoscaling-access-denied.xml', status: 403 }]],
    call: (p) => p.updateGroup(target, 'prod-web', { desiredCapacity: 3 }),
    code: ErrorCode.CloudUnauthorized,
    providerCode: 'AccessDenied',
    says: ['autoscaling:UpdateAutoScalingGroup on prod-web', 'Grant the IAM action autoscaling:UpdateAutoScalingGroup'],
  },
  {
    name: 'AssumeRole refused names sts:AssumeRole and the role',
    target: { ...target, roleArn: 'arn:aws:iam::210987654321:role/quartermaster' },
    replies: [['sts', 'AssumeRole', { file: 'errors/sts-access-denied.xml', status: 403 }]],
    call: (p) => p.callerAccountId({ ...target, roleArn: 'arn:aws:iam::210987654321:role/quartermaster' }),
    code: ErrorCode.CloudUnauthorized,
    providerCode: 'AccessDenied',
    says: ['sts:AssumeRole on arn:aws:iam::210987654321:role/quartermaster'],
  },
  {
    name: 'AuthFailure points at the credentials',
    replies: [['ec2', 'StopInstances', ec2Error('auth-failure', 401)]],
    call: (p) => p.stopInstances(target, ['i-0a1b2c3d4e5f60001']),
    code: ErrorCode.CloudUnauthorized,
    providerCode: 'AuthFailure',
    says: ['rejected the credentials', 'AWS_PROFILE'],
  },
  {
    name: 'InsufficientInstanceCapacity suggests another type or zone',
    replies: [images, ['ec2', 'RunInstances', ec2Error('insufficient-instance-capacity', 500)]],
    call: (p) => p.runInstance(target, run),
    code: ErrorCode.CloudInsufficientCapacity,
    providerCode: 'InsufficientInstanceCapacity',
    says: ['no capacity for t3.micro in eu-west-1', 'Try another instance type', 'another availability zone'],
    retryable: true,
  },
  {
    name: 'IncorrectInstanceState says to wait for the transition',
    replies: [['ec2', 'ModifyInstanceAttribute', ec2Error('incorrect-instance-state', 400)]],
    call: (p) => p.modifyInstance(target, 'i-0a1b2c3d4e5f60001', { instanceType: 't3.small' }),
    code: ErrorCode.CloudIncorrectState,
    providerCode: 'IncorrectInstanceState',
    says: ["i-0a1b2c3d4e5f60001 is not in a state that allows ec2:ModifyInstanceAttribute: The instance 'i-0a1b2c3d4e5f60001' is not in the 'stopped' state", 'only while stopped'],
  },
  {
    name: 'InvalidAMIID.NotFound (from DescribeImages, before any launch)',
    replies: [['ec2', 'DescribeImages', ec2Error('invalid-ami-not-found', 400)]],
    call: (p) => p.runInstance(target, { ...run, ami: 'ami-0000000000000dead' }),
    code: ErrorCode.CloudInvalidAmi,
    providerCode: 'InvalidAMIID.NotFound',
    says: ['AMI ami-0000000000000dead cannot be used in eu-west-1', 'AMIs are regional'],
  },
  {
    name: 'InvalidAMIID.Malformed',
    replies: [['ec2', 'DescribeImages', ec2Error('invalid-ami-malformed', 400)]],
    call: (p) => p.runInstance(target, { ...run, ami: 'ami-xyz' }),
    code: ErrorCode.CloudInvalidAmi,
    providerCode: 'InvalidAMIID.Malformed',
    says: ['AMI ami-xyz'],
  },
  {
    // Not "already gone": a delete of a bad id must fail, not pass as done.
    name: 'InvalidInstanceID.Malformed is a bad id, not a missing instance',
    replies: [
      [
        'ec2',
        'TerminateInstances',
        {
          status: 400,
          body: '<?xml version="1.0" encoding="UTF-8"?>\n<Response><Errors><Error><Code>InvalidInstanceID.Malformed</Code><Message>Invalid id: "i-xyz"</Message></Error></Errors><RequestID>5d0c1e2a-7b1f-4c2e-9d3a-malformed</RequestID></Response>',
        },
      ],
    ],
    call: (p) => p.terminateInstances(target, ['i-xyz']),
    code: ErrorCode.CloudApi,
    providerCode: 'InvalidInstanceID.Malformed',
    says: ['ec2:TerminateInstances was given an id that is not valid (i-xyz) (InvalidInstanceID.Malformed): Invalid id: "i-xyz"', 'Check where the id came from'],
  },
  {
    name: 'a template AMI refused by Auto Scaling is an AMI error too',
    replies: [['autoscaling', 'UpdateAutoScalingGroup', { file: 'errors/autoscaling-template-image.xml', status: 400 }]],
    call: (p) => p.updateGroup(target, 'prod-web', { launchTemplate: { id: 'lt-0a20c965061f64abc', version: '4' } }),
    code: ErrorCode.CloudInvalidAmi,
    providerCode: 'ValidationError',
    says: ['the AMI cannot be used'],
  },
  {
    name: 'an architecture mismatch between AMI and type',
    replies: [images, ['ec2', 'RunInstances', ec2Error('architecture-mismatch', 400)]],
    call: (p) => p.runInstance(target, { ...run, instanceType: 't4g.micro' }),
    code: ErrorCode.CloudArchitectureMismatch,
    providerCode: 'InvalidParameterValue',
    says: ['t4g.micro and the AMI ami-0abcdef1234567890 are built for different CPU architectures', 'Use an AMI built for arm64'],
  },
  {
    name: 'an instance type EC2 does not know',
    replies: [images, ['ec2', 'RunInstances', ec2Error('invalid-instance-type', 400)]],
    call: (p) => p.runInstance(target, { ...run, instanceType: 't3.mega' }),
    code: ErrorCode.CloudInvalidInstanceType,
    providerCode: 'InvalidParameterValue',
    says: ["the instance type t3.mega cannot be used here (eu-west-1): Invalid value 't3.mega' for InstanceType", 'describe-instance-type-offerings'],
  },
  {
    name: 'InstanceLimitExceeded is a quota',
    replies: [images, ['ec2', 'RunInstances', ec2Error('instance-limit-exceeded', 400)]],
    call: (p) => p.runInstance(target, run),
    code: ErrorCode.CloudQuotaExceeded,
    providerCode: 'InstanceLimitExceeded',
    says: ['quota stopped ec2:RunInstances', 'Service Quotas'],
  },
  {
    name: 'VcpuLimitExceeded is a quota',
    replies: [images, ['ec2', 'RunInstances', ec2Error('vcpu-limit-exceeded', 400)]],
    call: (p) => p.runInstance(target, run),
    code: ErrorCode.CloudQuotaExceeded,
    providerCode: 'VcpuLimitExceeded',
    says: ['vCPU limit of 32', 'Service Quotas'],
  },
  {
    name: 'Auto Scaling LimitExceeded is a quota',
    replies: [['autoscaling', 'CreateAutoScalingGroup', { file: 'errors/autoscaling-limit-exceeded.xml', status: 400 }]],
    call: (p) =>
      p.createGroup(target, {
        name: 'prod-web',
        launchTemplate: { id: 'lt-0a20c965061f64abc', version: '1' },
        minSize: 1,
        maxSize: 2,
        desiredCapacity: 1,
        subnetIds: ['subnet-0a1b2c3d4e5f60001'],
        availabilityZones: [],
        healthCheck: { type: 'EC2', gracePeriodSeconds: 300 },
        tags: {},
      }),
    code: ErrorCode.CloudQuotaExceeded,
    providerCode: 'LimitExceeded',
    says: ['limit on the number of Auto Scaling groups (500)'],
  },
  {
    name: 'CloudWatch LimitExceeded (JSON, query-compatible code in the header) is a quota',
    replies: [['cloudwatch', 'PutMetricAlarm', { file: 'errors/cloudwatch-limit-exceeded.json', status: 400, headers: { 'x-amzn-query-error': 'LimitExceeded;Sender' } }]],
    call: (p) =>
      p.putAlarm(target, {
        name: 'prod-web-cpu-high',
        namespace: 'AWS/EC2',
        metricName: 'CPUUtilization',
        dimensions: { AutoScalingGroupName: 'prod-web' },
        statistic: 'Average',
        periodSeconds: 300,
        evaluationPeriods: 2,
        threshold: 85,
        comparison: 'GreaterThanThreshold',
        treatMissingData: 'missing',
        alarmActions: [],
        okActions: [],
        tags: { 'qm:env': 'prod' },
      }),
    code: ErrorCode.CloudQuotaExceeded,
    providerCode: 'LimitExceeded',
    says: ['quota stopped cloudwatch:PutMetricAlarm'],
  },
  {
    name: 'InstanceRefreshInProgress is an incorrect state',
    replies: [['autoscaling', 'StartInstanceRefresh', { file: 'errors/autoscaling-refresh-in-progress.xml', status: 400 }]],
    call: (p) => p.startInstanceRefresh(target, 'prod-web', { minHealthyPercentage: 90 }),
    code: ErrorCode.CloudIncorrectState,
    providerCode: 'InstanceRefreshInProgress',
    says: ['prod-web is not in a state that allows autoscaling:StartInstanceRefresh'],
  },
];

describe('AWS errors become coded errors that say what to do', () => {
  beforeAll(blockNetwork);
  afterEach(() => {
    expect(pendingNock()).toEqual([]);
    resetNock();
  });

  // One attempt: these are about the mapping; retries have their own tests below.
  const provider = (): AwsProvider => createAwsProvider({ credentials: TEST_CREDENTIALS, maxAttempts: 1 });

  it.each(CASES)('$name', async (c) => {
    const aws = awsNock('eu-west-1');
    for (const [service, action, reply, times] of c.replies) aws.reply(service, action, reply, times);
    const error = await c.call(provider()).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(isQmError(error)).toBe(true);
    const qm = error as QmError;
    expect(qm).toBeInstanceOf(CloudError);
    expect({ code: qm.code, providerCode: qm.details.providerCode }).toEqual({ code: c.code, providerCode: c.providerCode });
    for (const s of c.says) expect(qm.message).toMatch(typeof s === 'string' ? new RegExp(s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')) : s);
    expect((qm as CloudError).retryable).toBe(c.retryable ?? false);
    // Never a credential, a signature or EC2's encoded authorization blob.
    const everything = JSON.stringify({ message: qm.message, details: qm.details });
    expect(everything).not.toMatch(/AKIAIOSFODNN7EXAMPLE|wJalrXUtnFEMI|Signature=|4GIOHlTkIaWHQD0Q0m6X/);
  });

  it('keeps the request id and HTTP status for support tickets', async () => {
    awsNock('eu-west-1').reply('ec2', 'StopInstances', ec2Error('incorrect-instance-state', 400));
    const error = (await provider()
      .stopInstances(target, ['i-0a1b2c3d4e5f60001'])
      .catch((e: unknown) => e)) as QmError;
    expect(error.details).toMatchObject({ operation: 'ec2:StopInstances', httpStatus: 400, region: 'eu-west-1', resource: 'i-0a1b2c3d4e5f60001' });
  });
});

describe('throttling is retried by the adaptive SDK retry and surfaces only when attempts run out', () => {
  beforeAll(blockNetwork);
  afterEach(() => {
    expect(pendingNock()).toEqual([]);
    resetNock();
  });

  // Adaptive retry waits for real (about 2 s per throttle), so the other services throttle once.
  it.each([
    ['EC2 RequestLimitExceeded (503)', 2, 'ec2' as const, 'StopInstances', { file: 'errors/ec2-request-limit-exceeded.xml', status: 503 }, '<StopInstancesResponse xmlns="http://ec2.amazonaws.com/doc/2016-11-15/"><requestId>x</requestId><instancesSet/></StopInstancesResponse>', (p: CloudProvider) => p.stopInstances(target, ['i-0a1b2c3d4e5f60001'])],
    ['Auto Scaling Throttling (400)', 1, 'autoscaling' as const, 'UpdateAutoScalingGroup', { file: 'errors/autoscaling-throttling.xml', status: 400 }, '<UpdateAutoScalingGroupResponse xmlns="http://autoscaling.amazonaws.com/doc/2011-01-01/"><ResponseMetadata><RequestId>x</RequestId></ResponseMetadata></UpdateAutoScalingGroupResponse>', (p: CloudProvider) => p.updateGroup(target, 'prod-web', { desiredCapacity: 3 })],
    ['CloudWatch Throttling (JSON)', 1, 'cloudwatch' as const, 'DeleteAlarms', { file: 'errors/cloudwatch-throttling.json', status: 400, headers: { 'x-amzn-query-error': 'Throttling;Sender' } }, '{}', (p: CloudProvider) => p.deleteAlarms(target, ['prod-web-cpu-high'])],
  ])('%s %i time(s), then success: no error, the retries counted', async (_name, throttles, service, action, throttle, ok, call) => {
    const aws = awsNock('eu-west-1').reply(service, action, throttle, throttles).reply(service, action, { body: ok });
    const p = createAwsProvider({ credentials: TEST_CREDENTIALS });
    await call(p);
    const attempts = throttles + 1;
    expect(aws.of(action).map((r) => r.headers['amz-sdk-request'])).toEqual(Array.from({ length: attempts }, (_, i) => `attempt=${i + 1}; max=10`));
    expect(p.callStats()).toMatchObject({ total: attempts, calls: 1, retries: throttles, byOperation: { [action]: attempts } });
  });

  it('fails with CloudThrottled after the configured attempts', async () => {
    awsNock('eu-west-1').reply('ec2', 'StopInstances', { file: 'errors/ec2-request-limit-exceeded.xml', status: 503 }, 2);
    const p = createAwsProvider({ credentials: TEST_CREDENTIALS, maxAttempts: 2 });
    const error = (await p.stopInstances(target, ['i-0a1b2c3d4e5f60001']).catch((e: unknown) => e)) as CloudError;
    expect(error.code).toBe(ErrorCode.CloudThrottled);
    expect(error.retryable).toBe(true);
    expect(error.message).toBe(
      'AWS kept throttling ec2:StopInstances (RequestLimitExceeded) through 2 attempts. Retry later, or raise QM_AWS_MAX_ATTEMPTS (maxAttempts, default 10) so the adaptive retry can wait longer',
    );
    expect(p.callStats()).toMatchObject({ total: 2, calls: 1, retries: 1 });
  });

  it('does not retry UnauthorizedOperation', async () => {
    awsNock('eu-west-1').reply('ec2', 'StopInstances', ec2Error('unauthorized-operation', 403));
    const p = createAwsProvider({ credentials: TEST_CREDENTIALS });
    await expect(p.stopInstances(target, ['i-0a1b2c3d4e5f60001'])).rejects.toMatchObject({ code: ErrorCode.CloudUnauthorized });
    expect(p.callStats()).toMatchObject({ total: 1, retries: 0 });
  });
});
