import { ALWAYS_IDLE, type Activity } from './activity.js';
import { interrupted, sendBatch } from './send-batch.js';

export interface BatchParticipant {
  /** The resource the caller writes (an instance id, a group name). */
  resourceId: string;
  /** Opaque to the batcher: the caller uses it to attribute retries to its action. */
  tag: string;
}

/** What to send: requests with the same `key` share calls of up to `maxIds` resources. */
export interface BatchSpec {
  /** The operation, its environment and its payload (the same tags), e.g. `stopInstances prod`. */
  key: string;
  maxIds: number;
  /** One provider call for `ids`, with the caller's retries; `participants` are the requests in it. */
  send: (ids: string[], participants: BatchParticipant[]) => Promise<void>;
}

export interface WriteBatcher {
  /** Resolves when a call including `resourceId` succeeded; rejects with that resource's own error. */
  run(spec: BatchSpec, participant: BatchParticipant): Promise<void>;
}

export interface WriteBatcherOptions {
  /** Who may still join a batch: a batch is held while one of them is busy. Default: nobody. */
  activity?: Activity;
  /** The apply's: once aborted, nothing more is sent and waiting requests fail as interrupted. */
  signal?: AbortSignal;
  /** The longest a request waits for others to join, in real milliseconds. Default MAX_HOLD_MS. */
  maxHoldMs?: number;
}

/**
 * How long, at most, a batch waits for busy actions that might join it. Real time, not the
 * apply's clock: what is waited for is this process's own work (audit writes, the account check,
 * per-resource calls), and a manual clock would make the hold zero. Long enough for a thousand
 * actions released together to reach the batcher on a loaded machine (they take a few
 * milliseconds), short next to what follows any write (an EC2 transition, a 15 s poll).
 */
export const MAX_HOLD_MS = 200;

interface Waiter extends BatchParticipant {
  resolve: () => void;
  reject: (e: unknown) => void;
}

interface Queue {
  spec: BatchSpec;
  waiters: Waiter[];
  hold: ReturnType<typeof setTimeout>;
}

/**
 * Groups writes of the same kind (same key) into calls of up to `maxIds` resources. A queue is
 * sent once `activity` says nothing that could join it is busy (with the default activity: what
 * arrived in the same turn of the event loop), or `maxHoldMs` after its first request, whichever
 * comes first, whatever order the requests arrived in. Everyone in a send is answered together,
 * once all its calls are done, so they go on (to one shared wait) together. How calls are made,
 * split and failed: see sendBatch.
 *
 * @example
 * const batcher = createWriteBatcher({ activity, signal });
 * const stop = { key: 'stopInstances prod', maxIds: 100, send: (ids) => provider.stopInstances(prod, ids) };
 * await Promise.all(ids.map((id) => batcher.run(stop, { resourceId: id, tag: id }))); // one call
 */
export function createWriteBatcher(opts: WriteBatcherOptions = {}): WriteBatcher {
  const { activity = ALWAYS_IDLE, signal, maxHoldMs = MAX_HOLD_MS } = opts;
  const queues = new Map<string, Queue>();
  let checkScheduled = false;

  // setImmediate runs after every pending microtask: requests made in the same turn all join.
  function scheduleCheck(): void {
    if (checkScheduled || queues.size === 0) return;
    checkScheduled = true;
    setImmediate(() => {
      checkScheduled = false;
      // A stopped apply sends nothing: its queues are answered now, not after the hold.
      if (!activity.idle() && !signal?.aborted) return; // the next idle moment checks again
      for (const q of [...queues.values()]) sendQueue(q);
    });
  }
  activity.onIdle(scheduleCheck);

  function sendQueue(q: Queue): void {
    if (queues.get(q.spec.key) !== q) return;
    queues.delete(q.spec.key);
    clearTimeout(q.hold);
    void send(q.spec, q.waiters);
  }

  async function send(spec: BatchSpec, waiters: Waiter[]): Promise<void> {
    if (signal?.aborted) {
      const e = interrupted();
      for (const w of waiters) w.reject(e);
      return;
    }
    const byId = new Map<string, Waiter[]>();
    for (const w of waiters) byId.set(w.resourceId, [...(byId.get(w.resourceId) ?? []), w]);
    const failures = await sendBatch(spec, [...byId.keys()], (part) => part.flatMap((id) => byId.get(id) ?? []), signal);
    for (const w of waiters) {
      if (failures.has(w.resourceId)) w.reject(failures.get(w.resourceId));
      else w.resolve();
    }
  }

  return {
    run(spec, participant) {
      return new Promise<void>((resolve, reject) => {
        let q = queues.get(spec.key);
        if (!q) {
          const created: Queue = { spec, waiters: [], hold: setTimeout(() => sendQueue(created), maxHoldMs) };
          q = created;
          queues.set(spec.key, q);
        }
        q.waiters.push({ ...participant, resolve, reject });
        scheduleCheck();
      });
    },
  };
}
