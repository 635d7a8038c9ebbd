import { describe, expect, it } from 'vitest';
import { createManualClock, type Clock } from '../../src/clock.js';
import { createInstanceStatePoller, type DescribeStates } from '../../src/cloud/instance-state-poller.js';
import { CloudError, ErrorCode, TimeoutError } from '../../src/errors.js';
import type { InstanceState } from '../../src/model/observed.js';

const INTERVAL = 15_000;

/**
 * A clock whose sleeps end only when the test says so: `wakeEarliest` moves time to the end of
 * the earliest pending sleep and ends it, as real time would. A sleep aborted by its signal is
 * dropped (the poller was woken early).
 */
function steppedClock() {
  let t = 0;
  const sleeps: { until: number; wake: () => void; signal?: AbortSignal }[] = [];
  const pending = () => sleeps.filter((s) => !s.signal?.aborted);
  const clock: Clock = {
    now: () => new Date(t),
    sleep: (ms, signal) => new Promise<void>((wake) => sleeps.push({ until: t + ms, wake, signal })),
  };
  return {
    clock,
    now: () => t,
    /** Time passes without any sleep ending (a wait joins mid-interval). */
    advanceTo: (ms: number) => {
      t = ms;
    },
    pendingSleeps: () => pending().map((s) => s.until),
    wakeEarliest: () => {
      const s = pending().sort((a, b) => a.until - b.until)[0]!;
      sleeps.splice(sleeps.indexOf(s), 1);
      t = s.until;
      s.wake();
    },
  };
}

/** Instances whose states the test sets, and every describe the poller made (the ids it asked for). */
function fakeEc2(initial: Record<string, InstanceState>) {
  const states = new Map(Object.entries(initial));
  const describes: string[][] = [];
  const failures: Error[] = [];
  const describe: DescribeStates = async (ids) => {
    describes.push([...ids].sort());
    const failure = failures.shift();
    if (failure) throw failure;
    return new Map(ids.flatMap((id) => (states.has(id) ? [[id, states.get(id)!] as const] : [])));
  };
  return { states, describes, failures, describe };
}

/** Lets the poller run everything it can without time passing. */
async function settleTurns(n = 6): Promise<void> {
  for (let i = 0; i < n; i++) await new Promise((r) => setImmediate(r));
}

/** Records how a wait ended: `ok`, or the error, with the clock's time. */
function track(p: Promise<void>, now: () => number) {
  const outcome: { at?: number; error?: Error } = {};
  p.then(
    () => (outcome.at = now()),
    (e: Error) => {
      outcome.at = now();
      outcome.error = e;
    },
  );
  return outcome;
}

describe('createInstanceStatePoller', () => {
  it('polls the waits of one turn in one describe, and settles each on its own instances', async () => {
    const ec2 = fakeEc2({ 'i-1': 'stopping', 'i-2': 'stopping', 'i-3': 'stopping' });
    const c = steppedClock();
    const poller = createInstanceStatePoller(ec2.describe, c.clock, INTERVAL, 'eu-west-1');
    const a = track(poller.wait(['i-1'], 'stopped', { timeoutMs: 600_000 }), c.now);
    const b = track(poller.wait(['i-2', 'i-3'], 'stopped', { timeoutMs: 600_000 }), c.now);
    await settleTurns();
    expect(ec2.describes).toEqual([['i-1', 'i-2', 'i-3']]);

    ec2.states.set('i-1', 'stopped');
    ec2.states.set('i-2', 'stopped');
    c.wakeEarliest();
    await settleTurns();
    expect(ec2.describes).toEqual([['i-1', 'i-2', 'i-3'], ['i-1', 'i-2', 'i-3']]);
    expect(a).toEqual({ at: INTERVAL });
    expect(b.at).toBeUndefined(); // i-3 is still stopping

    ec2.states.set('i-3', 'stopped');
    c.wakeEarliest();
    await settleTurns();
    expect(ec2.describes.at(-1)).toEqual(['i-3']); // only what is still waited for
    expect(b).toEqual({ at: 2 * INTERVAL });
    expect(c.pendingSleeps()).toEqual([]); // nothing left to wait for: the poller stops
  });

  it('settles a wait that joins while the poller sleeps by its own deadline, not at the next interval', async () => {
    const ec2 = fakeEc2({ 'i-slow': 'stopping', 'i-new': 'pending' });
    const c = steppedClock();
    const poller = createInstanceStatePoller(ec2.describe, c.clock, INTERVAL, 'us-east-1');
    const slow = track(poller.wait(['i-slow'], 'stopped', { timeoutMs: 600_000 }), c.now);
    await settleTurns();
    expect(c.pendingSleeps()).toEqual([INTERVAL]);

    const fresh = track(poller.wait(['i-new'], 'running', { timeoutMs: 1_000 }), c.now);
    await settleTurns();
    expect(c.pendingSleeps()).toEqual([1_000]); // woken, and asleep again until the new deadline

    c.wakeEarliest();
    await settleTurns();
    expect(fresh.at).toBe(1_000);
    expect(fresh.error).toBeInstanceOf(TimeoutError);
    expect(fresh.error?.message).toContain('instances i-new were not running after 1 s');
    expect(ec2.describes).toEqual([['i-slow'], ['i-new']]); // a last look before giving up; the other wait is not due
    expect(slow.at).toBeUndefined();
    expect(c.pendingSleeps()).toEqual([INTERVAL]); // back to the long wait's interval
  });

  it('looks at a wait that joins mid-interval half an interval after the last round at the latest, with the others from then on', async () => {
    const ec2 = fakeEc2({ 'i-1': 'stopping', 'i-2': 'stopping' });
    const c = steppedClock();
    const poller = createInstanceStatePoller(ec2.describe, c.clock, INTERVAL, 'us-east-1');
    void poller.wait(['i-1'], 'stopped', { timeoutMs: 600_000 });
    await settleTurns();
    c.advanceTo(5_000);
    void poller.wait(['i-2'], 'stopped', { timeoutMs: 600_000 });
    await settleTurns();
    expect(c.pendingSleeps()).toEqual([INTERVAL / 2]);

    c.wakeEarliest();
    await settleTurns();
    // i-1, due within half an interval, rides along: one describe a round for both from now on.
    expect(ec2.describes).toEqual([['i-1'], ['i-1', 'i-2']]);
    expect(c.pendingSleeps()).toEqual([INTERVAL / 2 + INTERVAL]);
  });

  it('makes at most two rounds an interval however many waits join one after the other, none waiting over half an interval for its first look', async () => {
    const ec2 = fakeEc2(Object.fromEntries(Array.from({ length: 30 }, (_, i) => [`i-${i}`, 'stopping' as InstanceState])));
    const c = steppedClock();
    const firstLook = new Map<string, number>();
    const describe: DescribeStates = (ids) => {
      for (const id of ids) if (!firstLook.has(id)) firstLook.set(id, c.now());
      return ec2.describe(ids);
    };
    const poller = createInstanceStatePoller(describe, c.clock, INTERVAL, 'us-east-1');
    /** Lets time pass up to `t`, ending the poller's sleeps on the way. */
    const passTo = async (t: number) => {
      while (c.pendingSleeps().some((until) => until <= t)) {
        c.wakeEarliest();
        await settleTurns();
      }
      c.advanceTo(t);
    };
    for (let i = 0; i < 30; i++) {
      await passTo(i * 1_000); // one wait a second
      void poller.wait([`i-${i}`], 'stopped', { timeoutMs: 600_000 });
      await settleTurns();
    }
    await passTo(2 * INTERVAL);

    // Rounds at 0, 7.5, 15, 22.5 and 30 s, each taking along whoever is due within half an interval.
    expect(ec2.describes).toHaveLength(5);
    for (let i = 0; i < 30; i++) expect(firstLook.get(`i-${i}`)! - i * 1_000).toBeLessThanOrEqual(INTERVAL / 2);
  });

  it('retries a failed describe on the next round and resolves once the instances get there', async () => {
    const ec2 = fakeEc2({ 'i-1': 'stopped' });
    ec2.failures.push(new CloudError(ErrorCode.CloudThrottled, 'Rate exceeded (RequestLimitExceeded)', { retryable: true }));
    const clock = createManualClock('2026-03-01T12:00:00Z');
    const poller = createInstanceStatePoller(ec2.describe, clock, INTERVAL, 'us-east-1');

    await poller.wait(['i-1'], 'stopped', { timeoutMs: 600_000 });

    expect(ec2.describes).toEqual([['i-1'], ['i-1']]);
    expect(clock.now().toISOString()).toBe('2026-03-01T12:00:15.000Z'); // one interval after the failed round
  });

  it('times out naming the instances, the state, the limit and every distinct error it saw while polling, credentials redacted', async () => {
    const ec2 = fakeEc2({ 'i-1': 'stopping' });
    const denied = new CloudError(ErrorCode.CloudUnauthorized, 'not authorized to call ec2:DescribeInstances (UnauthorizedOperation) as AKIAIOSFODNN7EXAMPLE');
    ec2.failures.push(denied, denied, new Error('socket hang up'));
    const clock = createManualClock('2026-03-01T12:00:00Z');
    const poller = createInstanceStatePoller(ec2.describe, clock, INTERVAL, 'eu-west-1');

    const error = await poller.wait(['i-1'], 'stopped', { timeoutMs: 30_000 }).then(
      () => undefined,
      (e: unknown) => e,
    );

    expect(error).toBeInstanceOf(TimeoutError);
    const message = (error as TimeoutError).message;
    expect(message).toMatch(/^instances i-1 were not stopped after 30 s \(errors while polling: not authorized to call ec2:DescribeInstances \(UnauthorizedOperation\) as \[access key id\]; socket hang up\)\./);
    expect(message).not.toContain('AKIAIOSFODNN7EXAMPLE');
    expect((error as TimeoutError).details).toEqual({ instanceIds: ['i-1'], state: 'stopped', region: 'eu-west-1' });
    // Rounds at 0, 15 and 30 s: the last at the deadline itself.
    expect(ec2.describes).toHaveLength(3);
    expect(clock.now().toISOString()).toBe('2026-03-01T12:00:30.000Z');
  });

  it('times out at the deadline even when it falls between two rounds', async () => {
    const ec2 = fakeEc2({ 'i-1': 'pending' });
    const clock = createManualClock('2026-03-01T12:00:00Z');
    const poller = createInstanceStatePoller(ec2.describe, clock, INTERVAL, 'us-east-1');
    await expect(poller.wait(['i-1'], 'running', { timeoutMs: 20_000 })).rejects.toThrow('were not running after 20 s');
    expect(clock.now().toISOString()).toBe('2026-03-01T12:00:20.000Z');
  });

  it('fails a wait at once when an instance can no longer reach the state, leaving other waits alone', async () => {
    const ec2 = fakeEc2({ 'i-1': 'terminated', 'i-2': 'stopping' });
    const c = steppedClock();
    const poller = createInstanceStatePoller(ec2.describe, c.clock, INTERVAL, 'us-east-1');
    const hopeless = track(poller.wait(['i-1'], 'running', { timeoutMs: 600_000 }), c.now);
    const other = track(poller.wait(['i-2'], 'stopped', { timeoutMs: 600_000 }), c.now);
    await settleTurns();
    expect(hopeless.at).toBe(0);
    expect(hopeless.error?.message).toContain('instances i-1 can no longer become running: i-1 is terminated');
    expect(other.at).toBeUndefined();
  });

  it('refuses a state EC2 has no waiter for, naming it', async () => {
    const poller = createInstanceStatePoller(fakeEc2({}).describe, createManualClock(), INTERVAL, 'us-east-1');
    await expect(poller.wait(['i-1'], 'stopping', { timeoutMs: 1_000 })).rejects.toThrow('cannot wait for instances to be "stopping"');
  });

  it('keeps one sleep on the clock, and one describe a round, however many waits there are', async () => {
    const ids = Array.from({ length: 2_000 }, (_, i) => `i-${i}`);
    const ec2 = fakeEc2(Object.fromEntries(ids.map((id) => [id, 'pending'])));
    const c = steppedClock();
    const poller = createInstanceStatePoller(ec2.describe, c.clock, INTERVAL, 'us-east-1');
    const waits = ids.map((id) => track(poller.wait([id], 'running', { timeoutMs: 600_000 }), c.now));
    await settleTurns();
    expect(ec2.describes).toHaveLength(1);
    expect(ec2.describes[0]).toHaveLength(2_000);
    expect(c.pendingSleeps()).toEqual([INTERVAL]);
    for (const id of ids) ec2.states.set(id, 'running');
    c.wakeEarliest();
    await settleTurns();
    expect(ec2.describes).toHaveLength(2);
    expect(waits.every((w) => w.at === INTERVAL && w.error === undefined)).toBe(true);
    expect(c.pendingSleeps()).toEqual([]);
  });

  it('words its failures the way a provider asks (the sim says it as its SDK-like waiters do)', async () => {
    const ec2 = fakeEc2({ 'i-1': 'shutting-down' });
    const poller = createInstanceStatePoller(ec2.describe, createManualClock(), INTERVAL, 'us-east-1', {
      hopeless: { running: new Set(), stopped: new Set(['shutting-down']), terminated: new Set() },
      cannotReach: (f) => new Error(`${f.instances.map((i) => `${i.id}=${i.state}`).join()} cannot be ${f.state}`),
    });
    await expect(poller.wait(['i-1'], 'stopped', { timeoutMs: 60_000 })).rejects.toThrow('i-1=shutting-down cannot be stopped');
  });
});

