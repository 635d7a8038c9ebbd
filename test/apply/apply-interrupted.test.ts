import { describe, expect, it } from 'vitest';
import { runInDependencyOrder, type OrderedNode } from '../../src/apply/run-in-dependency-order.js';

const tick = () => new Promise<void>((r) => setImmediate(r));
const node = (id: string, ...dependsOn: string[]): OrderedNode => ({ id, dependsOn });

describe('an interrupted apply (Ctrl-C)', () => {
  it('starts nothing more, lets the runs in flight finish, and skips the rest with the reason', async () => {
    let stop: string | undefined;
    const finished: string[] = [];
    const skipped: Record<string, string> = {};
    await runInDependencyOrder([node('a'), node('b'), node('c'), node('d', 'a'), node('e')], {
      concurrency: 2,
      stopped: () => stop,
      run: async (n) => {
        if (n.id === 'a') stop = 'interrupted';
        for (let i = 0; i < 3; i++) await tick();
        finished.push(n.id);
        return true;
      },
      skip: (n, why) => (skipped[n.id] = why),
    });
    // a and b were in flight when the stop came: both finish; nothing else starts.
    expect(finished.sort()).toEqual(['a', 'b']);
    expect(skipped).toEqual({ c: 'interrupted', d: 'interrupted', e: 'interrupted' });
  });

  it('runs nothing when stopped before the start', async () => {
    const ran: string[] = [];
    const skipped: string[] = [];
    await runInDependencyOrder([node('a'), node('b', 'a')], {
      concurrency: 4,
      stopped: () => 'interrupted',
      run: async (n) => (ran.push(n.id), true),
      skip: (n) => skipped.push(n.id),
    });
    expect(ran).toEqual([]);
    expect(skipped.sort()).toEqual(['a', 'b']);
  });
});
