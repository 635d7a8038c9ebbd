import type { EnvTarget } from '../cloud/provider.js';

export type BatchOperation = 'startInstances' | 'stopInstances' | 'terminateInstances';

/** Runs one provider call, with the caller's retries; `ids` may hold several callers' instances. */
export type BatchCall = (op: BatchOperation, target: EnvTarget, ids: string[], participants: BatchParticipant[]) => Promise<void>;

export interface BatchParticipant {
  instanceId: string;
  /** Opaque to the batcher: the caller uses it to attribute retries to its action. */
  tag: string;
}

/** AWS accepts many more ids per call; 50 keeps one bad id's blast radius and the request small. */
const MAX_IDS_PER_CALL = 50;

interface Waiter extends BatchParticipant {
  resolve: () => void;
  reject: (e: unknown) => void;
}

export interface InstanceBatcher {
  /** Resolves when the call including `instanceId` succeeded; rejects with that instance's own error. */
  run(op: BatchOperation, target: EnvTarget, participant: BatchParticipant): Promise<void>;
}

/**
 * Coalesces start/stop/terminate requests made in the same turn of the event loop, per operation
 * and environment, into one call with several ids. When a batched call fails for good, each
 * instance is tried alone, so one bad instance fails only its own action.
 *
 * @example
 * const batcher = createInstanceBatcher(call);
 * await Promise.all(ids.map((id) => batcher.run('stopInstances', target, { instanceId: id, tag: id })));
 * // one StopInstances call with every id
 */
export function createInstanceBatcher(call: BatchCall): InstanceBatcher {
  const queues = new Map<string, { op: BatchOperation; target: EnvTarget; waiters: Waiter[] }>();

  async function flush(key: string): Promise<void> {
    const queue = queues.get(key);
    queues.delete(key);
    if (!queue) return;
    for (let i = 0; i < queue.waiters.length; i += MAX_IDS_PER_CALL) {
      void settle(queue.op, queue.target, queue.waiters.slice(i, i + MAX_IDS_PER_CALL));
    }
  }

  async function settle(op: BatchOperation, target: EnvTarget, waiters: Waiter[]): Promise<void> {
    const ids = [...new Set(waiters.map((w) => w.instanceId))];
    try {
      await call(op, target, ids, waiters);
      for (const w of waiters) w.resolve();
    } catch (e) {
      if (ids.length === 1) {
        for (const w of waiters) w.reject(e);
        return;
      }
      // Which id spoiled the batch is unknown: ask for each alone so only its action fails.
      await Promise.all(waiters.map((w) => call(op, target, [w.instanceId], [w]).then(w.resolve, w.reject)));
    }
  }

  return {
    run(op, target, participant) {
      return new Promise<void>((resolve, reject) => {
        const key = `${op}\u0000${target.env}`;
        let queue = queues.get(key);
        if (!queue) {
          queue = { op, target, waiters: [] };
          queues.set(key, queue);
          // setImmediate runs after every pending microtask: actions started together all join.
          setImmediate(() => void flush(key));
        }
        queue.waiters.push({ ...participant, resolve, reject });
      });
    },
  };
}
