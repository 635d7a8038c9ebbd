/**
 * A temporary change made from chat (`/shutdown dev`, `/scale web 5 --for 2h`): kept in the
 * store, not in git, with an owner and an expiry. Plan, drift and status apply the active
 * overrides to the definitions, so what they hold is not called drift; when one expires (or is
 * ended by `startup`), the definitions apply again through the gate.
 */
export type OverrideChange =
  /** Instances stopped, groups at 0/0/0 (the whole environment when `target` has no name). */
  | { kind: 'shutdown' }
  /** Instances the definitions keep stopped are started (`/startup dev --for 2h`). */
  | { kind: 'startup' }
  | { kind: 'capacity'; min?: number; max?: number; desired?: number }
  | { kind: 'instance-type'; instanceType: string };

/** Where a door announced the change, so its revert is announced there too. */
export interface OverrideThread {
  door: 'slack' | 'github-comment' | 'cli' | 'pr';
  /** Slack: channel id; GitHub: `owner/repo#issue`. */
  channel: string;
  /** Slack: the message ts the thread hangs from; GitHub: the comment id. */
  thread?: string;
}

export type OverrideState = 'active' | 'ended' | 'expired';

export interface Override {
  /** `ovr-` and 12 hex digits. */
  id: string;
  env: string;
  /** A resource of `env`; absent: the whole environment. */
  target?: { kind: 'instance' | 'autoscaling-group'; name: string };
  change: OverrideChange;
  /** Who asked (`slack:U...`, `github:login#id`). */
  owner: string;
  /** What was asked: `/shutdown dev --for 2h`. */
  reason: string;
  /** The approval request that applied it, once applied. */
  requestId?: string;
  thread?: OverrideThread;
  /** ISO 8601. */
  createdAt: string;
  /** ISO 8601; absent: until ended (`/startup dev`). */
  expiresAt?: string;
  state: OverrideState;
  /** ISO 8601, when ended or expired; and why. */
  endedAt?: string;
  endedReason?: string;
  /** Who ended it (`slack:U...`), or the bot when it expired. */
  endedBy?: string;
}

/** What a door hands the store: the store sets `id`, `createdAt` and `state: 'active'`. */
export type NewOverride = Omit<Override, 'id' | 'createdAt' | 'state' | 'endedAt' | 'endedReason' | 'endedBy'>;
