import { describe, expect, it } from 'vitest';
import type { ApplyEvent } from '../../src/apply/index.js';
import { createWriteBatcher, type BatchSpec } from '../../src/apply/write-batcher.js';
import type { EnvTarget } from '../../src/cloud/provider.js';
import { ErrorCode, isQmError } from '../../src/errors.js';
import { anInstanceSpec, observedInstanceOf, planOf } from '../plan/builders.js';
import { applyWith, seedFake } from './support/apply-harness.js';
import { FakeProvider } from './support/fake-provider.js';

/** `n` running instances whose definitions now say `stopped`, as `/shutdown` plans them. */
function stoppingFleet(n: number) {
  const specs = Array.from({ length: n }, (_, i) => anInstanceSpec({ name: `app-${String(i).padStart(3, '0')}`, state: 'stopped' }));
  const live = specs.map((s) => observedInstanceOf(s, { state: 'running', tags: observedInstanceOf(s).tags }));
  return { specs, live };
}

/** Every action whose start was recorded has its end recorded too (the audit log's begun/finished pairs). */
function unfinished(events: readonly ApplyEvent[]): string[] {
  const started = events.flatMap((e) => (e.type === 'action-started' ? [e.actionId] : []));
  const finished = new Set(events.flatMap((e) => (e.type === 'action-finished' ? [e.actionId] : [])));
  return started.filter((id) => !finished.has(id));
}

const INTERRUPTED = /^interrupted before its write: the apply was stopped \(interrupted, or its lock was lost\); nothing was written\. apply again to finish$/;

describe('batched writes of a stopped apply', () => {
  it('sends none of the writes waiting in a batch once the apply is stopped: they fail as interrupted, and each begun action is finished', async () => {
    const { specs, live } = stoppingFleet(20);
    const abort = new AbortController();
    /** The environment's lock is lost while a launch is in flight; the stops are waiting in their batch for it. */
    class LockLostDuringLaunch extends FakeProvider {
      override async runInstance(target: EnvTarget, req: Parameters<FakeProvider['runInstance']>[1]) {
        abort.abort();
        return super.runInstance(target, req);
      }
    }
    const fake = new LockLostDuringLaunch();
    seedFake(fake, live);
    // A launch that stops its instance afterwards may join the stops' batch: they wait for it.
    const plan = planOf([...specs, anInstanceSpec({ name: 'new-one', state: 'stopped' })], live);

    const { result, events } = await applyWith(plan, fake, { signal: abort.signal });

    expect(fake.ops('stopInstances')).toEqual([]);
    expect(fake.ops('runInstance')).toHaveLength(1); // in flight when the lock was lost: it runs to its end
    expect(result.counts).toMatchObject({ applied: 0, failed: 21 });
    for (const s of specs) {
      const r = result.results.find((x) => x.id === `prod/instance/${s.name}`)!;
      expect(r).toMatchObject({ status: 'failed', steps: [] });
      expect(r.error).toMatch(INTERRUPTED);
    }
    // The launch's own stop is not sent either; the action says what it left behind.
    const launch = result.results.find((x) => x.id === 'prod/instance/new-one')!;
    expect(launch.error).toMatch(INTERRUPTED);
    expect(launch.note).toMatch(/^i-\S+ was launched but the create did not finish; run qm apply again to converge$/);
    expect(unfinished(events)).toEqual([]);
  });

  it('sends no further call of a batch once the apply is stopped: the call in flight is answered, the rest fail as interrupted', async () => {
    const { specs, live } = stoppingFleet(250);
    const abort = new AbortController();
    /** Ctrl-C while the first of the batch's three calls is on its way. */
    class InterruptedDuringFirstCall extends FakeProvider {
      override stopInstances(target: EnvTarget, ids: string[]) {
        abort.abort();
        return super.stopInstances(target, ids);
      }
    }
    const fake = new InterruptedDuringFirstCall();
    seedFake(fake, live);

    const { result, events } = await applyWith(planOf(specs, live), fake, { signal: abort.signal });

    const sent = fake.ops('stopInstances').map((c) => c.args[0] as string[]);
    expect(sent.map((ids) => ids.length)).toEqual([100]);
    expect(result.counts).toMatchObject({ applied: 100, failed: 150 });
    const stopped = new Set(sent[0]);
    for (const r of result.results) {
      if (stopped.has(r.physicalId!)) expect(r.status).toBe('applied');
      else expect(r.error).toMatch(INTERRUPTED);
    }
    expect(unfinished(events)).toEqual([]);
  });
});

describe('createWriteBatcher with a stopped signal', () => {
  it('answers waiting requests with an interrupted error and sends nothing', async () => {
    const abort = new AbortController();
    const sent: string[][] = [];
    const spec: BatchSpec = { key: 'stop prod', maxIds: 100, send: async (ids) => void sent.push(ids) };
    const batcher = createWriteBatcher({ signal: abort.signal });
    const waiting = ['i-1', 'i-2'].map((id) => batcher.run(spec, { resourceId: id, tag: id }));
    abort.abort(); // before the batch goes out at the end of this turn
    const outcomes = await Promise.allSettled(waiting);

    expect(sent).toEqual([]);
    for (const o of outcomes) {
      expect(o.status).toBe('rejected');
      const reason = (o as PromiseRejectedResult).reason;
      expect(isQmError(reason, ErrorCode.ApplyInterrupted)).toBe(true);
    }
  });
});
