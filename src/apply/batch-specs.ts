import type { EnvTarget, TaggableKind } from '../cloud/provider.js';
import type { ApplyEvent } from './apply-types.js';
import { stableStringify } from './idempotency-token.js';
import { withRetry, type RetryNotice, type RetryPolicy } from './retry.js';
import type { BatchSpec } from './write-batcher.js';
import type { CloudProvider } from '../cloud/provider.js';

export type InstanceStateOperation = 'startInstances' | 'stopInstances' | 'terminateInstances';

/**
 * Resources per batched call, by operation. Start/Stop/TerminateInstances and EC2 CreateTags
 * take up to 1,000 ids, with AWS's advice to send smaller batches; 100 makes 1,000 instances
 * 10 calls, keeps an answer near 100 KB, and, with the batcher's halving, one bad id costs
 * about 14 more calls. Auto Scaling tags go 20 groups a call in the adapter; CloudWatch tags
 * one alarm a call: a batch there saves little but costs nothing.
 */
const BATCH_IDS: Record<InstanceStateOperation | 'updateTags', number> = {
  startInstances: 100,
  stopInstances: 100,
  terminateInstances: 100,
  updateTags: 100,
};

/** What a batch needs from the apply: the provider, the retry policy, and where retries are reported. */
export interface BatchDeps {
  provider: CloudProvider;
  retry: RetryPolicy;
  retryEvent: (actionId: string, operation: string, n: RetryNotice) => ApplyEvent;
  emit: (e: ApplyEvent) => void;
}

/**
 * The batch of a start, stop or terminate in one environment.
 *
 * @example await batcher.run(instanceStateBatch(deps, 'stopInstances', prod), { resourceId: 'i-1', tag: actionId });
 */
export function instanceStateBatch(deps: BatchDeps, op: InstanceStateOperation, target: EnvTarget): BatchSpec {
  return {
    key: `${op}\u0000${target.env}`,
    maxIds: BATCH_IDS[op],
    send: (ids, participants) => withReportedRetry(deps, op, participants, () => deps.provider[op](target, ids)),
  };
}

/** The batch of one tag change (the same keys set to the same values, the same keys removed) on resources of one kind. */
export function tagBatch(deps: BatchDeps, target: EnvTarget, kind: TaggableKind, set: Record<string, string>, remove: readonly string[]): BatchSpec {
  const removed = [...remove].sort();
  return {
    key: `updateTags\u0000${target.env}\u0000${kind}\u0000${stableStringify(set)}\u0000${removed.join('\u0000')}`,
    maxIds: BATCH_IDS.updateTags,
    send: (ids, participants) => withReportedRetry(deps, 'updateTags', participants, () => deps.provider.updateTags(target, kind, ids, set, removed)),
  };
}

/** One provider call with retries, each retry reported to every action in the call. */
function withReportedRetry(deps: BatchDeps, op: string, participants: readonly { tag: string }[], fn: () => Promise<void>): Promise<void> {
  const actions = [...new Set(participants.map((p) => p.tag))];
  return withRetry(fn, deps.retry, (n) => {
    for (const a of actions) deps.emit(deps.retryEvent(a, op, n));
  });
}
