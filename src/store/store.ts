import type { NewOverride, Override, OverrideState } from '../model/override.js';

export type { NewOverride } from '../model/override.js';

/**
 * The Store port: the state Quartermaster keeps besides git and the cloud. Approval requests
 * and their votes, environment locks, temporary overrides, and the append-only audit log. Two implementations
 * pass one contract suite (test/store/store-contract.ts): an embedded SQLite file (the
 * default) and PostgreSQL (several bot replicas sharing one state). See docs/store.md.
 *
 * The store keeps data consistent under concurrency (transactions, row and advisory locks);
 * it does not decide policy. Decisions about a request are made by a pure `decide` function
 * handed to `updateRequest`, run inside the transaction that holds the request's row.
 */

/** Where a request came from. */
export type Door = 'pr' | 'slack' | 'github-comment' | 'cli';
export const DOORS: readonly Door[] = ['pr', 'slack', 'github-comment', 'cli'];

/**
 * requested -> approved -> applying -> applied | failed;
 * requested | approved -> denied | expired | superseded.
 */
export type RequestState =
  | 'requested'
  | 'approved'
  | 'applying'
  | 'applied'
  | 'failed'
  | 'denied'
  | 'expired'
  | 'superseded';

/** States in which a request still waits for something (approval or a claim). */
export const OPEN_REQUEST_STATES: readonly RequestState[] = ['requested', 'approved'];
/** States a request never leaves. */
export const FINAL_REQUEST_STATES: readonly RequestState[] = ['applied', 'failed', 'denied', 'expired', 'superseded'];

/** `count` distinct approvers from the named policy group `group`. */
export interface ApprovalRequirement {
  group: string;
  count: number;
  /** Why the policy asks for it: `prod-destructive: deletes prod/instance/bastion`. */
  reason: string;
}

/** One approver's vote, kept with the rights they had when they voted. */
export interface ApprovalVote {
  approver: string;
  door: Door;
  /** ISO 8601. */
  at: string;
  /** The fingerprint the approver saw; always equal to the request's. */
  fingerprint: string;
  /** Named policy groups this vote counts for (membership checked at vote time). */
  groups: string[];
  comment?: string;
}

export interface ApprovalRequest {
  /** `req-` and 12 hex digits; what people type in `qm approve <id>`. */
  id: string;
  actor: string;
  door: Door;
  /** Policy command: `apply`, `scale`, `shutdown`... */
  command: string;
  /** Sorted, distinct. */
  envs: string[];
  /** `command envs`: a new open request with the same scope supersedes the old one. */
  scope: string;
  fingerprint: string;
  /**
   * The plan, when the door stored one: a Plan is kept as a StoredPlan (stored-plan.ts: its
   * changes only, redacted; still a valid plan file), any other value redacted as it is.
   * Requests made before schema 3 hold the whole redacted Plan, no-ops included.
   */
  plan?: unknown;
  /** Where the plan lives when it is not stored inline (a PR head sha, an artifact URL). */
  planRef?: string;
  reason: string;
  requirements: ApprovalRequirement[];
  state: RequestState;
  /** Why the request reached its state (who denied, which request superseded it...). */
  stateReason?: string;
  /** ISO 8601. */
  createdAt: string;
  updatedAt: string;
  /** Approvals and the claim for apply must happen before this instant. */
  expiresAt: string;
  approvals: ApprovalVote[];
  /** Set while and after applying. */
  claim?: ApplyClaim;
  /** Bumped by every update. */
  version: number;
}

export interface ApplyClaim {
  holder: string;
  /** ISO 8601. */
  at: string;
  /** Tokens of the environment locks the claimer held; a later claimer may resume once they are gone. */
  lockTokens: string[];
  /** ISO 8601, when applied or failed. */
  finishedAt?: string;
}

export interface NewRequest {
  actor: string;
  door: Door;
  command: string;
  envs: string[];
  fingerprint: string;
  /** Written once, compacted and redacted (see ApprovalRequest.plan). */
  plan?: unknown;
  planRef?: string;
  /** Redacted before storage, as are `stateReason` and the requirements' reasons. */
  reason: string;
  requirements: ApprovalRequirement[];
  /** `requested`, or `approved` when the policy needs no approval. */
  state: 'requested' | 'approved';
  stateReason?: string;
  expiresInMs: number;
}

export interface CreatedRequest {
  request: ApprovalRequest;
  /** Open requests with the same scope, now `superseded`. */
  superseded: ApprovalRequest[];
}

/** What `decide` may change on a request. `version` and `updatedAt` are set by the store. */
export interface RequestPatch {
  state?: RequestState;
  stateReason?: string;
  claim?: ApplyClaim;
}

/** What a `decide` function returns: the answer for the caller, and the writes to make atomically. */
export interface RequestDecision<T> {
  result: T;
  patch?: RequestPatch;
  addVote?: ApprovalVote;
  /** Appended in the same transaction (so a refusal and its audit entry stand or fall together). */
  audit?: AuditInput[];
}

export interface DecideContext {
  now: Date;
  /** Current locks of the request's environments (expired ones included, with `expired: true`). */
  locks: Lock[];
}

/** Decides about a request (or its absence) under its row lock; pure and synchronous. */
export type DecideRequest<T> = (current: ApprovalRequest | undefined, ctx: DecideContext) => RequestDecision<T>;

export interface RequestQuery {
  env?: string;
  states?: RequestState[];
  /** Newest first; default 100. */
  limit?: number;
}

export interface Lock {
  env: string;
  holder: string;
  purpose: string;
  /** Unique per acquisition: renew and release need it, so a holder whose lock was taken over cannot release the new one. */
  token: string;
  /** ISO 8601. */
  acquiredAt: string;
  renewedAt: string;
  expiresAt: string;
  /** True when read after `expiresAt`: the holder stopped renewing and anyone may take it over. */
  expired: boolean;
}

export interface AcquireLockOptions {
  holder: string;
  purpose: string;
  ttlMs: number;
  /** Written to the audit entry of the acquisition. */
  actor?: string;
  door?: Door;
}

export type AcquireLockResult =
  | { acquired: true; lock: Lock; tookOverFrom?: { holder: string; purpose: string; expiredAt: string } }
  | { acquired: false; heldBy: string; since: string; purpose: string; expiresAt: string };

export type RenewLockResult = { renewed: true; lock: Lock } | { renewed: false; reason: 'lost'; heldBy?: string };

export interface ForceUnlockResult {
  /** The lock that was removed; undefined when the environment was not locked. */
  removed?: Lock;
}

export type AuditKind =
  | 'request'
  | 'plan'
  | 'gate-decision'
  | 'approval'
  | 'denial'
  | 'refusal'
  | 'supersede'
  | 'expire'
  | 'claim'
  | 'lock'
  | 'lock-takeover'
  | 'unlock'
  | 'apply-step'
  | 'apply-result'
  | 'override';

export const AUDIT_KINDS: readonly AuditKind[] = [
  'request',
  'plan',
  'gate-decision',
  'approval',
  'denial',
  'refusal',
  'supersede',
  'expire',
  'claim',
  'lock',
  'lock-takeover',
  'unlock',
  'apply-step',
  'apply-result',
  'override',
];

export interface AuditInput {
  actor: string;
  door?: Door;
  kind: AuditKind;
  envs?: string[];
  fingerprint?: string;
  requestId?: string;
  message: string;
  data?: Record<string, unknown>;
}

export interface AuditEntry extends Required<Pick<AuditInput, 'actor' | 'kind' | 'message'>> {
  /** Strictly increasing in append order. */
  seq: number;
  /** ISO 8601, from the store's clock. */
  at: string;
  door?: Door;
  envs: string[];
  fingerprint?: string;
  requestId?: string;
  data?: Record<string, unknown>;
}

export interface AuditQuery {
  env?: string;
  /** Entries at or after this instant. */
  since?: Date;
  kind?: AuditKind;
  requestId?: string;
  /** The newest `limit` entries (default 1000), returned oldest first. */
  limit?: number;
}

export interface OverrideQuery {
  env?: string;
  states?: OverrideState[];
  /** Newest first; default: all of them (plan needs every active override). */
  limit?: number;
}

/** How an override ends: `/startup dev` ends it, its expiry reverting it expires it. */
export interface EndOverride {
  state: 'ended' | 'expired';
  reason: string;
  /** Who ended it (`slack:U...`), or the bot for an expiry. */
  by: string;
  /** The request that applied the revert; written to the audit entry. */
  requestId?: string;
  door?: Door;
}

export interface Store {
  readonly kind: 'sqlite' | 'postgres';
  /** Where the state lives, without credentials: a file path or `postgres://host:port/db`. */
  readonly location: string;
  /** The schema version in use (after migrations). */
  schemaVersion(): Promise<number>;

  /** Stores a request; open requests with the same scope become `superseded` atomically. */
  createRequest(input: NewRequest, audit?: (created: CreatedRequest) => AuditInput[]): Promise<CreatedRequest>;
  getRequest(id: string): Promise<ApprovalRequest | undefined>;
  listRequests(query?: RequestQuery): Promise<ApprovalRequest[]>;
  /** Read-modify-write of one request under its row lock; `decide` sees the current row and returns the writes. */
  updateRequest<T>(id: string, decide: DecideRequest<T>): Promise<T>;

  acquireLock(env: string, opts: AcquireLockOptions): Promise<AcquireLockResult>;
  renewLock(lock: Pick<Lock, 'env' | 'token'>, ttlMs: number): Promise<RenewLockResult>;
  /** Releases only the acquisition named by `token`; false when it was already gone (expired and taken over). */
  releaseLock(lock: Pick<Lock, 'env' | 'token'>, audit?: Omit<AuditInput, 'kind' | 'envs'>): Promise<boolean>;
  getLock(env: string): Promise<Lock | undefined>;
  listLocks(): Promise<Lock[]>;
  /** Removes the environment's lock whoever holds it and audits it in the same transaction. Authorisation is the caller's (policy command `unlock`). */
  forceUnlock(env: string, by: string, reason: string, door?: Door): Promise<ForceUnlockResult>;

  /**
   * Stores a temporary override as `active` with an `override` audit entry in the same
   * transaction, plus the entries `audit` returns. The input's own `id`, `createdAt` and
   * `state`, if it has them, are ignored.
   */
  createOverride(input: NewOverride, audit?: (created: Override) => AuditInput[]): Promise<Override>;
  getOverride(id: string): Promise<Override | undefined>;
  /** Newest first (by `createdAt`, then creation order). */
  listOverrides(query?: OverrideQuery): Promise<Override[]>;
  /**
   * Active overrides whose `expiresAt` is at or before `now`, soonest first. The store never
   * expires an override by itself: it stays `active` until the engine has applied its revert
   * and calls `endOverride(id, { state: 'expired', ... })`.
   */
  overridesDue(now: Date): Promise<Override[]>;
  /**
   * Ends an active override, with an `override` audit entry. Undefined when it is unknown or
   * no longer active: of several callers ending one override at once, exactly one gets it.
   */
  endOverride(id: string, end: EndOverride): Promise<Override | undefined>;
  /** Links the request that applied the override; undefined when the override is unknown. */
  setOverrideRequest(id: string, requestId: string): Promise<Override | undefined>;

  /** Appends to the audit log after redacting secret-looking values. There is no update or delete. */
  appendAudit(entry: AuditInput): Promise<AuditEntry>;
  queryAudit(query?: AuditQuery): Promise<AuditEntry[]>;

  close(): Promise<void>;
}
