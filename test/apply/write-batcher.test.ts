import { describe, expect, it } from 'vitest';
import { createActivity } from '../../src/apply/activity.js';
import { createWriteBatcher, type BatchSpec, type WriteBatcher } from '../../src/apply/write-batcher.js';
import { CloudError, ErrorCode } from '../../src/errors.js';

/** A batch spec that records each call as `key ids` and fails calls holding one of `bad`. */
function recorder(bad: string[] = [], error = (id: string) => new CloudError(ErrorCode.CloudIncorrectState, `${id} is terminated`)) {
  const calls: string[] = [];
  const spec = (key: string, maxIds = 100): BatchSpec => ({
    key,
    maxIds,
    send: async (ids) => {
      calls.push(`${key} ${ids.join(',')}`);
      const spoiler = ids.find((id) => bad.includes(id));
      if (spoiler) throw error(spoiler);
    },
  });
  return { calls, spec };
}

const run = (b: WriteBatcher, spec: BatchSpec, id: string) => b.run(spec, { resourceId: id, tag: `action-${id}` });
const ids = (n: number) => Array.from({ length: n }, (_, i) => `i-${i}`);

describe('createWriteBatcher', () => {
  it('sends the writes of one turn in one call per key', async () => {
    const r = recorder();
    const b = createWriteBatcher();
    await Promise.all([
      run(b, r.spec('stop prod'), 'i-1'),
      run(b, r.spec('stop prod'), 'i-2'),
      run(b, r.spec('start prod'), 'i-3'),
      run(b, r.spec('stop dev'), 'i-4'),
    ]);
    expect(r.calls.sort()).toEqual(['start prod i-3', 'stop dev i-4', 'stop prod i-1,i-2']);
  });

  it('splits more ids than a call takes over several calls', async () => {
    const r = recorder();
    const b = createWriteBatcher();
    await Promise.all(ids(120).map((id) => run(b, r.spec('terminate prod', 50), id)));
    expect(r.calls.map((c) => c.split(',').length)).toEqual([50, 50, 20]);
  });

  it('halves a failed call until the bad id is alone: only its write fails, in about 2·log2(n) calls', async () => {
    const r = recorder(['i-37']);
    const b = createWriteBatcher();
    const outcomes = await Promise.allSettled(ids(100).map((id) => run(b, r.spec('stop prod'), id)));
    const rejected = outcomes.flatMap((o, i) => (o.status === 'rejected' ? [[`i-${i}`, (o.reason as Error).message]] : []));
    expect(rejected).toEqual([['i-37', 'i-37 is terminated']]);
    expect(r.calls.length).toBeLessThanOrEqual(1 + 2 * Math.ceil(Math.log2(100)));
    expect(r.calls.filter((c) => c === 'stop prod i-37')).toHaveLength(1);
  });

  it('does not split a call that failed for a reason no smaller call avoids (throttling)', async () => {
    const r = recorder(['i-0'], () => new CloudError(ErrorCode.CloudThrottled, 'Rate exceeded', { retryable: true }));
    const b = createWriteBatcher();
    const outcomes = await Promise.allSettled(ids(10).map((id) => run(b, r.spec('stop prod'), id)));
    expect(outcomes.every((o) => o.status === 'rejected')).toBe(true);
    expect(r.calls).toHaveLength(1);
  });

  it('with nothing busy, writes of later turns form a new call', async () => {
    const r = recorder();
    const b = createWriteBatcher();
    await run(b, r.spec('stop prod'), 'i-1');
    await run(b, r.spec('stop prod'), 'i-2');
    expect(r.calls).toEqual(['stop prod i-1', 'stop prod i-2']);
  });

  it('waits while an action is busy, whatever order the writes come in, and sends when the last one parks', async () => {
    const r = recorder();
    const activity = createActivity();
    const b = createWriteBatcher({ activity });
    // Three actions released one after the other, each busy for a different number of turns first.
    const action = async (id: string, busyTurns: number) => {
      const busy = activity.begin(true);
      try {
        for (let t = 0; t < busyTurns; t++) await new Promise((resolve) => setImmediate(resolve));
        await busy.park(() => run(b, r.spec('stop prod'), id));
      } finally {
        busy.end();
      }
    };
    await Promise.all([action('i-1', 0), action('i-2', 5), action('i-3', 20)]);
    expect(r.calls).toEqual(['stop prod i-1,i-2,i-3']);
  });

  it('sends a held batch after maxHoldMs even while an action that may join it stays busy', async () => {
    const r = recorder();
    const activity = createActivity();
    const b = createWriteBatcher({ activity, maxHoldMs: 20 });
    const stuck = activity.begin(true); // a per-resource call that never answers
    await Promise.all([run(b, r.spec('stop prod'), 'i-1'), run(b, r.spec('stop prod'), 'i-2')]);
    expect(r.calls).toEqual(['stop prod i-1,i-2']);
    expect(activity.idle()).toBe(false);
    stuck.end();
  });

  it('answers everyone of a send together, once all its calls are done', async () => {
    const order: string[] = [];
    const spec: BatchSpec = {
      key: 'stop prod',
      maxIds: 2,
      send: async (chunk) => {
        // The first chunk answers last.
        if (chunk.includes('i-0')) await new Promise((resolve) => setTimeout(resolve, 20));
        order.push(`sent ${chunk.join(',')}`);
      },
    };
    const activity = createActivity();
    const b = createWriteBatcher({ activity });
    const busy = activity.begin(true);
    const all = ['i-0', 'i-1', 'i-2'].map((id) => busy.park(() => b.run(spec, { resourceId: id, tag: id })).then(() => order.push(`done ${id}`)));
    busy.end();
    await Promise.all(all);
    expect(order).toEqual(['sent i-2', 'sent i-0,i-1', 'done i-0', 'done i-1', 'done i-2']);
  });
});
