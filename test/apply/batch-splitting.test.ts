import { describe, expect, it } from 'vitest';
import { CALLS_IN_FLIGHT, sendBatch } from '../../src/apply/send-batch.js';
import type { BatchSpec } from '../../src/apply/write-batcher.js';
import { CloudError, ErrorCode } from '../../src/errors.js';
import { anInstanceSpec, observedInstanceOf, planOf } from '../plan/builders.js';
import { applyWith, seedFake } from './support/apply-harness.js';
import { FakeProvider, unauthorized } from './support/fake-provider.js';

const ids = (n: number) => Array.from({ length: n }, (_, i) => `i-${i}`);
const wrongState = (id: string) => new CloudError(ErrorCode.CloudIncorrectState, `The instance '${id}' is not in a state from which it can be stopped`);

/** A spec that fails every call holding an id `failureOf` has an error for, and counts calls and calls in flight. */
function probe(failureOf: (ids: string[]) => Error | undefined, maxIds = 100, latencyMs = 2) {
  const stats = { calls: [] as string[][], inFlight: 0, maxInFlight: 0 };
  const spec: BatchSpec = {
    key: 'stopInstances prod',
    maxIds,
    send: async (part) => {
      stats.calls.push(part);
      stats.maxInFlight = Math.max(stats.maxInFlight, ++stats.inFlight);
      try {
        await new Promise((r) => setTimeout(r, latencyMs));
        const error = failureOf(part);
        if (error) throw error;
      } finally {
        stats.inFlight--;
      }
    },
  };
  return { spec, stats };
}

const send = (spec: BatchSpec, all: string[]) => sendBatch(spec, all, () => []);

describe('splitting a failed batch', () => {
  it('does not halve a batch for an error no smaller call avoids: a 503 that outlived the retries fails it whole, after its retries only', async () => {
    const specs = Array.from({ length: 100 }, (_, i) => anInstanceSpec({ name: `app-${i}`, state: 'stopped' }));
    const live = specs.map((s) => observedInstanceOf(s, { state: 'running', tags: observedInstanceOf(s).tags }));
    const fake = new FakeProvider();
    seedFake(fake, live);
    const unavailable = new CloudError(ErrorCode.CloudApi, 'AWS refused ec2:StopInstances (Unavailable): 503', { retryable: true });
    fake.failOn({ op: 'stopInstances', error: () => unavailable });

    const { result } = await applyWith(planOf(specs, live), fake, { maxAttempts: 5 });

    expect(fake.ops('stopInstances')).toHaveLength(5); // one call and its 4 retries
    expect(result.counts).toMatchObject({ failed: 100, applied: 0 });
    expect(new Set(result.results.map((r) => r.error))).toEqual(new Set(['AWS refused ec2:StopInstances (Unavailable): 503']));
  });

  it('stops halving when both halves fail with the same error: every member gets it, at 2 calls more', async () => {
    const denied = unauthorized('ec2:StopInstances');
    const { spec, stats } = probe(() => denied);
    const failures = await send(spec, ids(100));
    expect(stats.calls.map((c) => c.length)).toEqual([100, 50, 50]);
    expect(failures.size).toBe(100);
    expect(new Set(failures.values())).toEqual(new Set([denied]));
  });

  it(`answers a deny-all on 1,000 ids in few calls, never more than ${CALLS_IN_FLIGHT} in flight, halves included`, async () => {
    const { spec, stats } = probe(() => unauthorized('ec2:StopInstances'));
    const failures = await send(spec, ids(1000));
    expect(failures.size).toBe(1000);
    expect(stats.maxInFlight).toBeLessThanOrEqual(CALLS_IN_FLIGHT);
    // 10 calls, the halves of the first few: once one pair showed the error is everyone's, the other calls failing so are not split.
    expect(stats.calls.length).toBeLessThanOrEqual(25);
  });

  it('keeps halving when both halves fail with an error that is one resource\'s by nature (two bad ids, one in each half)', async () => {
    const bad = ['i-10', 'i-80'];
    const { spec, stats } = probe((part) => {
      const spoiler = part.find((id) => bad.includes(id));
      return spoiler ? wrongState(spoiler) : undefined;
    });
    const failures = await send(spec, ids(100));
    expect([...failures.keys()].sort()).toEqual(bad);
    expect(failures.get('i-10')).toEqual(wrongState('i-10'));
    expect(stats.calls.length).toBeLessThanOrEqual(1 + 2 * 2 * Math.ceil(Math.log2(100)));
  });

  it('keeps halving when the halves fail with different errors', async () => {
    const { spec, stats } = probe((part) => {
      if (part.includes('i-3')) return wrongState('i-3');
      if (part.includes('i-6')) return unauthorized('ec2:StopInstances');
      return undefined;
    });
    const failures = await send(spec, ids(8));
    expect(new Map([...failures].map(([id, e]) => [id, (e as CloudError).code]))).toEqual(
      new Map([
        ['i-3', ErrorCode.CloudIncorrectState],
        ['i-6', ErrorCode.CloudUnauthorized],
      ]),
    );
    expect(stats.calls.filter((c) => c.length === 1).map((c) => c[0]).sort()).toEqual(['i-2', 'i-3', 'i-6', 'i-7']);
  });
});
