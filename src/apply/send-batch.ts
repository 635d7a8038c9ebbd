import { ApplyInterruptedError, ErrorCode, isQmError, type QmError } from '../errors.js';
import type { BatchParticipant, BatchSpec } from './write-batcher.js';

/** Calls of one batch in flight at once, halves of failed calls included: enough to overlap their latency, not enough to be throttled. */
export const CALLS_IN_FLIGHT = 8;

/**
 * Errors no smaller call could avoid, so halving would only repeat them call after call: what
 * still failed after the caller's retries (a 503, throttling, a network error), a wait that ran
 * out, an apply that was stopped.
 */
const WHOLE_BATCH_CODES: ReadonlySet<string> = new Set([ErrorCode.CloudThrottled, ErrorCode.Timeout, ErrorCode.ApplyInterrupted]);

/**
 * Errors that are about one resource by nature (it is terminated, it does not exist): halving
 * goes on even when both halves fail alike, which is two bad ids, one in each half.
 */
const ONE_RESOURCE_CODES: ReadonlySet<string> = new Set([ErrorCode.CloudIncorrectState, ErrorCode.CloudNotFound]);

interface Failure {
  error: unknown;
}

/**
 * Sends `ids` in calls of up to `spec.maxIds`, at most CALLS_IN_FLIGHT at a time, and says which
 * ids failed and why (absent: written). A failed call is halved, recursively, so one bad
 * resource fails only its own writes at about 2·log2(n) more calls, except when halving cannot
 * help: an error no smaller call avoids fails the whole call at once, and when both halves of a
 * call fail with the same error (a deny-all policy), that error is everyone's: all members get
 * it, and so does any other call of the batch failing the same way, without more calls. With
 * `signal` aborted, no further call is sent: its ids fail with "interrupted before its write".
 *
 * @example
 * const failures = await sendBatch(stopSpec, ids, (part) => part.map(participantOf));
 * failures.get('i-37'); // CloudError: i-37 is terminated
 */
export async function sendBatch(
  spec: BatchSpec,
  ids: readonly string[],
  participantsOf: (part: readonly string[]) => BatchParticipant[],
  signal?: AbortSignal,
): Promise<Map<string, unknown>> {
  const failures = new Map<string, unknown>();
  const slots = createSlots(CALLS_IN_FLIGHT);
  const everyones = new Set<string>();
  const failAll = (part: readonly string[], error: unknown): void => {
    for (const id of part) failures.set(id, error);
  };

  // One call for `part`, in a slot; `parent` is the error of the call it is half of.
  const attempt = (part: string[], parent?: unknown): Promise<Failure | undefined> =>
    slots.run(async () => {
      if (signal?.aborted) return { error: interrupted() };
      if (parent !== undefined && everyones.has(kindOf(parent))) return { error: parent };
      try {
        await spec.send(part, participantsOf(part));
        return undefined;
      } catch (error) {
        return { error };
      }
    });

  async function settleFailure(part: string[], error: unknown): Promise<void> {
    if (part.length === 1 || !splittable(error) || everyones.has(kindOf(error))) return failAll(part, error);
    // Which resource spoiled the call is unknown: try each half.
    const mid = Math.ceil(part.length / 2);
    const halves = [part.slice(0, mid), part.slice(mid)] as const;
    const [a, b] = await Promise.all([attempt(halves[0], error), attempt(halves[1], error)]);
    if (a && b && kindOf(a.error) === kindOf(b.error) && !(isQmError(a.error) && ONE_RESOURCE_CODES.has(a.error.code))) {
      everyones.add(kindOf(a.error));
      failAll(halves[0], a.error);
      failAll(halves[1], b.error);
      return;
    }
    await Promise.all([a && settleFailure(halves[0], a.error), b && settleFailure(halves[1], b.error)]);
  }

  const chunks: string[][] = [];
  for (let i = 0; i < ids.length; i += spec.maxIds) chunks.push(ids.slice(i, i + spec.maxIds));
  await Promise.all(
    chunks.map(async (chunk) => {
      const failed = await attempt(chunk);
      if (failed) await settleFailure(chunk, failed.error);
    }),
  );
  return failures;
}

/** The error of a write the batcher did not send because the apply was stopped. */
export function interrupted(): ApplyInterruptedError {
  return new ApplyInterruptedError('interrupted before its write: the apply was stopped (interrupted, or its lock was lost); nothing was written', {
    fix: 'apply again to finish',
  });
}

function splittable(e: unknown): boolean {
  if (!isQmError(e)) return true;
  return !WHOLE_BATCH_CODES.has(e.code) && (e as QmError & { retryable?: boolean }).retryable !== true;
}

/** Errors of the same kind: the same code, and the same provider code when the provider gave one. */
function kindOf(e: unknown): string {
  if (isQmError(e)) return `${e.code} ${String(e.details.providerCode ?? '')}`;
  return e instanceof Error ? e.name : typeof e;
}

/** At most `n` calls at once; the others wait their turn, first come first served. */
function createSlots(n: number): { run<T>(fn: () => Promise<T>): Promise<T> } {
  let free = n;
  const waiting: (() => void)[] = [];
  return {
    async run(fn) {
      if (free > 0) free--;
      else await new Promise<void>((resolve) => waiting.push(resolve));
      try {
        return await fn();
      } finally {
        // Hand the slot straight to the next in line, or give it back.
        const next = waiting.shift();
        if (next) next();
        else free++;
      }
    },
  };
}
