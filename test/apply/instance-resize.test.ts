import { describe, expect, it } from 'vitest';
import { CloudError, ErrorCode, TimeoutError } from '../../src/errors.js';
import { anInstanceSpec, observedInstanceOf, planOf } from '../plan/builders.js';
import { applyWith, seedFake } from './support/apply-harness.js';
import { FakeProvider, insufficientCapacity, unauthorized } from './support/fake-provider.js';

const small = anInstanceSpec({ instanceType: 't3.small' });
const large = anInstanceSpec({ instanceType: 'm5.large' });

/** A fake holding the live t3.small instance, and the plan to make it m5.large. */
function resize(state: 'running' | 'stopped' = 'running', desired = large) {
  const live = observedInstanceOf(small, { state });
  const fake = new FakeProvider();
  seedFake(fake, [live]);
  const plan = planOf([desired], [live]);
  return { live, fake, plan, id: live.id, inst: () => fake.instances.get(live.id)! };
}

const onType = (fake: FakeProvider, type: string) => (args: unknown[]) => {
  const ids = args[0] as string[];
  return fake.instances.get(ids[0]!)?.instanceType === type;
};

describe('stop-modify-start', () => {
  it('stops, waits, modifies, starts and waits, in that order', async () => {
    const r = resize();
    expect(r.plan.actions[0]!.type).toBe('stop-modify-start');
    const { result } = await applyWith(r.plan, r.fake);
    expect(result.results[0]).toMatchObject({ status: 'applied' });
    expect(result.results[0]!.steps).toEqual([
      `stopInstances ${r.id}`,
      `wait ${r.id} stopped`,
      `modifyInstance ${r.id} instanceType=m5.large`,
      `startInstances ${r.id}`,
      `wait ${r.id} running`,
    ]);
    expect(r.inst()).toMatchObject({ state: 'running', instanceType: 'm5.large' });
  });

  it('from a stopped instance that should run: modify then start, no stop', async () => {
    const r = resize('stopped');
    const { result } = await applyWith(r.plan, r.fake);
    expect(r.fake.writes()).toEqual([`modifyInstance ${r.id}`, `startInstances ${r.id}`]);
    expect(result.results[0]!.status).toBe('applied');
    expect(r.inst()).toMatchObject({ state: 'running', instanceType: 'm5.large' });
  });

  it('a stopped instance that stays stopped is only modified (an update)', async () => {
    const r = resize('stopped', anInstanceSpec({ instanceType: 'm5.large', state: 'stopped' }));
    expect(r.plan.actions[0]!.type).toBe('update');
    await applyWith(r.plan, r.fake);
    expect(r.fake.writes()).toEqual([`modifyInstance ${r.id}`]);
    expect(r.inst()).toMatchObject({ state: 'stopped', instanceType: 'm5.large' });
  });

  it('modify fails: the instance is started again on its old type and the action is rolled-back', async () => {
    const r = resize();
    r.fake.failOn({
      op: 'modifyInstance',
      error: () => new CloudError(ErrorCode.CloudArchitectureMismatch, 'The instance type m5.large does not support the AMI architecture'),
    });
    const { result, events } = await applyWith(r.plan, r.fake);
    expect(result.results[0]).toMatchObject({
      status: 'rolled-back',
      error: 'The instance type m5.large does not support the AMI architecture',
      note: `rolled back: ${r.id} is running on t3.small again`,
    });
    expect(result.results[0]!.steps.slice(2)).toEqual([`rollback: startInstances ${r.id}`, `rollback: wait ${r.id} running`]);
    expect(r.inst()).toMatchObject({ state: 'running', instanceType: 't3.small' });
    expect(events.filter((e) => e.type === 'rollback')).toHaveLength(1);
    expect(result.ok).toBe(false);
    expect(result.counts.rolledBack).toBe(1);
  });

  it('a modify that fails after changing its first attribute (one call per attribute) is undone too', async () => {
    const withUserData = anInstanceSpec({ instanceType: 'm5.large', userData: '#!/bin/sh\necho new' });
    const live = observedInstanceOf(small, { state: 'running', userData: '#!/bin/sh\necho old' });
    const fake = new FakeProvider();
    seedFake(fake, [live]);
    const plan = planOf([withUserData], [live]);
    expect(plan.actions[0]!.type).toBe('stop-modify-start');
    fake.failOn({
      op: 'modifyInstance',
      times: 1,
      // The type call succeeded; the user data call after it failed.
      error: () => ((fake.instances.get(live.id)!.instanceType = 'm5.large'), new CloudError(ErrorCode.CloudApi, 'user data update failed')),
    });
    const { result } = await applyWith(plan, fake);
    expect(result.results[0]).toMatchObject({ status: 'rolled-back', note: `rolled back: ${live.id} is running on t3.small again` });
    expect(fake.ops('modifyInstance').map((c) => c.args[1])).toEqual([
      { instanceType: 'm5.large', userData: '#!/bin/sh\necho new' },
      { instanceType: 't3.small', userData: '#!/bin/sh\necho old' },
    ]);
    expect(fake.instances.get(live.id)).toMatchObject({ state: 'running', instanceType: 't3.small' });
  });

  it('never puts user data (which may hold secrets) in steps, events or the result, rollback included', async () => {
    const secretNew = '#!/bin/sh\nexport DB_PASSWORD=hunter2-new-secret';
    const secretOld = '#!/bin/sh\nexport DB_PASSWORD=hunter2-old-secret';
    const live = observedInstanceOf(small, { state: 'running', userData: secretOld });
    const fake = new FakeProvider();
    seedFake(fake, [live]);
    fake.failOn({ op: 'startInstances', times: 1, error: () => new CloudError(ErrorCode.CloudApi, 'start failed') });
    const { result, events } = await applyWith(planOf([anInstanceSpec({ instanceType: 'm5.large', userData: secretNew })], [live]), fake);
    expect(result.results[0]!.status).toBe('rolled-back');
    const everything = JSON.stringify({ result, events });
    expect(everything).toContain('userData=(sha256:');
    expect(everything).not.toContain('hunter2');
    expect(everything).not.toContain(Buffer.from(secretNew).toString('base64'));
  });

  it('start fails with InsufficientInstanceCapacity: back to the old type, started, running', async () => {
    const r = resize();
    r.fake.failOn({ op: 'startInstances', when: onType(r.fake, 'm5.large'), error: () => insufficientCapacity('m5.large') });
    const { result } = await applyWith(r.plan, r.fake, { maxCapacityAttempts: 3 });
    expect(result.results[0]).toMatchObject({
      status: 'rolled-back',
      error: expect.stringContaining('We currently do not have sufficient m5.large capacity'),
      note: `rolled back: ${r.id} is running on t3.small again`,
    });
    expect(r.fake.writes()).toEqual([
      `stopInstances ${r.id}`,
      `modifyInstance ${r.id}`,
      `startInstances ${r.id}`,
      `startInstances ${r.id}`,
      `startInstances ${r.id}`, // capacity: 3 attempts
      `modifyInstance ${r.id}`, // back to t3.small
      `startInstances ${r.id}`,
    ]);
    expect(r.fake.ops('modifyInstance').map((c) => c.args[1])).toEqual([{ instanceType: 'm5.large' }, { instanceType: 't3.small' }]);
    expect(r.inst()).toMatchObject({ state: 'running', instanceType: 't3.small' });
  });

  it('the wait for running times out: stop, restore the type, start again', async () => {
    const r = resize();
    r.fake.failOn({
      op: 'waitForInstances',
      times: 1,
      when: ([ids, state]) => state === 'running' && onType(r.fake, 'm5.large')([ids]),
      error: () => new TimeoutError(`instance ${r.id} did not become running within 600 s`),
    });
    const { result } = await applyWith(r.plan, r.fake);
    expect(result.results[0]).toMatchObject({ status: 'rolled-back', note: `rolled back: ${r.id} is running on t3.small again` });
    expect(result.results[0]!.steps.filter((s) => s.startsWith('rollback:'))).toEqual([
      `rollback: stopInstances ${r.id}`,
      `rollback: wait ${r.id} stopped`,
      `rollback: modifyInstance ${r.id} instanceType=t3.small`,
      `rollback: startInstances ${r.id}`,
      `rollback: wait ${r.id} running`,
    ]);
    expect(r.inst()).toMatchObject({ state: 'running', instanceType: 't3.small' });
  });

  it('the rollback cannot restore the type: the instance is still started, on the new type, and the result says so', async () => {
    const r = resize();
    r.fake.failOn({ op: 'startInstances', times: 1, error: () => new CloudError(ErrorCode.CloudApi, 'InternalError') });
    r.fake.failOn({ op: 'modifyInstance', when: ([, req]) => (req as { instanceType?: string }).instanceType === 't3.small', error: () => unauthorized('ec2:ModifyInstanceAttribute') });
    const { result } = await applyWith(r.plan, r.fake);
    expect(result.results[0]).toMatchObject({
      status: 'failed',
      error: 'InternalError; rollback failed: You are not authorized to perform this operation (ec2:ModifyInstanceAttribute)',
      note: `${r.id} is running on m5.large (it was t3.small); run qm apply again once the cause is fixed`,
    });
    expect(r.inst()).toMatchObject({ state: 'running', instanceType: 'm5.large' });
  });

  it('the rollback fails outright: the result names the exact state and the command to fix it', async () => {
    const r = resize();
    r.fake.failOn({ op: 'startInstances', error: () => insufficientCapacity('any') });
    const { result } = await applyWith(r.plan, r.fake);
    expect(result.results[0]).toMatchObject({
      status: 'failed',
      error: expect.stringMatching(/capacity.*; rollback failed: .*capacity/),
      note:
        `${r.id} is STOPPED on t3.small; start it now with \`aws ec2 start-instances --region us-east-1 --instance-ids ${r.id}\`` +
        ' or fix the cause and run qm apply again',
    });
    expect(r.inst()).toMatchObject({ state: 'stopped', instanceType: 't3.small' });
  });

  it('a stop that fails changes nothing and needs no rollback', async () => {
    const r = resize();
    r.fake.failOn({ op: 'stopInstances', error: () => unauthorized('ec2:StopInstances') });
    const { result, events } = await applyWith(r.plan, r.fake);
    expect(result.results[0]).toMatchObject({ status: 'failed', note: `${r.id} was not stopped; it is still running on t3.small` });
    expect(events.some((e) => e.type === 'rollback')).toBe(false);
    expect(r.inst()).toMatchObject({ state: 'running', instanceType: 't3.small' });
  });

  it.each(['modifyInstance', 'startInstances', 'waitForInstances'])(
    'whichever step after the stop fails (%s), a running instance ends running',
    async (op) => {
      const r = resize();
      r.fake.failOn({
        op,
        times: 1,
        when: op === 'waitForInstances' ? ([, s]) => s === 'running' : undefined,
        error: () => new CloudError(ErrorCode.CloudApi, `${op} broke`),
      });
      const { result } = await applyWith(r.plan, r.fake);
      expect(result.results[0]!.status).toBe('rolled-back');
      expect(r.inst()).toMatchObject({ state: 'running', instanceType: 't3.small' });
    },
  );
});
