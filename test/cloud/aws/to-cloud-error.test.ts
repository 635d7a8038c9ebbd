import { describe, expect, it } from 'vitest';
import { toCloudError } from '../../../src/cloud/aws/to-cloud-error.js';
import { redactCredentials as redact } from '../../../src/cloud/redact-credentials.js';
import { ErrorCode, TimeoutError } from '../../../src/errors.js';

describe('toCloudError', () => {
  it('passes QmErrors through untouched', () => {
    const e = new TimeoutError('slow');
    expect(toCloudError(e, 'ec2:DescribeInstances')).toBe(e);
  });

  it('turns a network failure (no HTTP answer) into a retryable CloudApi error about reaching AWS', () => {
    const e = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:4566'), { code: 'ECONNREFUSED' });
    const mapped = toCloudError(e, 'ec2:DescribeInstances');
    expect(mapped).toMatchObject({ code: ErrorCode.CloudApi, retryable: true });
    expect(mapped.message).toBe('could not complete ec2:DescribeInstances: connect ECONNREFUSED 127.0.0.1:4566. Check the network path to AWS and any endpoint override (AWS_ENDPOINT_URL)');
  });

  it('tells a missing id named by the definition from a resource deleted by hand', () => {
    const e = Object.assign(new Error("The subnet ID 'subnet-1' does not exist"), { name: 'InvalidSubnetID.NotFound', $metadata: { httpStatusCode: 400 } });
    expect(toCloudError(e, 'ec2:RunInstances').message).toBe(
      "ec2:RunInstances did not find a resource it needs (InvalidSubnetID.NotFound): The subnet ID 'subnet-1' does not exist. Check that the ids the definition names (subnets, security groups, key pair, template) exist in this region and account",
    );
    const gone = Object.assign(new Error("The instance ID 'i-0a1b2c3d4e5f60001' does not exist"), { name: 'InvalidInstanceID.NotFound', $metadata: { httpStatusCode: 400 } });
    expect(toCloudError(gone, 'ec2:StopInstances', { resource: 'i-0a1b2c3d4e5f60001' })).toMatchObject({
      code: ErrorCode.CloudNotFound,
      message: expect.stringContaining('deleted outside Quartermaster'),
    });
  });

  it.each([
    ['InvalidInstanceID.Malformed', 'ec2:TerminateInstances', 'i-xyz'],
    ['InvalidLaunchTemplateId.Malformed', 'ec2:DescribeLaunchTemplates', 'lt-xyz'],
  ] as const)('reports %s as a bad id (CloudApi), never as already gone', (name, op, resource) => {
    const e = Object.assign(new Error(`Invalid id: "${resource}"`), { name, $metadata: { httpStatusCode: 400 } });
    const mapped = toCloudError(e, op, { resource });
    expect(mapped).toMatchObject({ code: ErrorCode.CloudApi, retryable: false, details: { providerCode: name } });
    expect(mapped.message).toBe(
      `${op} was given an id that is not valid (${resource}) (${name}): Invalid id: "${resource}". Check where the id came from (a plan file, a definition, a hand-edited state): AWS ids look like i-0123456789abcdef0 or lt-0123456789abcdef0`,
    );
  });

  it('says where credentials come from when the default chain found none', () => {
    const e = Object.assign(new Error('Could not load credentials from any providers'), { name: 'CredentialsProviderError' });
    const mapped = toCloudError(e, 'ec2:DescribeInstances');
    expect(mapped).toMatchObject({ code: ErrorCode.CloudUnauthorized });
    expect(mapped.message).toMatch(/^found no AWS credentials to call ec2:DescribeInstances: Could not load credentials from any providers\. Provide credentials .*AWS_PROFILE/);
  });

  it('keeps an unknown AWS code as CloudApi with AWS\'s own words', () => {
    const other = Object.assign(new Error('Invalid IPv6 address'), { name: 'InvalidParameterValue', $metadata: { httpStatusCode: 400 } });
    expect(toCloudError(other, 'ec2:RunInstances').message).toMatch(/^AWS refused ec2:RunInstances \(InvalidParameterValue\): Invalid IPv6 address\. /);
  });
});

describe('redact', () => {
  it.each([
    ['access key ids', 'key AKIAIOSFODNN7EXAMPLE and ASIAY34FZKBOKMUTVV7A', 'key [access key id] and [access key id]'],
    ['signatures', 'Signature=3fbb0216e55696779a37d104e7fb148dfe6a1d0c812cc65d5afa46cc7ba9f1a4, x', 'Signature=[redacted], x'],
    ['session tokens', 'X-Amz-Security-Token=FwoGZXIvYXdzEB&y', 'X-Amz-Security-Token=[redacted]&y'],
    ['encoded authorization messages', 'denied. Encoded authorization failure message: 4GIOHlTkIaWHQD0Q0m6X', 'denied. Encoded authorization failure message: [omitted]'],
  ])('removes %s', (_name, input, output) => {
    expect(redact(input)).toBe(output);
  });
});
