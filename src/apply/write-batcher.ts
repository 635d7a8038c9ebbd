import { ErrorCode, isQmError } from '../errors.js';
import { ALWAYS_IDLE, type Activity } from './activity.js';

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

interface Waiter extends BatchParticipant {
  resolve: () => void;
  reject: (e: unknown) => void;
}

interface Queue {
  spec: BatchSpec;
  waiters: Waiter[];
}

/** Calls of one send in flight at once. */
const CALLS_IN_FLIGHT = 8;

/**
 * Errors no smaller batch could avoid: splitting would only repeat them, call after call.
 * Anything else may be one resource's fault (not found, wrong state, a resource-level deny).
 */
const WHOLE_BATCH_ERRORS: ReadonlySet<string> = new Set([ErrorCode.CloudThrottled, ErrorCode.Timeout]);

/**
 * Groups writes of the same kind (same key) into calls of up to `maxIds` resources. Queues
 * are sent when `activity` says no running action is busy any more (so nothing else is about
 * to join them), whatever order the actions arrived in; with the default activity, what
 * arrived in the same turn of the event loop. Everyone in a send is answered together, once
 * all its calls are done, so they go on (to one shared wait) together.
 *
 * A failed call is split in halves, recursively, so one bad resource fails only its own
 * requests at a cost of about 2·log2(n) extra calls, not one call per resource.
 *
 * @example
 * const batcher = createWriteBatcher(activity);
 * const stop = { key: 'stopInstances prod', maxIds: 100, send: (ids) => provider.stopInstances(prod, ids) };
 * await Promise.all(ids.map((id) => batcher.run(stop, { resourceId: id, tag: id }))); // one call
 */
export function createWriteBatcher(activity: Activity = ALWAYS_IDLE): WriteBatcher {
  const queues = new Map<string, Queue>();
  let checkScheduled = false;

  // setImmediate runs after every pending microtask: requests made in the same turn all join.
  function scheduleCheck(): void {
    if (checkScheduled || queues.size === 0) return;
    checkScheduled = true;
    setImmediate(() => {
      checkScheduled = false;
      if (!activity.idle()) return; // the next idle moment checks again
      for (const key of [...queues.keys()]) sendQueue(key);
    });
  }
  activity.onIdle(scheduleCheck);

  function sendQueue(key: string): void {
    const q = queues.get(key);
    queues.delete(key);
    if (q) void send(q.spec, q.waiters);
  }

  async function send(spec: BatchSpec, waiters: Waiter[]): Promise<void> {
    const byId = new Map<string, Waiter[]>();
    for (const w of waiters) byId.set(w.resourceId, [...(byId.get(w.resourceId) ?? []), w]);
    const ids = [...byId.keys()];
    const failures = new Map<string, unknown>();
    const chunks: string[][] = [];
    for (let i = 0; i < ids.length; i += spec.maxIds) chunks.push(ids.slice(i, i + spec.maxIds));
    // A few calls at a time: enough to overlap their latency, not enough to be throttled.
    let next = 0;
    const worker = async (): Promise<void> => {
      while (next < chunks.length) await sendSplitting(spec, chunks[next++]!, byId, failures);
    };
    await Promise.all(Array.from({ length: Math.min(CALLS_IN_FLIGHT, chunks.length) }, worker));
    for (const w of waiters) {
      if (failures.has(w.resourceId)) w.reject(failures.get(w.resourceId));
      else w.resolve();
    }
  }

  async function sendSplitting(spec: BatchSpec, ids: string[], byId: Map<string, Waiter[]>, failures: Map<string, unknown>): Promise<void> {
    try {
      await spec.send(ids, ids.flatMap((id) => byId.get(id) ?? []));
    } catch (e) {
      if (ids.length === 1 || (isQmError(e) && WHOLE_BATCH_ERRORS.has(e.code))) {
        for (const id of ids) failures.set(id, e);
        return;
      }
      // Which resource spoiled the call is unknown: halve until each failure is alone.
      const half = Math.ceil(ids.length / 2);
      await Promise.all([sendSplitting(spec, ids.slice(0, half), byId, failures), sendSplitting(spec, ids.slice(half), byId, failures)]);
    }
  }

  return {
    run(spec, participant) {
      return new Promise<void>((resolve, reject) => {
        let q = queues.get(spec.key);
        if (!q) {
          q = { spec, waiters: [] };
          queues.set(spec.key, q);
        }
        q.waiters.push({ ...participant, resolve, reject });
        scheduleCheck();
      });
    },
  };
}
