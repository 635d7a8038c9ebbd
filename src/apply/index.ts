/** The executor: carries out a Plan through a CloudProvider. */
export { applyPlan } from './apply-plan.js';
export { APPLY_DEFAULTS } from './apply-options.js';
export { idempotencyToken, specHash, stableStringify } from './idempotency-token.js';
export { backoffDelay } from './retry.js';
export type {
  AccountCheck,
  ActionResult,
  ActionStatus,
  ApplyCounts,
  ApplyDeps,
  ApplyEvent,
  ApplyEventType,
  ApplyOptions,
  ApplyResult,
} from './apply-types.js';
