import { describe, expect, it } from 'vitest';
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
});
