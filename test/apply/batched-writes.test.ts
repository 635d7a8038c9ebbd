import { afterEach, describe, expect, it, vi } from 'vitest';
import { MAX_HOLD_MS } from '../../src/apply/write-batcher.js';
import type { EnvTarget } from '../../src/cloud/provider.js';
import { anAlarmSpec, anInstanceSpec, observedInstanceOf, planOf } from '../plan/builders.js';
import { applyWith, seedFake } from './support/apply-harness.js';
import { FakeProvider, throttled } from './support/fake-provider.js';

/** `n` running instances whose definitions now say `stopped` (plus `over` on the definition). */
function stoppingFleet(n: number, over: Parameters<typeof anInstanceSpec>[0] = {}) {
  const specs = Array.from({ length: n }, (_, i) => anInstanceSpec({ name: `app-${String(i).padStart(3, '0')}`, state: 'stopped', ...over }));
  const live = specs.map((s) => observedInstanceOf(s, { state: 'running', tags: observedInstanceOf(s).tags }));
  const fake = new FakeProvider();
  seedFake(fake, live);
  return { specs, live, fake };
}

const idCounts = (fake: FakeProvider, op: string) => fake.ops(op).map((c) => (c.args[0] as string[]).length);

/** A fake whose launches answer only when the test opens the gate (a slow RunInstances, a hung connection). */
class SlowLaunchFake extends FakeProvider {
  private open!: () => void;
  private readonly opened = new Promise<void>((r) => (this.open = r));
  release(): void {
    this.open();
  }
  override async runInstance(target: EnvTarget, req: Parameters<FakeProvider['runInstance']>[1]) {
    await this.opened;
    return super.runInstance(target, req);
  }
}

const turns = async (n: number) => {
  for (let i = 0; i < n; i++) await new Promise((r) => setImmediate(r));
};

describe('applyPlan: writes in shared calls', () => {
  it('stops many instances in one call whatever the concurrency limit (it holds back per-resource calls only)', async () => {
    const { specs, live, fake } = stoppingFleet(40);
    const { result } = await applyWith(planOf(specs, live), fake, { concurrency: 1 });
    expect(result.counts.applied).toBe(40);
    expect(idCounts(fake, 'stopInstances')).toEqual([40]);
  });

  it('stops released one by one by their dependencies still share one call', async () => {
    const { specs, live, fake } = stoppingFleet(30);
    const alarms = specs.map((s) => anAlarmSpec({ name: `${s.name}-ready` }));
    const plan = planOf([...specs, ...alarms], live);
    // Each stop waits for its own alarm; the alarms run two at a time, each over several turns.
    for (const a of plan.actions) {
      if (a.resource.kind === 'instance') a.dependsOn = [`prod/alarm/${a.resource.name}-ready`];
    }
    const { result, events } = await applyWith(plan, fake, { concurrency: 2 });
    expect(result.counts.applied).toBe(60);
    expect(idCounts(fake, 'putAlarm')).toHaveLength(30);
    expect(idCounts(fake, 'stopInstances')).toEqual([30]);
    // The dependencies held: every stop started after its alarm was made.
    const at = (type: string, id: string) => events.findIndex((e) => e.type === type && 'actionId' in e && e.actionId === id);
    for (const s of specs) expect(at('action-started', `prod/instance/${s.name}`)).toBeGreaterThan(at('action-finished', `prod/alarm/${s.name}-ready`));
  });

  it('sends the same tag change on many instances in one call, and different changes apart', async () => {
    const specs = Array.from({ length: 20 }, (_, i) => anInstanceSpec({ name: `web-${i}`, tags: { team: i < 15 ? 'web' : 'search' } }));
    const live = specs.map((s) => observedInstanceOf({ ...s, tags: { team: 'platform' } }));
    const fake = new FakeProvider();
    seedFake(fake, live);
    const { result } = await applyWith(planOf(specs, live), fake);
    expect(result.counts.applied).toBe(20);
    expect(idCounts(fake, 'updateTags').sort((a, b) => a - b)).toEqual([5, 15]);
    expect(fake.ops('updateTags').map((c) => c.args[2])).toEqual(expect.arrayContaining([{ team: 'web' }, { team: 'search' }]));
    expect(result.results.every((r) => r.steps[0] === `updateTags ${r.physicalId}`)).toBe(true);
  });

  it('reports a retry of a shared call to every action in it', async () => {
    const { specs, live, fake } = stoppingFleet(3);
    fake.failOn({ op: 'stopInstances', times: 1, error: throttled });
    const { result, events } = await applyWith(planOf(specs, live), fake);
    expect(result.counts.applied).toBe(3);
    expect(idCounts(fake, 'stopInstances')).toEqual([3, 3]);
    const retries = events.flatMap((e) => (e.type === 'retry' ? [`${e.actionId} ${e.operation} ${e.attempt}`] : []));
    expect(retries.sort()).toEqual(specs.map((s) => `prod/instance/${s.name} stopInstances 1`));
  });

  it('does not hold ready stops behind a stream of actions that can never join them', async () => {
    const { specs, live, fake } = stoppingFleet(20);
    const alarms = Array.from({ length: 60 }, (_, i) => anAlarmSpec({ name: `alarm-${i}` }));
    const { result } = await applyWith(planOf([...alarms, ...specs], live), fake, { concurrency: 2 });
    expect(result.counts.applied).toBe(80);
    expect(idCounts(fake, 'stopInstances')).toEqual([20]);
    const stopAt = fake.calls.findIndex((c) => c.op === 'stopInstances');
    const alarmsBefore = fake.calls.slice(0, stopAt).filter((c) => c.op === 'putAlarm').length;
    expect(alarmsBefore).toBeLessThan(10); // of 60, two at a time
  });

  describe('while a launch hangs', () => {
    // Only the hold's timer is faked: the fake provider's setImmediate turns run as usual.
    afterEach(() => void vi.useRealTimers());

    async function stopsWhileLaunching(launchState: 'running' | 'stopped') {
      vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
      const { specs, live } = stoppingFleet(20);
      const fake = new SlowLaunchFake();
      seedFake(fake, live);
      const applying = applyWith(planOf([...specs, anInstanceSpec({ name: 'new-one', state: launchState })], live), fake);
      await turns(30);
      const beforeHold = idCounts(fake, 'stopInstances');
      vi.advanceTimersByTime(MAX_HOLD_MS);
      await turns(5);
      const afterHold = idCounts(fake, 'stopInstances');
      fake.release();
      const { result } = await applying;
      expect(result.counts.applied).toBe(21);
      return { beforeHold, afterHold };
    }

    it('sends the stops at once when the launch leaves its instance running (it can never join them)', async () => {
      expect(await stopsWhileLaunching('running')).toEqual({ beforeHold: [20], afterHold: [20] });
    });

    it('holds the stops for a launch that may join them (it stops its instance), but only for MAX_HOLD_MS', async () => {
      expect(await stopsWhileLaunching('stopped')).toEqual({ beforeHold: [], afterHold: [20] });
    });
  });
});
