import { allInstanceTypes, getInstanceType } from '../../catalog/instance-types.js';
import { CloudError, ErrorCode, isQmError, type QmError } from '../../errors.js';
import { redactCredentials } from '../redact-credentials.js';
import type { AwsOperationName } from './aws-operations.js';

/** What the caller knows about the failed call, to make the message actionable. */
export interface AwsErrorContext {
  region?: string;
  instanceType?: string;
  ami?: string;
  /** Instance id, group or alarm name the call was about. */
  resource?: string;
}

interface AwsErrorFacts {
  op: AwsOperationName;
  code: string;
  /** AWS's own message, credentials and signatures removed. */
  awsMessage: string;
  ctx: AwsErrorContext;
  attempts?: number;
}

interface ErrorRule {
  matches(f: AwsErrorFacts): boolean;
  build(f: AwsErrorFacts): { code: ErrorCode; message: string; fix: string; retryable?: boolean };
}

const THROTTLING = new Set(['RequestLimitExceeded', 'Throttling', 'ThrottlingException', 'TooManyRequestsException', 'RequestThrottled', 'SlowDown']);
const UNAUTHORIZED = new Set(['UnauthorizedOperation', 'AccessDenied', 'AccessDeniedException', 'UnauthorizedAccess', 'OptInRequired']);
const BAD_CREDENTIALS = new Set(['AuthFailure', 'InvalidClientTokenId', 'SignatureDoesNotMatch', 'ExpiredToken', 'ExpiredTokenException', 'InvalidAccessKeyId', 'MissingAuthenticationToken']);
const QUOTA = new Set(['InstanceLimitExceeded', 'VcpuLimitExceeded', 'LimitExceeded', 'LimitExceededException', 'LimitExceededFault', 'MaxSpotInstanceCountExceeded', 'ResourceLimitExceeded', 'TagLimitExceeded']);
const CAPACITY = new Set(['InsufficientInstanceCapacity', 'InsufficientHostCapacity', 'InsufficientReservedInstanceCapacity', 'InsufficientCapacity']);
/** Operations that launch or create: a missing id there is one the definition names. */
const CREATES = new Set<string>(['ec2:RunInstances', 'ec2:CreateLaunchTemplate', 'ec2:CreateLaunchTemplateVersion', 'autoscaling:CreateAutoScalingGroup', 'autoscaling:UpdateAutoScalingGroup']);
/** Codes under which EC2 and Auto Scaling report a bad parameter value; the message says which. */
const PARAMETER_CODES = new Set(['InvalidParameterValue', 'InvalidParameterCombination', 'InvalidInstanceAttributeValue', 'ValidationError']);
const NOT_FOUND = /NotFound|^NoSuchEntity$|^ResourceNotFound/;
/**
 * A malformed id (`InvalidInstanceID.Malformed`, `InvalidLaunchTemplateId.Malformed`...) is not
 * "not found": reporting it so would let a delete of a bad id pass as "already gone".
 * AMIs have their own rule above.
 */
const MALFORMED_ID = /^Invalid\w*Id\.Malformed$/i;

/**
 * The rules, first match wins: each names the AWS codes it handles and writes a message that
 * ends with what to do (STYLE.md 7).
 */
const RULES: ErrorRule[] = [
  {
    matches: (f) => THROTTLING.has(f.code),
    build: (f) => ({
      code: ErrorCode.CloudThrottled,
      message: `AWS kept throttling ${f.op} (${f.code}) through ${f.attempts ?? 'all'} attempts`,
      fix: 'Retry later, or raise QM_AWS_MAX_ATTEMPTS (maxAttempts, default 10) so the adaptive retry can wait longer',
      retryable: true,
    }),
  },
  {
    matches: (f) => UNAUTHORIZED.has(f.code),
    build: (f) => ({
      code: ErrorCode.CloudUnauthorized,
      message: `not authorized to call ${f.op}${f.ctx.resource ? ` on ${f.ctx.resource}` : ''} (${f.code})`,
      fix: `Grant the IAM action ${f.op} to the identity Quartermaster runs as (\`qm iam-policy\` prints the whole least-privilege policy)`,
    }),
  },
  {
    matches: (f) => f.code === 'CredentialsProviderError',
    build: (f) => ({
      code: ErrorCode.CloudUnauthorized,
      message: `found no AWS credentials to call ${f.op}: ${f.awsMessage}`,
      fix: 'Provide credentials the SDK\'s default chain can find: AWS_PROFILE (after `aws sso login`), AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, a web identity token in CI, or an instance/container role',
    }),
  },
  {
    matches: (f) => BAD_CREDENTIALS.has(f.code),
    build: (f) => ({
      code: ErrorCode.CloudUnauthorized,
      message: `AWS rejected the credentials used for ${f.op} (${f.code})`,
      fix: 'Check the credentials the SDK picks up (AWS_PROFILE, AWS_ACCESS_KEY_ID, SSO login, role_arn) and that they have not expired',
    }),
  },
  {
    matches: (f) => CAPACITY.has(f.code),
    build: (f) => ({
      code: ErrorCode.CloudInsufficientCapacity,
      message: `AWS has no capacity for ${f.ctx.instanceType ?? 'the requested instance type'}${f.ctx.region ? ` in ${f.ctx.region}` : ''} right now (${f.code})`,
      fix: capacityFix(f.ctx.instanceType),
      retryable: true,
    }),
  },
  {
    matches: (f) => f.code === 'IncorrectInstanceState' || f.code === 'IncorrectState' || f.code === 'ScalingActivityInProgress' || f.code === 'ResourceInUse' || f.code === 'InstanceRefreshInProgress',
    build: (f) => ({
      code: ErrorCode.CloudIncorrectState,
      message: `${f.ctx.resource ?? 'the resource'} is not in a state that allows ${f.op}: ${f.awsMessage || f.code}`,
      fix: 'Wait for the resource to finish its current transition (an instance type changes only while stopped) and run apply again',
    }),
  },
  {
    // Auto Scaling reports a bad template AMI as a ValidationError ("The image id '[ami-…]' does not exist").
    matches: (f) => f.code.startsWith('InvalidAMIID') || (f.code === 'ValidationError' && /image id/i.test(f.awsMessage)),
    build: (f) => ({
      code: ErrorCode.CloudInvalidAmi,
      message: `${f.ctx.ami ? `AMI ${f.ctx.ami}` : 'the AMI'} cannot be used${f.ctx.region ? ` in ${f.ctx.region}` : ''} (${f.code})`,
      fix: 'Check `ami` in the definition: AMIs are regional, must exist, be available and be shared with this account',
    }),
  },
  {
    matches: (f) => /architecture/i.test(f.awsMessage) && PARAMETER_CODES.has(f.code),
    build: (f) => ({
      code: ErrorCode.CloudArchitectureMismatch,
      message: `the instance type${named(f.ctx.instanceType)} and the AMI${named(f.ctx.ami)} are built for different CPU architectures: ${f.awsMessage}`,
      fix: architectureFix(f.ctx.instanceType),
    }),
  },
  {
    matches: (f) => f.code === 'InvalidInstanceType' || f.code === 'Unsupported' || (PARAMETER_CODES.has(f.code) && /instance ?type/i.test(f.awsMessage)),
    build: (f) => ({
      code: ErrorCode.CloudInvalidInstanceType,
      message: `the instance type${named(f.ctx.instanceType)} cannot be used here${f.ctx.region ? ` (${f.ctx.region})` : ''}: ${f.awsMessage || f.code}`,
      fix: 'Pick an instance type offered in this region and availability zone (aws ec2 describe-instance-type-offerings)',
    }),
  },
  {
    matches: (f) => QUOTA.has(f.code),
    build: (f) => ({
      code: ErrorCode.CloudQuotaExceeded,
      message: `an AWS quota stopped ${f.op} (${f.code}): ${f.awsMessage}`,
      fix: 'Request a higher quota in the Service Quotas console (for instances: "Running On-Demand Standard instances", counted in vCPUs), or lower the counts in the definitions',
    }),
  },
  {
    matches: (f) => MALFORMED_ID.test(f.code),
    build: (f) => ({
      code: ErrorCode.CloudApi,
      message: `${f.op} was given an id that is not valid${f.ctx.resource ? ` (${f.ctx.resource})` : ''} (${f.code})${f.awsMessage ? `: ${f.awsMessage}` : ''}`,
      fix: 'Check where the id came from (a plan file, a definition, a hand-edited state): AWS ids look like i-0123456789abcdef0 or lt-0123456789abcdef0',
    }),
  },
  {
    matches: (f) => NOT_FOUND.test(f.code) || (f.code === 'ValidationError' && /not found|does not exist/i.test(f.awsMessage)),
    build: (f) => ({
      code: ErrorCode.CloudNotFound,
      message: `${f.op} did not find ${f.ctx.resource ?? 'a resource it needs'} (${f.code})${f.awsMessage ? `: ${f.awsMessage}` : ''}`,
      fix: CREATES.has(f.op)
        ? 'Check that the ids the definition names (subnets, security groups, key pair, template) exist in this region and account'
        : 'It was probably deleted outside Quartermaster; run plan again to see the current state',
    }),
  },
];

/**
 * Turns whatever an SDK call threw into a CloudError whose message says what to do. QmErrors
 * pass through untouched. The message never carries credentials or request signatures.
 *
 * @example
 * try { await ec2.send(cmd); } catch (e) { throw toCloudError(e, 'ec2:RunInstances', { instanceType: 't3.micro' }); }
 */
export function toCloudError(e: unknown, op: AwsOperationName, ctx: AwsErrorContext = {}): QmError {
  if (isQmError(e)) return e;
  const err = (e ?? {}) as Record<string, unknown>;
  const metadata = (err.$metadata ?? {}) as { httpStatusCode?: number; attempts?: number; requestId?: string };
  const code = String(err.Code ?? err.name ?? 'UnknownError');
  const awsMessage = redactCredentials(String(err.message ?? ''));
  const facts: AwsErrorFacts = { op, code, awsMessage, ctx, attempts: metadata.attempts };
  const details = {
    providerCode: code,
    operation: op,
    httpStatus: metadata.httpStatusCode,
    requestId: metadata.requestId,
    attempts: metadata.attempts,
    ...ctx,
  };
  const rule = RULES.find((r) => r.matches(facts));
  if (rule) {
    const built = rule.build(facts);
    return new CloudError(built.code, built.message.replace(/\s+/g, ' ').trim(), { fix: built.fix, retryable: built.retryable, details, cause: e });
  }
  if (metadata.httpStatusCode === undefined) {
    return new CloudError(ErrorCode.CloudApi, `could not complete ${op}: ${awsMessage || code}`, {
      fix: 'Check the network path to AWS and any endpoint override (AWS_ENDPOINT_URL)',
      retryable: true,
      details,
      cause: e,
    });
  }
  return new CloudError(ErrorCode.CloudApi, `AWS refused ${op} (${code}): ${awsMessage}`, {
    fix: 'Correct the value AWS names above in the definitions, or report it if the definitions look right',
    retryable: (metadata.httpStatusCode ?? 0) >= 500,
    details,
    cause: e,
  });
}

function named(value: string | undefined): string {
  return value ? ` ${value}` : '';
}

function capacityFix(instanceType: string | undefined): string {
  const alternatives = instanceType ? similarTypes(instanceType) : [];
  const hint = alternatives.length > 0 ? ` such as ${alternatives.join(', ')}` : '';
  return `Try another instance type${hint}, another availability zone (another subnet), or retry later`;
}

function architectureFix(instanceType: string | undefined): string {
  const arch = instanceType ? getInstanceType(instanceType)?.architecture : undefined;
  if (!arch) return 'Use an AMI built for the instance type\'s architecture, or an instance type of the AMI\'s';
  const other = arch === 'arm64' ? 'x86_64' : 'arm64';
  return `Use an AMI built for ${arch} (the architecture of ${instanceType}), or an ${other} instance type`;
}

/** Types with the same vCPUs, memory and architecture from other families, cheapest first. */
function similarTypes(instanceType: string): string[] {
  const info = getInstanceType(instanceType);
  if (!info) return [];
  return allInstanceTypes()
    .filter((t) => t.family !== info.family && t.vcpu === info.vcpu && t.memoryGiB === info.memoryGiB && t.architecture === info.architecture)
    .sort((a, b) => a.pricePerHour - b.pricePerHour)
    .slice(0, 3)
    .map((t) => t.name);
}
