import type { Clock } from '../clock.js';
import type { CallStats, CloudProvider, EnvTarget } from '../cloud/provider.js';
import type { ActionResource, ActionType } from '../model/plan.js';

/** What applyPlan needs from the outside world; tests pass fakes (STYLE.md 5). */
export interface ApplyDeps {
  provider: CloudProvider;
  /** One per environment of the plan; an action whose env has none fails (nothing is written there). */
  targets: Record<string, EnvTarget>;
  clock: Clock;
  /**
   * Progress; a handler that throws is ignored, never aborts the apply. For `action-started`
   * (the action's begun entry in an audit log), a promise the handler returns is awaited before
   * the action's first cloud write; if it rejects, the action fails without writing anything,
   * so no write is ever made that the log does not show begun.
   */
  onEvent?: (e: ApplyEvent) => unknown;
  /** [0, 1); the jitter of retry back-offs. Defaults to Math.random. */
  random?: () => number;
}

export interface ApplyOptions {
  /**
   * Actions at work at once. Default 8. Actions whose writes are all batched (stop, start,
   * terminate, tags) are not counted: they share a few calls; nor are actions while they wait
   * for an instance state or an instance refresh (the provider polls for all of them at once).
   */
  concurrency?: number;
  /** Limit of each wait for a state (instance running, refresh done). Default 10 minutes. */
  waitTimeoutMs?: number;
  /** Attempts of a call failing with a retryable CloudError (the first included). Default 5. */
  maxAttempts?: number;
  /** Attempts when the error is insufficient capacity, which rarely clears within seconds. Default 3. */
  maxCapacityAttempts?: number;
  /** First back-off ceiling; doubles per attempt up to backoffCapMs. Default 1000. */
  backoffBaseMs?: number;
  /** Default 20000. */
  backoffCapMs?: number;
  /**
   * Mixed into every idempotency token. Leave it unset so re-runs reuse tokens; set a new value
   * only to create again, on purpose, something whose earlier create the cloud remembers.
   */
  idempotencySeed?: string;
  /** Instance refresh MinHealthyPercentage. Default 90 (AWS's default). */
  refreshMinHealthyPercentage?: number;
  /**
   * Aborted (Ctrl-C, or the environment lock lost): no further action starts and no batched
   * write (start, stop, terminate, tags) is sent any more, even for an action in flight: those
   * fail "interrupted before its write". In-flight per-resource calls run to their end; a resize
   * whose restart was not sent says the instance is stopped and how to start it. The rest is
   * reported skipped.
   */
  signal?: AbortSignal;
}

export type ActionStatus =
  /** The action's changes were made. */
  | 'applied'
  /** It could not be made; `error` says why and, when something was left half-done, in what state. */
  | 'failed'
  /** Not attempted because an action it depends on did not succeed. */
  | 'skipped'
  /** A no-op, or live state already matched when the action ran. */
  | 'unchanged'
  /** It failed and its partial changes were undone (a resize put back on the old type and restarted). */
  | 'rolled-back';

export interface ActionResult {
  id: string;
  type: ActionType;
  resource: ActionResource;
  status: ActionStatus;
  /** The steps that completed, in order: `runInstance i-0abc`, `wait running`. */
  steps: string[];
  /** Why it failed (the original error for a rolled-back action). Never contains secrets. */
  error?: string;
  /** One line for people: the new instance id, the state something was left in, what to do. */
  note?: string;
  /** The physical id after the action (a created or replacing instance's id). */
  physicalId?: string;
  durationMs: number;
}

export interface AccountCheck {
  env: string;
  ok: boolean;
  /** The AccountMismatchError (or the failed call's) message when not ok. */
  message?: string;
}

export interface ApplyCounts {
  applied: number;
  failed: number;
  skipped: number;
  unchanged: number;
  rolledBack: number;
}

export interface ApplyResult {
  /** True when no action failed, was skipped or rolled back. */
  ok: boolean;
  /** One per plan action, in plan order. */
  results: ActionResult[];
  counts: ApplyCounts;
  /** The caller-account checks made, one per environment that had something to write. */
  accountChecks: AccountCheck[];
  /** ISO 8601, from the clock. */
  startedAt: string;
  finishedAt: string;
  /** Provider calls made during this apply (retries included). */
  providerCalls: CallStats;
}

interface EventBase {
  /** ISO 8601, from the clock. */
  at: string;
  message: string;
}

export type ApplyEvent =
  | (EventBase & { type: 'apply-started'; total: number; envs: string[] })
  | (EventBase & { type: 'account-checked'; env: string; ok: boolean })
  /** Before the action's first write (awaited when the handler returns a promise). */
  | (EventBase & { type: 'action-started'; actionId: string; actionType: ActionType; resource: ActionResource })
  | (EventBase & { type: 'step'; actionId: string; step: string })
  | (EventBase & { type: 'retry'; actionId: string; operation: string; attempt: number; delayMs: number; errorCode: string })
  | (EventBase & { type: 'rollback'; actionId: string })
  | (EventBase & { type: 'action-finished'; actionId: string; status: ActionStatus; durationMs: number; error?: string; note?: string })
  | (EventBase & { type: 'apply-finished'; ok: boolean; counts: ApplyCounts; durationMs: number });

export type ApplyEventType = ApplyEvent['type'];
