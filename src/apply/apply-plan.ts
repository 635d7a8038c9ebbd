import type { CallStats } from '../cloud/provider.js';
import type { Plan, PlannedAction } from '../model/plan.js';
import { physicalIdOf } from '../model/observed.js';
import { createAccountGate } from './account-gate.js';
import { createActionContext, physicalKey, type ActionOutcome, type ApplyRun } from './action-context.js';
import { createActivity, type ActionActivity } from './activity.js';
import { resolveApplyOptions } from './apply-options.js';
import type { ActionResult, ApplyCounts, ApplyDeps, ApplyEvent, ApplyOptions, ApplyResult } from './apply-types.js';
import { errorMessage } from './error-message.js';
import { executeAction } from './execute-action.js';
import { redact, secretsOf } from './redact.js';
import type { RetryPolicy } from './retry.js';
import { batchFeeders } from './batch-feeders.js';
import { isBatchable } from './batchable-action.js';
import { runInDependencyOrder, type Slot } from './run-in-dependency-order.js';
import { createWriteBatcher } from './write-batcher.js';

/**
 * Carries out a Plan through a CloudProvider: dependency order, independent actions in parallel
 * (`concurrency` bounds actions at work: actions whose writes are all batched are not held back
 * by it, and an action waiting for an instance state or a refresh gives up its place), the starts,
 * stops, terminates and tag changes of many actions sent together in a few calls
 * (write-batcher), the caller's account checked per environment before its first write,
 * retries with back-off on retryable cloud errors, idempotent creates, waits for states.
 * A failed action skips its dependents; the others go on. Never throws for a failed action:
 * the result says what happened to each. Re-running after a crash (re-plan, apply) converges.
 *
 * @example
 * const result = await applyPlan(plan, { provider, targets, clock: systemClock, onEvent: progress });
 * if (!result.ok) process.exitCode = 1;
 */
export async function applyPlan(plan: Plan, deps: ApplyDeps, opts?: ApplyOptions): Promise<ApplyResult> {
  const o = resolveApplyOptions(opts);
  const { provider, clock } = deps;
  const emit = safeEmitter(deps.onEvent);
  const emitAwaited = awaitedEmitter(deps.onEvent);
  const at = () => clock.now().toISOString();
  const startedAt = clock.now();
  const callsBefore = provider.callStats();
  const retry: RetryPolicy = {
    clock,
    random: deps.random ?? Math.random,
    maxAttempts: o.maxAttempts,
    maxCapacityAttempts: o.maxCapacityAttempts,
    baseMs: o.backoffBaseMs,
    capMs: o.backoffCapMs,
  };
  const base = { provider, clock, opts: o, retry, emit, physicalIds: existingPhysicalIds(plan.actions) };
  const activity = createActivity();
  const run: ApplyRun = { ...base, activity, batcher: createWriteBatcher({ activity, signal: opts?.signal }) };
  const gate = createAccountGate(provider, deps.targets, retry, (c) =>
    emit({ type: 'account-checked', at: at(), env: c.env, ok: c.ok, message: c.ok ? `account of ${c.env} checked` : (c.message ?? '') }),
  );
  const results = new Map<string, ActionResult>();
  const changing = plan.actions.filter((a) => a.type !== 'no-op');
  emit({
    type: 'apply-started',
    at: at(),
    total: changing.length,
    envs: plan.envs,
    message: `applying ${changing.length} change${changing.length === 1 ? '' : 's'} in ${plan.envs.join(', ') || 'no environment'}`,
  });

  async function runAction(action: PlannedAction, busy: ActionActivity, slot: Slot): Promise<ActionResult> {
    const began = clock.now().getTime();
    const base = { id: action.id, type: action.type, resource: action.resource };
    if (action.type === 'no-op') return { ...base, status: 'unchanged', steps: [], physicalId: action.resource.physicalId, durationMs: 0 };
    // Recorded (awaited) before anything is written, so a crash can never hide a write.
    const unrecorded = await emitAwaited({
      type: 'action-started',
      at: at(),
      actionId: action.id,
      actionType: action.type,
      resource: action.resource,
      message: `${action.id}: ${action.type}`,
    });
    let outcome: ActionOutcome;
    let steps: string[] = [];
    let physicalId = action.resource.physicalId;
    const target = deps.targets[action.resource.env];
    // Parked while the account is checked: every action of the environment waits for the same
    // check and goes on in the same turn, so no batch of this environment goes out without them.
    const check = unrecorded === undefined ? await busy.park(() => gate.check(action.resource.env)) : undefined;
    if (!check) {
      outcome = { status: 'failed', error: `not started: the audit log could not record that it began (${unrecorded}); nothing was written` };
    } else if (!check.ok || !target) {
      outcome = { status: 'failed', error: check.message };
    } else {
      const ctx = createActionContext(run, action, target, busy, slot);
      try {
        outcome = await executeAction(ctx);
      } catch (e) {
        outcome = { status: 'failed', error: errorMessage(e), note: leftBehind(action, ctx.producedId) };
      }
      steps = ctx.steps;
      physicalId = ctx.producedId ?? physicalId;
    }
    const secrets = secretsOf(action);
    const result: ActionResult = {
      ...base,
      status: outcome.status,
      steps,
      ...(outcome.error !== undefined && { error: redact(outcome.error, secrets) }),
      ...(outcome.note !== undefined && { note: redact(outcome.note, secrets) }),
      ...(physicalId !== undefined && { physicalId }),
      durationMs: clock.now().getTime() - began,
    };
    emit({
      type: 'action-finished',
      at: at(),
      actionId: action.id,
      status: result.status,
      durationMs: result.durationMs,
      ...(result.error !== undefined && { error: result.error }),
      ...(result.note !== undefined && { note: result.note }),
      message: `${action.id}: ${result.status}${result.error ? `: ${result.error}` : ''}`,
    });
    return result;
  }

  const actions = withImplicitDependencies(plan.actions);
  const feeders = batchFeeders(actions);
  await runInDependencyOrder(actions, {
    concurrency: o.concurrency,
    unthrottled: isBatchable,
    stopped: () => (opts?.signal?.aborted ? 'the apply was interrupted before it started; apply again to finish' : undefined),
    run: async (action, slot) => {
      const busy = activity.begin(feeders.has(action.id));
      let r: ActionResult;
      try {
        r = await runAction(action, busy, slot);
      } finally {
        busy.end();
      }
      results.set(action.id, r);
      return r.status === 'applied' || r.status === 'unchanged';
    },
    skip: (action, reason) => {
      const note = `skipped: ${reason}`;
      results.set(action.id, { id: action.id, type: action.type, resource: action.resource, status: 'skipped', steps: [], note, durationMs: 0 });
      emit({ type: 'action-finished', at: at(), actionId: action.id, status: 'skipped', durationMs: 0, note, message: `${action.id}: ${note}` });
    },
  });

  const inPlanOrder = plan.actions.map((a) => results.get(a.id)!);
  const counts = countResults(inPlanOrder);
  const finishedAt = clock.now();
  const ok = counts.failed + counts.skipped + counts.rolledBack === 0;
  emit({
    type: 'apply-finished',
    at: finishedAt.toISOString(),
    ok,
    counts,
    durationMs: finishedAt.getTime() - startedAt.getTime(),
    message: `apply ${ok ? 'complete' : 'finished with failures'}: ${counts.applied} applied, ${counts.failed + counts.rolledBack} failed, ${counts.skipped} skipped`,
  });
  return {
    ok,
    results: inPlanOrder,
    counts,
    accountChecks: await gate.checks(),
    startedAt: startedAt.toISOString(),
    finishedAt: finishedAt.toISOString(),
    providerCalls: callsSince(callsBefore, provider.callStats()),
  };
}

/** An alarm on a resource created or replaced in the same plan waits for it, declared or not. */
function withImplicitDependencies(actions: readonly PlannedAction[]): PlannedAction[] {
  const makers = new Map<string, string>();
  for (const a of actions) {
    if (a.type === 'create' || a.type === 'replace') makers.set(physicalKey(a.resource.env, a.resource.kind, a.resource.uuid), a.id);
  }
  return actions.map((a) => {
    const t = a.desired?.kind === 'alarm' ? a.desired.target : undefined;
    const maker = t && makers.get(physicalKey(a.resource.env, t.kind, t.uuid));
    return maker && !a.dependsOn.includes(maker) ? { ...a, dependsOn: [...a.dependsOn, maker] } : a;
  });
}

function existingPhysicalIds(actions: readonly PlannedAction[]): Map<string, string> {
  const ids = new Map<string, string>();
  for (const a of actions) {
    // What is being deleted is no target (a replace's leftover even shares the uuid of the live one).
    if (a.type === 'delete') continue;
    const id = a.observed ? physicalIdOf(a.observed) : a.type === 'create' ? undefined : a.resource.physicalId;
    if (id !== undefined) ids.set(physicalKey(a.resource.env, a.resource.kind, a.resource.uuid), id);
  }
  return ids;
}

function leftBehind(action: PlannedAction, producedId: string | undefined): string | undefined {
  if (producedId === undefined || (action.type !== 'create' && action.type !== 'replace')) return undefined;
  const old = action.type === 'replace' && action.observed ? `; the old ${physicalIdOf(action.observed)} is untouched` : '';
  return `${producedId} was launched but the ${action.type} did not finish${old}; run qm apply again to converge`;
}

function countResults(results: readonly ActionResult[]): ApplyCounts {
  const c: ApplyCounts = { applied: 0, failed: 0, skipped: 0, unchanged: 0, rolledBack: 0 };
  for (const r of results) {
    if (r.status === 'rolled-back') c.rolledBack++;
    else c[r.status]++;
  }
  return c;
}

function callsSince(before: CallStats, after: CallStats): CallStats {
  const byOperation: Record<string, number> = {};
  for (const [op, n] of Object.entries(after.byOperation)) {
    const d = n - (before.byOperation[op] ?? 0);
    if (d > 0) byOperation[op] = d;
  }
  return { total: after.total - before.total, byOperation };
}

function safeEmitter(onEvent: ApplyDeps['onEvent']): (e: ApplyEvent) => void {
  return (e) => {
    try {
      const returned = onEvent?.(e);
      // A promise returned here is not waited for; its rejection is not this apply's to report.
      if (isThenable(returned)) returned.then(undefined, () => undefined);
    } catch {
      // Progress is a courtesy: a broken renderer must not stop changes half-way.
    }
  };
}

/**
 * Emits and waits for the promise the handler returns, if any: the error message when it
 * rejects (the record of the event could not be made), undefined otherwise. A handler that
 * throws synchronously is a broken renderer, ignored as safeEmitter does.
 */
function awaitedEmitter(onEvent: ApplyDeps['onEvent']): (e: ApplyEvent) => Promise<string | undefined> {
  return async (e) => {
    let returned: unknown;
    try {
      returned = onEvent?.(e);
    } catch {
      return undefined;
    }
    if (!isThenable(returned)) return undefined;
    try {
      await returned;
      return undefined;
    } catch (error) {
      return errorMessage(error);
    }
  };
}

function isThenable(v: unknown): v is PromiseLike<unknown> {
  return typeof (v as { then?: unknown } | null | undefined)?.then === 'function';
}
