/**
 * Faults, as coded errors whose message ends with how to fix them (STYLE.md 6, 7).
 * Refusals (a gate says no, a lock is held) are data, not errors.
 *
 * Add a code here and a class beside it; doors map `code` to exit codes and user messages.
 */
export enum ErrorCode {
  DefinitionsInvalid = 'QM_DEFINITIONS_INVALID',
  PolicyInvalid = 'QM_POLICY_INVALID',
  PlanStale = 'QM_PLAN_STALE',
  PlanFileInvalid = 'QM_PLAN_FILE_INVALID',
  UnknownEnvironment = 'QM_UNKNOWN_ENVIRONMENT',
  AccountMismatch = 'QM_ACCOUNT_MISMATCH',
  Timeout = 'QM_TIMEOUT',
  SimStateInvalid = 'QM_SIM_STATE_INVALID',
  /** A cloud API answered with an error the engine has no better code for. */
  CloudApi = 'QM_CLOUD_API',
  CloudUnauthorized = 'QM_CLOUD_UNAUTHORIZED',
  CloudInsufficientCapacity = 'QM_CLOUD_INSUFFICIENT_CAPACITY',
  CloudIncorrectState = 'QM_CLOUD_INCORRECT_STATE',
  CloudInvalidAmi = 'QM_CLOUD_INVALID_AMI',
  CloudInvalidInstanceType = 'QM_CLOUD_INVALID_INSTANCE_TYPE',
  CloudArchitectureMismatch = 'QM_CLOUD_ARCHITECTURE_MISMATCH',
  CloudQuotaExceeded = 'QM_CLOUD_QUOTA_EXCEEDED',
  CloudThrottled = 'QM_CLOUD_THROTTLED',
  CloudNotFound = 'QM_CLOUD_NOT_FOUND',
  StoreSchemaTooNew = 'QM_STORE_SCHEMA_TOO_NEW',
  StoreUnavailable = 'QM_STORE_UNAVAILABLE',
  ConfigInvalid = 'QM_CONFIG_INVALID',
  /** Apply found a reference (an alarm's target) with no physical id, existing or made by the plan. */
  UnresolvedReference = 'QM_UNRESOLVED_REFERENCE',
  /** A definition edit (chat write-back) named a resource the definitions do not have. */
  ResourceNotFound = 'QM_RESOURCE_NOT_FOUND',
  /** A file the user asked qm to write (`qm plan --out`) cannot be written. */
  OutputUnwritable = 'QM_OUTPUT_UNWRITABLE',
  /** The apply was stopped (Ctrl-C, or its environment lock was lost) before a write was sent. */
  ApplyInterrupted = 'QM_APPLY_INTERRUPTED',
}

export interface QmErrorOptions {
  /** What the user can do about it; appended to the message. */
  fix?: string;
  cause?: unknown;
  /** Extra machine-readable facts (resource id, provider error code...). Never secrets. */
  details?: Record<string, unknown>;
}

/**
 * Marks a QmError whichever copy of this module made it: the bundled CLI and the bot's own build
 * each hold one, and `instanceof` against the other copy's class is false, which turned the bot's
 * configuration error into a "fault in qm" with a stack trace.
 */
const QM_ERROR = Symbol.for('quartermaster.QmError');

export class QmError extends Error {
  readonly [QM_ERROR] = true;
  readonly code: ErrorCode;
  readonly fix?: string;
  readonly details: Record<string, unknown>;

  constructor(code: ErrorCode, message: string, opts: QmErrorOptions = {}) {
    super(opts.fix ? `${message}. ${opts.fix}` : message, opts.cause === undefined ? undefined : { cause: opts.cause });
    this.name = new.target.name;
    this.code = code;
    this.fix = opts.fix;
    this.details = opts.details ?? {};
  }
}

/** Whether `e` is a QmError, optionally of one code. */
export function isQmError(e: unknown, code?: ErrorCode): e is QmError {
  const branded = typeof e === 'object' && e !== null && (e as Record<symbol, unknown>)[QM_ERROR] === true;
  return branded && (code === undefined || (e as QmError).code === code);
}

export class DefinitionsInvalidError extends QmError {
  constructor(message: string, opts?: QmErrorOptions) {
    super(ErrorCode.DefinitionsInvalid, message, opts);
  }
}

export class PolicyInvalidError extends QmError {
  constructor(message: string, opts?: QmErrorOptions) {
    super(ErrorCode.PolicyInvalid, message, opts);
  }
}

export class PlanStaleError extends QmError {
  constructor(message: string, opts?: QmErrorOptions) {
    super(ErrorCode.PlanStale, message, opts);
  }
}

export class PlanFileInvalidError extends QmError {
  constructor(message: string, opts?: QmErrorOptions) {
    super(ErrorCode.PlanFileInvalid, message, opts);
  }
}

export class UnknownEnvironmentError extends QmError {
  constructor(message: string, opts?: QmErrorOptions) {
    super(ErrorCode.UnknownEnvironment, message, opts);
  }
}

export class AccountMismatchError extends QmError {
  constructor(message: string, opts?: QmErrorOptions) {
    super(ErrorCode.AccountMismatch, message, opts);
  }
}

export class TimeoutError extends QmError {
  constructor(message: string, opts?: QmErrorOptions) {
    super(ErrorCode.Timeout, message, opts);
  }
}

export class SimStateInvalidError extends QmError {
  constructor(message: string, opts?: QmErrorOptions) {
    super(ErrorCode.SimStateInvalid, message, opts);
  }
}

/**
 * An error answered by a cloud API. `code` says which kind (unauthorized, capacity...);
 * `details.providerCode` keeps the provider's own code (`InsufficientInstanceCapacity`).
 */
export class CloudError extends QmError {
  /** Whether retrying the same call later may succeed (throttling, capacity). */
  readonly retryable: boolean;
  constructor(code: ErrorCode, message: string, opts: QmErrorOptions & { retryable?: boolean } = {}) {
    super(code, message, opts);
    this.retryable = opts.retryable ?? false;
  }
}

export class StoreSchemaTooNewError extends QmError {
  constructor(message: string, opts?: QmErrorOptions) {
    super(ErrorCode.StoreSchemaTooNew, message, opts);
  }
}

export class StoreUnavailableError extends QmError {
  constructor(message: string, opts?: QmErrorOptions) {
    super(ErrorCode.StoreUnavailable, message, opts);
  }
}

export class ConfigInvalidError extends QmError {
  constructor(message: string, opts?: QmErrorOptions) {
    super(ErrorCode.ConfigInvalid, message, opts);
  }
}

export class UnresolvedReferenceError extends QmError {
  constructor(message: string, opts?: QmErrorOptions) {
    super(ErrorCode.UnresolvedReference, message, opts);
  }
}

export class ResourceNotFoundError extends QmError {
  constructor(message: string, opts?: QmErrorOptions) {
    super(ErrorCode.ResourceNotFound, message, opts);
  }
}

export class OutputUnwritableError extends QmError {
  constructor(message: string, opts?: QmErrorOptions) {
    super(ErrorCode.OutputUnwritable, message, opts);
  }
}

export class ApplyInterruptedError extends QmError {
  constructor(message: string, opts?: QmErrorOptions) {
    super(ErrorCode.ApplyInterrupted, message, opts);
  }
}

/** What a file-system error code means for the path it names, in words (no errno jargon, no path: the caller names it). */
const FS_FAULTS: Record<string, string> = {
  ENOENT: 'it or a directory above it does not exist',
  ENOTDIR: 'a part of the path is a file, not a directory',
  EISDIR: 'it is a directory',
  EEXIST: 'something is already there',
  EACCES: 'permission denied',
  EPERM: 'the operation is not permitted',
  EROFS: 'the file system is read-only',
  ENOSPC: 'there is no space left on the device',
  EDQUOT: 'the disk quota is exhausted',
  ELOOP: 'it is a symbolic link loop',
  ENAMETOOLONG: 'the name is too long',
  EMFILE: 'too many files are open',
  EBUSY: 'it is busy',
};

/**
 * A file-system fault in words, for messages that name the path themselves; undefined when
 * `e` is not a Node.js system error.
 *
 * @example `cannot write ${file}: ${describeFsError(e) ?? String(e)}` // 'cannot write out/p.json: it or a directory above it does not exist'
 */
export function describeFsError(e: unknown): string | undefined {
  const code = (e as NodeJS.ErrnoException | undefined)?.code;
  if (typeof code !== 'string' || !/^E[A-Z]+$/.test(code)) return undefined;
  if (code === 'EEXIST' && (e as NodeJS.ErrnoException).syscall === 'mkdir') return 'a file is where the directory should be';
  // Node's own wording without the path it appends ("EXDEV: cross-device link not permitted, rename 'a' -> 'b'").
  return FS_FAULTS[code] ?? ((e as Error).message.replace(/,.*$/s, '').replace(/^E[A-Z]+: /, '') || code);
}
