import { CloudError, ErrorCode } from '../../errors.js';

/**
 * AWS error codes the sim answers with, mapped to Quartermaster's coded errors. Messages
 * mirror AWS's own wording; `fix` says what the user can do (STYLE.md 7).
 */
interface AwsErrorKind {
  code: ErrorCode;
  retryable: boolean;
  fix: string;
}

const THROTTLED: AwsErrorKind = {
  code: ErrorCode.CloudThrottled,
  retryable: true,
  fix: 'The provider already retried with back-off; lower the apply concurrency or retry in a few minutes',
};
const BAD_AMI: AwsErrorKind = {
  code: ErrorCode.CloudInvalidAmi,
  retryable: false,
  fix: 'Check that the AMI exists in this region and account (on the sim, register it with registerImage)',
};
const NOT_FOUND: AwsErrorKind = {
  code: ErrorCode.CloudNotFound,
  retryable: false,
  fix: 'It was changed or removed outside Quartermaster; run `qm plan` again',
};
const API: AwsErrorKind = {
  code: ErrorCode.CloudApi,
  retryable: false,
  fix: 'Check the request against the AWS documentation of the operation',
};
const UNAUTHORIZED: AwsErrorKind = {
  code: ErrorCode.CloudUnauthorized,
  retryable: false,
  fix: 'Grant the missing IAM action to the role Quartermaster runs as (`qm iam-policy` prints it)',
};
const TRANSIENT: AwsErrorKind = { code: ErrorCode.CloudApi, retryable: true, fix: 'Retry later' };

const KINDS: Readonly<Record<string, AwsErrorKind>> = {
  RequestLimitExceeded: THROTTLED,
  Throttling: THROTTLED,
  ThrottlingException: THROTTLED,
  InsufficientInstanceCapacity: {
    code: ErrorCode.CloudInsufficientCapacity,
    retryable: true,
    fix: 'Try another instance type or Availability Zone (subnet), or retry later',
  },
  IncorrectInstanceState: {
    code: ErrorCode.CloudIncorrectState,
    retryable: false,
    fix: 'Wait until the instance is in the state the operation needs (stopped, to change its type) and retry',
  },
  InstanceRefreshInProgress: {
    code: ErrorCode.CloudIncorrectState,
    retryable: false,
    fix: 'Wait for the running instance refresh to finish, or cancel it, then retry',
  },
  'InvalidAMIID.NotFound': BAD_AMI,
  'InvalidAMIID.Malformed': BAD_AMI,
  'InvalidInstanceID.NotFound': NOT_FOUND,
  // A malformed id names nothing that could have gone away: not "already gone", as the AWS adapter maps it too.
  'InvalidInstanceID.Malformed': { code: ErrorCode.CloudApi, retryable: false, fix: 'Check the instance id: it should look like i-0123456789abcdef0' },
  ResourceNotFound: NOT_FOUND,
  UnauthorizedOperation: UNAUTHORIZED,
  AccessDenied: UNAUTHORIZED,
  InstanceLimitExceeded: {
    code: ErrorCode.CloudQuotaExceeded,
    retryable: false,
    fix: 'Request a higher quota in Service Quotas, or run fewer instances',
  },
  VcpuLimitExceeded: {
    code: ErrorCode.CloudQuotaExceeded,
    retryable: false,
    fix: 'Request a higher vCPU quota in Service Quotas, or use smaller instance types',
  },
  LimitExceeded: {
    code: ErrorCode.CloudQuotaExceeded,
    retryable: false,
    fix: 'Request a higher quota in Service Quotas, or delete unused resources',
  },
  IdempotentParameterMismatch: {
    code: ErrorCode.CloudApi,
    retryable: false,
    fix: 'Another request already used this client token with different parameters; re-run `qm plan` and apply the new plan',
  },
  IdempotentInstanceTerminated: {
    code: ErrorCode.CloudApi,
    retryable: false,
    fix: 'The instance this client token created was terminated; re-run `qm plan` and apply the new plan',
  },
  InvalidParameterValue: API,
  InvalidInstanceAttributeValue: API,
  ValidationError: API,
  AlreadyExists: API,
  InternalError: TRANSIENT,
  ServiceUnavailable: TRANSIENT,
};

/** Codes the provider retries itself with back-off, as the SDK does for throttling. */
export function isThrottlingCode(providerCode: string): boolean {
  return KINDS[providerCode] === THROTTLED;
}

export interface AwsErrorOptions {
  operation: string;
  /** Overrides the code the provider code maps to (an InvalidParameterValue about an instance type...). */
  code?: ErrorCode;
  fix?: string;
  details?: Record<string, unknown>;
}

/**
 * A CloudError as the AWS adapter would raise it for `providerCode`.
 *
 * @example
 * throw awsError('IncorrectInstanceState', "The instance 'i-1' is not in the 'stopped' state.", { operation: 'ModifyInstanceAttribute' });
 */
export function awsError(providerCode: string, awsMessage: string, opts: AwsErrorOptions): CloudError {
  const kind = KINDS[providerCode] ?? API;
  const message = `${opts.operation} failed with ${providerCode}: ${awsMessage.replace(/\.$/, '')}`;
  return new CloudError(opts.code ?? kind.code, message, {
    fix: opts.fix ?? kind.fix,
    retryable: kind.retryable,
    details: { providerCode, operation: opts.operation, ...opts.details },
  });
}

/** The message AWS would answer a scripted failure of `providerCode` with. */
export function defaultAwsMessage(providerCode: string, operation: string): string {
  switch (providerCode) {
    case 'RequestLimitExceeded':
      return 'Request limit exceeded.';
    case 'Throttling':
    case 'ThrottlingException':
      return 'Rate exceeded';
    case 'InsufficientInstanceCapacity':
      return 'We currently do not have sufficient capacity in the Availability Zone you requested. Our system will be working on provisioning additional capacity. You can currently get capacity by not specifying an Availability Zone in your request or choosing another Availability Zone.';
    case 'UnauthorizedOperation':
      return 'You are not authorized to perform this operation.';
    case 'InternalError':
      return 'An internal error has occurred';
    default:
      return `Injected failure of ${operation}`;
  }
}
