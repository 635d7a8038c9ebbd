import { redact, secretsOf } from './redact.js';
import type { Clock } from '../clock.js';
import type { CloudProvider, EnvTarget, TaggableKind } from '../cloud/provider.js';
import type { InstanceState } from '../model/observed.js';
import type { PlannedAction } from '../model/plan.js';
import type { ResourceKind } from '../model/resources.js';
import type { ActionStatus, ApplyEvent } from './apply-types.js';
import { idempotencyToken, type TokenInput } from './idempotency-token.js';
import type { Activity, ActionActivity } from './activity.js';
import type { Slot } from './run-in-dependency-order.js';
import { instanceStateBatch, tagBatch, type BatchDeps, type InstanceStateOperation } from './batch-specs.js';
import { withRetry, type RetryNotice, type RetryPolicy } from './retry.js';
import type { WriteBatcher } from './write-batcher.js';

export interface ResolvedApplyOptions {
  concurrency: number;
  waitTimeoutMs: number;
  maxAttempts: number;
  maxCapacityAttempts: number;
  backoffBaseMs: number;
  backoffCapMs: number;
  idempotencySeed: string;
  refreshMinHealthyPercentage: number;
}

/** What one action's handler reports; a thrown error is turned into `failed` by the caller. */
export interface ActionOutcome {
  status: Exclude<ActionStatus, 'skipped'>;
  error?: string;
  note?: string;
}

/** State shared by every action of one apply. */
export interface ApplyRun {
  provider: CloudProvider;
  clock: Clock;
  opts: ResolvedApplyOptions;
  retry: RetryPolicy;
  /** Start/stop/terminate and tag writes of all actions, sent in shared calls. */
  batcher: WriteBatcher;
  /** Which actions that may join a batch are busy, which wait: the batcher sends when none is busy. */
  activity: Activity;
  emit: (e: ApplyEvent) => void;
  /** Physical ids by `physicalKey`: what exists before the apply, and what its creates made. */
  physicalIds: Map<string, string>;
}

/** The key of a resource in ApplyRun.physicalIds. */
export function physicalKey(env: string, kind: ResourceKind, uuid: string): string {
  return `${env}/${kind}/${uuid}`;
}

/** What an action handler uses to act: every provider call goes through it (retries, steps, events). */
export interface ActionContext {
  readonly action: PlannedAction;
  readonly target: EnvTarget;
  readonly provider: CloudProvider;
  readonly opts: ResolvedApplyOptions;
  /** Completed steps, in order. */
  readonly steps: string[];
  /** A provider call with retries; `operation detail` is recorded as a step once it succeeds. */
  call<T>(operation: string, detail: string | ((value: T) => string), fn: () => Promise<T>): Promise<T>;
  /** A long wait (an instance refresh): a `call` during which this action neither holds back batches nor takes a place under the concurrency limit. */
  waitCall<T>(operation: string, detail: string | ((value: T) => string), fn: () => Promise<T>): Promise<T>;
  /** start/stop/terminate one instance, in a call shared with other actions' (see write-batcher). */
  instances(op: InstanceStateOperation, instanceId: string): Promise<void>;
  /** Sets and removes tags on one resource, in a call shared with actions making the same tag change. */
  tags(kind: TaggableKind, id: string, set: Record<string, string>, remove: string[]): Promise<void>;
  /** Waits (with the apply's timeout) for one instance to reach `state`, as `waitCall` does: in the provider's shared poll. */
  waitFor(instanceId: string, state: InstanceState): Promise<void>;
  token(purpose: TokenInput['purpose'], spec: unknown, extra?: string): string;
  /** The physical id of a resource of this environment, existing or made earlier in this run. */
  physicalIdOf(kind: ResourceKind, uuid: string): string | undefined;
  /** Records the physical id this action made (a new instance), for dependents and the result. */
  produced(physicalId: string): void;
  readonly producedId: string | undefined;
  /** Marks the start of a rollback: later steps are prefixed `rollback:`. */
  rollingBack(message: string): void;
}

/**
 * `busy` is the action's part of `run.activity`: every wait of the action is parked in it,
 * back-off sleeps included. `slot` is its place under the concurrency limit, given up during
 * long waits only (a state, a refresh): a back-off sleep keeps it, so throttling slows the
 * apply down instead of letting more actions call.
 */
export function createActionContext(run: ApplyRun, action: PlannedAction, target: EnvTarget, busy: ActionActivity, slot: Slot): ActionContext {
  const steps: string[] = [];
  let prefix = '';
  let producedId: string | undefined;
  const at = () => run.clock.now().toISOString();
  const secrets = secretsOf(action);

  function record(operation: string, detail: string): void {
    // Steps reach events, terminals and the audit log: no user data in them, whatever a caller wrote.
    const step = redact(`${prefix}${operation}${detail ? ` ${detail}` : ''}`, secrets);
    steps.push(step);
    run.emit({ type: 'step', at: at(), actionId: action.id, step, message: `${action.id}: ${step}` });
  }

  const onRetry = (operation: string) => (n: RetryNotice) => run.emit(retryEvent(at(), action.id, operation, n));
  const batchDeps = batchDepsOf(run);
  // A retry's back-off sleep is a wait like any other: a batch need not wait for it.
  const retry: RetryPolicy = { ...run.retry, clock: { now: () => run.retry.clock.now(), sleep: (ms) => busy.park(() => run.retry.clock.sleep(ms)) } };

  const ctx: ActionContext = {
    action,
    target,
    provider: run.provider,
    opts: run.opts,
    steps,
    async call(operation, detail, fn) {
      const value = await withRetry(fn, retry, onRetry(operation));
      record(operation, typeof detail === 'function' ? detail(value) : detail);
      return value;
    },
    waitCall(operation, detail, fn) {
      // Parked until it has its place back: an action queued for a place holds back no batch.
      return busy.park(() => slot.release(() => ctx.call(operation, detail, fn)));
    },
    async instances(op, instanceId) {
      await busy.park(() => run.batcher.run(instanceStateBatch(batchDeps, op, target), { resourceId: instanceId, tag: action.id }));
      record(op, instanceId);
    },
    async tags(kind, id, set, remove) {
      await busy.park(() => run.batcher.run(tagBatch(batchDeps, target, kind, set, remove), { resourceId: id, tag: action.id }));
      record('updateTags', id);
    },
    waitFor(instanceId, state) {
      return ctx.waitCall('wait', `${instanceId} ${state}`, () =>
        run.provider.waitForInstances(target, [instanceId], state, { timeoutMs: run.opts.waitTimeoutMs }),
      );
    },
    token(purpose, spec, extra) {
      return idempotencyToken({ seed: run.opts.idempotencySeed, purpose, uuid: action.resource.uuid, spec, extra });
    },
    physicalIdOf(kind, uuid) {
      return run.physicalIds.get(physicalKey(target.env, kind, uuid));
    },
    produced(physicalId) {
      producedId = physicalId;
      run.physicalIds.set(physicalKey(target.env, action.resource.kind, action.resource.uuid), physicalId);
    },
    get producedId() {
      return producedId;
    },
    rollingBack(message) {
      prefix = 'rollback: ';
      run.emit({ type: 'rollback', at: at(), actionId: action.id, message: `${action.id}: ${message}` });
    },
  };
  return ctx;
}

function retryEvent(at: string, actionId: string, operation: string, n: RetryNotice): ApplyEvent {
  return {
    type: 'retry',
    at,
    actionId,
    operation,
    attempt: n.attempt,
    delayMs: n.delayMs,
    errorCode: n.error.code,
    message: `${actionId}: ${operation} failed (${n.error.code}), attempt ${n.attempt}; retrying in ${n.delayMs} ms`,
  };
}

/** What the batched calls of a run need to retry and report retries to each action in them. */
function batchDepsOf(run: ApplyRun): BatchDeps {
  return {
    provider: run.provider,
    retry: run.retry,
    emit: run.emit,
    retryEvent: (actionId, operation, n) => retryEvent(run.clock.now().toISOString(), actionId, operation, n),
  };
}
