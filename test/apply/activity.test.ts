import { describe, expect, it } from 'vitest';
import { ALWAYS_IDLE, createActivity } from '../../src/apply/activity.js';

/** A wait the test ends. */
function gate() {
  let open!: () => void;
  const opened = new Promise<void>((r) => (open = r));
  return { open, wait: () => opened };
}

const turn = () => new Promise((r) => setImmediate(r));

describe('createActivity', () => {
  it('counts an action that may join a batch as busy until it parks, and again once its wait is over', async () => {
    const activity = createActivity();
    const busy = activity.begin(true);
    expect(activity.idle()).toBe(false);
    const g = gate();
    const parked = busy.park(g.wait);
    expect(activity.idle()).toBe(true);
    g.open();
    await parked;
    expect(activity.idle()).toBe(false);
    busy.end();
    expect(activity.idle()).toBe(true);
  });

  it('never counts an action that cannot join a batch, however long it runs', () => {
    const activity = createActivity();
    const alarm = activity.begin(false);
    expect(activity.idle()).toBe(true);
    alarm.end();
    expect(activity.idle()).toBe(true);
  });

  it('counts nested parks once: a retry sleep inside a long wait does not make the action busy early', async () => {
    const activity = createActivity();
    const other = activity.begin(true);
    const busy = activity.begin(true);
    const inner = gate();
    const outer = gate();
    const waiting = busy.park(async () => {
      await busy.park(inner.wait);
      await outer.wait();
    });
    other.end();
    expect(activity.idle()).toBe(true);
    inner.open();
    await turn();
    expect(activity.idle()).toBe(true); // still inside the outer wait
    outer.open();
    await waiting;
    expect(activity.idle()).toBe(false);
    busy.end();
    busy.end(); // ending twice does not count twice
    expect(activity.idle()).toBe(true);
  });

  it('tells its listeners each time the last busy action parks or ends, until they unsubscribe', async () => {
    const activity = createActivity();
    let idleMoments = 0;
    const unsubscribe = activity.onIdle(() => idleMoments++);
    const a = activity.begin(true);
    const b = activity.begin(true);
    a.end();
    expect(idleMoments).toBe(0); // b is still busy
    const g = gate();
    const parked = b.park(g.wait);
    expect(idleMoments).toBe(1);
    g.open();
    await parked;
    b.end();
    expect(idleMoments).toBe(2);
    unsubscribe();
    activity.begin(true).end();
    expect(idleMoments).toBe(2);
  });

  it('ALWAYS_IDLE is idle whatever runs', async () => {
    const busy = ALWAYS_IDLE.begin(true);
    expect(ALWAYS_IDLE.idle()).toBe(true);
    await expect(busy.park(async () => 'done')).resolves.toBe('done');
  });
});
