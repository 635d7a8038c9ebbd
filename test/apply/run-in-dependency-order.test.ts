import { describe, expect, it } from 'vitest';
import { runInDependencyOrder, type OrderedNode } from '../../src/apply/run-in-dependency-order.js';

const tick = () => new Promise<void>((r) => setImmediate(r));

/** Runs nodes recording start/finish order and the most in flight; `fail` names nodes that fail. */
async function runAll(nodes: OrderedNode[], concurrency: number, fail: string[] = [], ticks: (id: string) => number = () => 1) {
  const started: string[] = [];
  const finished: string[] = [];
  const skipped: Record<string, string> = {};
  let inFlight = 0;
  let maxInFlight = 0;
  await runInDependencyOrder(nodes, {
    concurrency,
    run: async (n) => {
      started.push(n.id);
      inFlight++;
      maxInFlight = Math.max(maxInFlight, inFlight);
      for (let i = 0; i < ticks(n.id); i++) await tick();
      inFlight--;
      finished.push(n.id);
      if (n.id === 'throws') throw new Error('boom');
      return !fail.includes(n.id);
    },
    skip: (n, why) => (skipped[n.id] = why),
  });
  return { started, finished, skipped, maxInFlight };
}

const node = (id: string, ...dependsOn: string[]): OrderedNode => ({ id, dependsOn });

describe('runInDependencyOrder', () => {
  it('starts a node only after all its dependencies finished', async () => {
    const r = await runAll([node('alarm', 'web', 'db'), node('web'), node('db'), node('dash', 'alarm')], 8, [], (id) => (id === 'db' ? 5 : 1));
    expect(r.finished.indexOf('alarm')).toBeGreaterThan(r.finished.indexOf('db'));
    expect(r.finished.indexOf('alarm')).toBeGreaterThan(r.finished.indexOf('web'));
    expect(r.started.indexOf('alarm')).toBeGreaterThan(r.finished.indexOf('db'));
    expect(r.finished.at(-1)).toBe('dash');
  });

  it.each([1, 2, 3, 8])('never has more than %i in flight, and uses all of them', async (limit) => {
    const nodes = Array.from({ length: 20 }, (_, i) => node(`n${i}`));
    const r = await runAll(nodes, limit, [], (id) => 1 + (Number(id.slice(1)) % 3));
    expect(r.maxInFlight).toBe(limit);
    expect(r.finished).toHaveLength(20);
  });

  it('skips the dependents (transitively) of a failed or throwing node and runs the rest', async () => {
    const r = await runAll(
      [node('lt'), node('group', 'lt'), node('alarm', 'group'), node('other'), node('t2'), node('throws'), node('after-throw', 'throws')],
      2,
      ['lt'],
    );
    expect(r.started.sort()).toEqual(['lt', 'other', 't2', 'throws']);
    expect(r.skipped).toEqual({
      group: 'depends on lt, which did not succeed',
      alarm: 'depends on group, which did not succeed',
      'after-throw': 'depends on throws, which did not succeed',
    });
  });

  it('skips nodes depending on an unknown id, and cycles, without hanging', async () => {
    const r = await runAll([node('a', 'ghost'), node('b', 'a'), node('c', 'd'), node('d', 'c'), node('e')], 4);
    expect(r.started).toEqual(['e']);
    expect(r.skipped).toEqual({
      a: 'depends on ghost, which is not in the plan',
      b: 'depends on a, which did not succeed',
      c: 'it is part of a dependency cycle',
      d: 'depends on c, which did not succeed',
    });
  });

  it('resolves at once for no nodes', async () => {
    expect((await runAll([], 3)).started).toEqual([]);
  });

  it('starts unthrottled nodes as soon as they are ready, beside the limited ones, in dependency order still', async () => {
    const started: string[] = [];
    let limitedInFlight = 0;
    let maxLimited = 0;
    const nodes = [node('c1'), node('c2'), node('c3'), ...Array.from({ length: 10 }, (_, i) => node(`s${i}`)), node('s-late', 'c3')];
    await runInDependencyOrder(nodes, {
      concurrency: 1,
      unthrottled: (n) => n.id.startsWith('s'),
      run: async (n) => {
        started.push(n.id);
        const limited = n.id.startsWith('c');
        if (limited) maxLimited = Math.max(maxLimited, ++limitedInFlight);
        for (let i = 0; i < 3; i++) await tick();
        if (limited) limitedInFlight--;
        return true;
      },
      skip: () => undefined,
    });
    // In the first turn: one limited node and every ready unthrottled one.
    expect(started.slice(0, 11)).toEqual(['c1', ...Array.from({ length: 10 }, (_, i) => `s${i}`)]);
    expect(maxLimited).toBe(1);
    expect(started.indexOf('s-late')).toBeGreaterThan(started.indexOf('c3'));
  });

  it('lets a node give up its place while it waits: another starts, and the waiter gets a place back before any new node', async () => {
    const events: string[] = [];
    let atWork = 0;
    let maxAtWork = 0;
    const work = async (id: string, ticks: number) => {
      maxAtWork = Math.max(maxAtWork, ++atWork);
      events.push(`work ${id}`);
      for (let i = 0; i < ticks; i++) await tick();
      atWork--;
    };
    await runInDependencyOrder([node('w1'), node('w2'), node('n1'), node('n2'), node('n3')], {
      concurrency: 1,
      run: async (n, slot) => {
        // n1 works long enough for both waits to end meanwhile: they queue for its place.
        await work(n.id, n.id.startsWith('n') ? 6 : 1);
        if (n.id.startsWith('w')) {
          await slot.release(async () => {
            events.push(`wait ${n.id}`);
            for (let i = 0; i < 2; i++) await tick();
          });
          await work(`${n.id}-after`, 1);
        }
        return true;
      },
      skip: () => undefined,
    });
    expect(maxAtWork).toBe(1);
    // w1 waits, w2 starts in its place and waits too, n1 starts; w1 and w2 take their places back before n2 and n3.
    expect(events).toEqual(['work w1', 'wait w1', 'work w2', 'wait w2', 'work n1', 'work w1-after', 'work w2-after', 'work n2', 'work n3']);
  });

  it('gives a waiter its place back after a stop, and starts nothing new', async () => {
    let stop: string | undefined;
    const finished: string[] = [];
    const skipped: string[] = [];
    await runInDependencyOrder([node('a'), node('b'), node('c')], {
      concurrency: 1,
      stopped: () => stop,
      run: async (n, slot) => {
        if (n.id === 'a') {
          await slot.release(async () => {
            for (let i = 0; i < 3; i++) await tick();
            stop = 'interrupted';
          });
        } else {
          for (let i = 0; i < 5; i++) await tick();
        }
        finished.push(n.id);
        return true;
      },
      skip: (n) => skipped.push(n.id),
    });
    expect(finished.sort()).toEqual(['a', 'b']);
    expect(skipped).toEqual(['c']);
  });

  it('keeps unthrottled nodes out of the count when they release', async () => {
    const started: string[] = [];
    await runInDependencyOrder([node('s'), node('c1'), node('c2')], {
      concurrency: 1,
      unthrottled: (n) => n.id === 's',
      run: async (n, slot) => {
        started.push(n.id);
        if (n.id === 's') await slot.release(tick);
        else for (let i = 0; i < 3; i++) await tick();
        return true;
      },
      skip: () => undefined,
    });
    // Had the unthrottled node's release freed a place, c2 would have started beside c1.
    expect(started).toEqual(['s', 'c1', 'c2']);
  });
});
