import type { ApplyOptions } from './apply-types.js';
import type { ResolvedApplyOptions } from './action-context.js';
import { REFRESH_MIN_HEALTHY_PERCENTAGE } from '../plan/index.js';

export const APPLY_DEFAULTS: ResolvedApplyOptions = {
  concurrency: 8,
  waitTimeoutMs: 10 * 60_000,
  maxAttempts: 5,
  maxCapacityAttempts: 3,
  backoffBaseMs: 1000,
  backoffCapMs: 20_000,
  idempotencySeed: '',
  // The share the plan's reason promises, so what a plan says and what apply does cannot drift apart.
  refreshMinHealthyPercentage: REFRESH_MIN_HEALTHY_PERCENTAGE,
};

/** ApplyOptions with every default filled in. */
export function resolveApplyOptions(opts: ApplyOptions = {}): ResolvedApplyOptions {
  const defined = Object.fromEntries(Object.entries(opts).filter(([, v]) => v !== undefined));
  const o = { ...APPLY_DEFAULTS, ...defined };
  return { ...o, concurrency: Math.max(1, Math.floor(o.concurrency)), maxAttempts: Math.max(1, Math.floor(o.maxAttempts)) };
}
