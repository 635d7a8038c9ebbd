import { describe, expect, it } from 'vitest';
import { createDueQueue } from '../../../src/cloud/sim/due-queue.js';

describe('createDueQueue', () => {
  it('hands out what is due at a time, earliest first, once', () => {
    const q = createDueQueue();
    for (const [id, at] of [['c', 30], ['a', 10], ['d', 40], ['b', 20]] as const) q.schedule(id, at);
    expect(q.popDue(5)).toEqual([]);
    expect(q.popDue(25)).toEqual(['a', 'b']);
    expect(q.popDue(25)).toEqual([]);
    expect(q.nextAt()).toBe(30);
    expect(q.popDue(100)).toEqual(['c', 'd']);
    expect(q.size).toBe(0);
  });

  it('keeps one time per id: scheduling again moves it, undefined cancels it', () => {
    const q = createDueQueue();
    q.schedule('x', 10);
    q.schedule('y', 10);
    q.schedule('x', 50);
    q.schedule('y', undefined);
    expect(q.size).toBe(1);
    expect(q.popDue(20)).toEqual([]);
    expect(q.popDue(50)).toEqual(['x']);
  });

  it('orders thousands of random times as a sort would', () => {
    const q = createDueQueue();
    const times = Array.from({ length: 5000 }, (_, i) => ({ id: `i${i}`, at: (i * 7919) % 10007 }));
    for (const t of times) q.schedule(t.id, t.at);
    const popped = q.popDue(Number.MAX_SAFE_INTEGER);
    const at = new Map(times.map((t) => [t.id, t.at]));
    expect(popped).toHaveLength(5000);
    expect(popped.map((id) => at.get(id)!)).toEqual([...times.map((t) => t.at)].sort((a, b) => a - b));
  });
});
