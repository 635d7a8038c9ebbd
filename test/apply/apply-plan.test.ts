import { describe, expect, it } from 'vitest';
import { ErrorCode } from '../../src/errors.js';
import { CloudError } from '../../src/errors.js';
import { applyPlan } from '../../src/apply/index.js';
import { createManualClock } from '../../src/clock.js';
import {
  aGroupSpec,
  anAlarmSpec,
  anInstanceSpec,
  observedAlarmOf,
  observedGroupOf,
  observedInstanceOf,
  planOf,
  refTo,
} from '../plan/builders.js';
import { applyWith, resultOf, seedFake, targetFor, TARGETS } from './support/apply-harness.js';
import { FakeProvider, throttled, unauthorized } from './support/fake-provider.js';

describe('applyPlan: creates', () => {
  it('launches instances with full tags and a token, creates a group, and points alarms at what it just made', async () => {
    const bastion = anInstanceSpec({ name: 'bastion' });
    const batch = anInstanceSpec({ name: 'batch', state: 'stopped' });
    const web = aGroupSpec({ name: 'web' });
    const webCpu = anAlarmSpec({ name: 'web-cpu', target: refTo(web) });
    const bastionCpu = anAlarmSpec({ name: 'bastion-cpu', target: refTo(bastion) });
    const plan = planOf([bastion, batch, web, webCpu, bastionCpu]);
    const fake = new FakeProvider();

    const { result } = await applyWith(plan, fake);

    expect(result.ok).toBe(true);
    expect(result.counts).toEqual({ applied: 5, failed: 0, skipped: 0, unchanged: 0, rolledBack: 0 });
    const bastionId = resultOf(result, 'prod/instance/bastion').physicalId!;
    expect(fake.instances.get(bastionId)).toMatchObject({
      state: 'running',
      tags: { team: 'platform', 'qm:env': 'prod', 'qm:name': 'bastion', 'qm:uuid': bastion.uuid },
    });
    expect(fake.instances.get(resultOf(result, 'prod/instance/batch').physicalId!)?.state).toBe('stopped');
    const run = fake.ops('runInstance').map((c) => c.args[0] as { clientToken: string });
    expect(run.every((r) => /^[0-9a-f]{64}$/.test(r.clientToken))).toBe(true);
    expect(new Set(run.map((r) => r.clientToken)).size).toBe(2);

    expect(fake.groups.get('prod-web')?.req).toMatchObject({ desiredCapacity: 2, minSize: 2, maxSize: 5, launchTemplate: { id: 'lt-1', version: '1' } });
    expect([...fake.groups.get('prod-web')!.policies.keys()]).toEqual(['cpu']);
    expect(fake.alarms.get('prod-web-cpu')?.dimensions).toEqual({ AutoScalingGroupName: 'prod-web' });
    expect(fake.alarms.get('prod-bastion-cpu')?.dimensions).toEqual({ InstanceId: bastionId });
    expect(fake.writes().indexOf('putAlarm prod-bastion-cpu')).toBeGreaterThan(fake.writes().indexOf('runInstance t3.small'));
    expect(result.providerCalls.byOperation).toMatchObject({ callerAccountId: 1, runInstance: 2, createGroup: 1, putAlarm: 2 });
  });

  it('a re-run of the same create returns the same instance (idempotency token), never a second one', async () => {
    const plan = planOf([anInstanceSpec({ name: 'bastion' })]);
    const fake = new FakeProvider();
    const first = await applyWith(plan, fake);
    const again = await applyWith(plan, fake);
    expect(fake.ops('runInstance')).toHaveLength(2);
    expect(fake.instances.size).toBe(1);
    expect(resultOf(again.result, 'prod/instance/bastion').physicalId).toBe(resultOf(first.result, 'prod/instance/bastion').physicalId);

    await applyWith(plan, fake, { idempotencySeed: 'recreate-2026-03' });
    expect(fake.instances.size).toBe(2);
  });

  it('the token follows the desired spec, not the plan: the same definition planned against other live state keeps it', async () => {
    const spec = anInstanceSpec({ name: 'bastion' });
    const other = anInstanceSpec({ name: 'other' });
    const a = planOf([spec]);
    const b = planOf([spec, other], [observedInstanceOf(other)]);
    expect(a.fingerprint).not.toBe(b.fingerprint);
    const fake = new FakeProvider();
    seedFake(fake, [observedInstanceOf(other)]);
    await applyWith(a, fake);
    await applyWith(b, fake);
    const tokens = fake.ops('runInstance').map((c) => (c.args[0] as { clientToken: string }).clientToken);
    expect(tokens[0]).toBe(tokens[1]);
  });
});

describe('applyPlan: account check', () => {
  it('refuses to write anything in an environment whose credentials act in another account', async () => {
    const plan = planOf([anInstanceSpec({ name: 'a' }), anInstanceSpec({ name: 'b' }), aGroupSpec()]);
    const fake = new FakeProvider();
    fake.accountId = '999999999999';

    const { result } = await applyWith(plan, fake);

    expect(fake.writes()).toEqual([]);
    expect(fake.ops('callerAccountId')).toHaveLength(1);
    expect(result.ok).toBe(false);
    expect(result.results.map((r) => r.status)).toEqual(['failed', 'failed', 'failed']);
    expect(result.results[0]!.error).toBe(
      'the credentials act in AWS account 999999999999, but environment prod is in account 123456789012; nothing in prod was changed. ' +
        'use credentials (or set role_arn in environments/prod/environment.yml) for account 123456789012',
    );
    expect(result.accountChecks).toEqual([{ env: 'prod', ok: false, message: result.results[0]!.error }]);
  });

  it('checks each environment on its own: a mismatch in one leaves the others applied', async () => {
    const plan = planOf([anInstanceSpec({ env: 'dev', name: 'a' }), anInstanceSpec({ env: 'prod', name: 'b' })], [], ['dev', 'prod']);
    const fake = new FakeProvider();
    const targets = { dev: targetFor('dev'), prod: targetFor('prod', '210987654321') };
    const { result } = await applyWith(plan, fake, {}, { targets });
    expect(result.results.map((r) => `${r.id} ${r.status}`)).toEqual(['dev/instance/a applied', 'prod/instance/b failed']);
    expect(fake.ops('runInstance').map((c) => c.env)).toEqual(['dev']);
    expect(result.results[1]!.error).toContain('is in account 210987654321; nothing in prod was changed');
  });

  it('an environment without a target is not written either', async () => {
    const plan = planOf([anInstanceSpec({ env: 'qa', name: 'a' })], [], ['qa']);
    const fake = new FakeProvider();
    const { result } = await applyWith(plan, fake);
    expect(fake.calls).toEqual([]);
    expect(result.results[0]).toMatchObject({ status: 'failed', error: expect.stringContaining('no target (region, account) was given for environment qa') });
  });

  it('a failing account check (no permission) also writes nothing', async () => {
    const fake = new FakeProvider().failOn({ op: 'callerAccountId', error: () => unauthorized('sts:GetCallerIdentity') });
    const { result } = await applyWith(planOf([anInstanceSpec()]), fake);
    expect(fake.writes()).toEqual([]);
    expect(result.results[0]!.error).toContain('could not check the account of environment prod');
  });
});

describe('applyPlan: failures, dependents and concurrency', () => {
  it('skips the dependents of a failed action and carries on with the others', async () => {
    const bastion = anInstanceSpec({ name: 'bastion' });
    const worker = anInstanceSpec({ name: 'worker' });
    const alarm = anAlarmSpec({ name: 'bastion-cpu', target: refTo(bastion) });
    const plan = planOf([bastion, worker, alarm]);
    const fake = new FakeProvider().failOn({
      op: 'runInstance',
      when: ([req]) => (req as { tags: Record<string, string> }).tags['qm:name'] === 'bastion',
      error: () => unauthorized('ec2:RunInstances'),
    });

    const { result, events } = await applyWith(plan, fake);

    expect(result.ok).toBe(false);
    expect(resultOf(result, 'prod/instance/bastion')).toMatchObject({ status: 'failed', error: expect.stringContaining('not authorized') });
    expect(resultOf(result, 'prod/instance/worker').status).toBe('applied');
    expect(resultOf(result, 'prod/alarm/bastion-cpu')).toMatchObject({
      status: 'skipped',
      note: 'skipped: depends on prod/instance/bastion, which did not succeed',
    });
    expect(fake.ops('putAlarm')).toHaveLength(0);
    expect(fake.ops('runInstance')).toHaveLength(2); // un-retryable: one attempt each
    expect(result.counts).toMatchObject({ applied: 1, failed: 1, skipped: 1 });
    expect(events.filter((e) => e.type === 'action-finished').map((e) => e.actionId).sort()).toEqual(
      result.results.map((r) => r.id).sort(),
    );
  });

  it.each([1, 3, 8])('never has more than %i actions at work; actions waiting for their instance do not count', async (concurrency) => {
    const specs = Array.from({ length: 12 }, (_, i) => anInstanceSpec({ name: `node-${String(i).padStart(2, '0')}` }));
    const fake = new SlowWaits();
    const { result, events } = await applyWith(planOf(specs), fake, { concurrency });
    let inFlight = 0;
    let maxActions = 0;
    for (const e of events) {
      if (e.type === 'action-started') maxActions = Math.max(maxActions, ++inFlight);
      if (e.type === 'action-finished') inFlight--;
    }
    expect(fake.maxLaunching).toBe(concurrency);
    // The waits overlap the launches of later actions: more actions run than the limit.
    expect(fake.maxWaiting).toBeGreaterThan(concurrency === 8 ? 4 : concurrency);
    expect(maxActions).toBeGreaterThan(concurrency);
    expect(result.counts.applied).toBe(12);
    expect(fake.instances.size).toBe(12);
  });

  it('retries a throttled call with exponential back-off and full jitter on the clock', async () => {
    const fake = new FakeProvider().failOn({ op: 'runInstance', times: 3, error: throttled });
    const { result, events, clock } = await applyWith(planOf([anInstanceSpec()]), fake, { backoffBaseMs: 1000 }, { random: () => 0.25 });
    expect(result.ok).toBe(true);
    expect(fake.ops('runInstance')).toHaveLength(4);
    const retries = events.filter((e) => e.type === 'retry');
    expect(retries.map((e) => [e.attempt, e.delayMs, e.errorCode])).toEqual([
      [1, 250, ErrorCode.CloudThrottled],
      [2, 500, ErrorCode.CloudThrottled],
      [3, 1000, ErrorCode.CloudThrottled],
    ]);
    expect(clock.now().toISOString()).toBe('2026-03-01T12:00:01.750Z');
    expect(result.results[0]!.durationMs).toBe(1750);
  });

  it('fails the action after maxAttempts retryable errors', async () => {
    const fake = new FakeProvider().failOn({ op: 'runInstance', error: throttled });
    const { result } = await applyWith(planOf([anInstanceSpec()]), fake, { maxAttempts: 3 });
    expect(fake.ops('runInstance')).toHaveLength(3);
    expect(result.results[0]).toMatchObject({ status: 'failed', error: 'Rate exceeded (RequestLimitExceeded)' });
  });

  it('never puts user data in an error, even when the cloud echoes it', async () => {
    const secret = '#!/bin/sh\nexport DB_PASSWORD=hunter2-very-secret\n';
    const fake = new FakeProvider().failOn({
      op: 'runInstance',
      error: () => new CloudError(ErrorCode.CloudApi, `InvalidParameterValue: bad user data ${Buffer.from(secret).toString('base64')} / ${secret}`),
    });
    const { result, events } = await applyWith(planOf([anInstanceSpec({ userData: secret })]), fake);
    expect(result.results[0]!.error).toBe('InvalidParameterValue: bad user data [redacted] / [redacted]');
    expect(JSON.stringify(events)).not.toContain('hunter2');
  });

  it('a progress handler that throws does not stop the apply', async () => {
    const fake = new FakeProvider();
    const { applyPlan } = await import('../../src/apply/index.js');
    const { createManualClock } = await import('../../src/clock.js');
    const result = await applyPlan(planOf([anInstanceSpec()]), {
      provider: fake,
      targets: TARGETS,
      clock: createManualClock(),
      onEvent: () => {
        throw new Error('terminal closed');
      },
    });
    expect(result.ok).toBe(true);
  });

  it('reports no-ops as unchanged without calling the provider', async () => {
    const spec = anInstanceSpec();
    const fake = new FakeProvider();
    const { result, events } = await applyWith(planOf([spec], [observedInstanceOf(spec)]), fake);
    expect(result.results).toEqual([expect.objectContaining({ status: 'unchanged', physicalId: observedInstanceOf(spec).id, durationMs: 0 })]);
    expect(fake.calls).toEqual([]);
    expect(events.map((e) => e.type)).toEqual(['apply-started', 'apply-finished']);
  });
});

describe('applyPlan: updates write only what changed', () => {
  it('an instance rename and tag change is one updateTags call', async () => {
    const spec = anInstanceSpec({ name: 'jump', tags: { team: 'platform', cost: 'ops' } });
    const before = anInstanceSpec({ name: 'bastion', uuid: spec.uuid, tags: { team: 'platform' } });
    const live = observedInstanceOf(before, { tags: { ...observedInstanceOf(before).tags, stale: 'x', 'aws:cloudformation:stack-name': 's' } });
    const fake = new FakeProvider();
    seedFake(fake, [live]);
    const { result } = await applyWith(planOf([spec], [live]), fake);
    expect(result.results[0]!.status).toBe('applied');
    expect(fake.writes()).toEqual([`updateTags ${live.id}`]);
    expect(fake.ops('updateTags')[0]!.args.slice(1)).toEqual(['instance', { 'qm:name': 'jump', cost: 'ops' }, ['stale']]);
  });

  it('stops an instance whose definition says stopped, and starts one that says running', async () => {
    const down = anInstanceSpec({ name: 'down', state: 'stopped' });
    const up = anInstanceSpec({ name: 'up', state: 'running' });
    const liveDown = observedInstanceOf(down, { state: 'running' });
    const liveUp = observedInstanceOf(up, { state: 'stopped' });
    const fake = new FakeProvider();
    seedFake(fake, [liveDown, liveUp]);
    const { result } = await applyWith(planOf([down, up], [liveDown, liveUp]), fake);
    expect(result.ok).toBe(true);
    expect(fake.instances.get(liveDown.id)?.state).toBe('stopped');
    expect(fake.instances.get(liveUp.id)?.state).toBe('running');
  });

  it('batches the stops of several instances of one turn into one call', async () => {
    const specs = ['a', 'b', 'c', 'd'].map((name) => anInstanceSpec({ name, state: 'stopped' }));
    const live = specs.map((s) => observedInstanceOf(s, { state: 'running' }));
    const fake = new FakeProvider();
    seedFake(fake, live);
    const { result } = await applyWith(planOf(specs, live), fake);
    expect(result.counts.applied).toBe(4);
    expect(fake.ops('stopInstances').map((c) => (c.args[0] as string[]).length)).toEqual([4]);
  });

  it('a group update sends only the changed fields and syncs the scaling policies', async () => {
    const spec = aGroupSpec({
      maxSize: 8,
      scalingPolicies: [{ name: 'cpu', metric: 'ASGAverageCPUUtilization', targetValue: 60, disableScaleIn: false }],
    });
    const live = observedGroupOf(aGroupSpec(), {
      scalingPolicies: [
        { name: 'cpu', metric: 'ASGAverageCPUUtilization', targetValue: 70, disableScaleIn: false },
        { name: 'net', metric: 'ASGAverageNetworkIn', targetValue: 1e6, disableScaleIn: false },
      ],
    });
    const fake = new FakeProvider();
    seedFake(fake, [live]);
    const { result } = await applyWith(planOf([spec], [live]), fake);
    expect(result.results[0]).toMatchObject({ type: 'update', status: 'applied' });
    expect(fake.ops('updateGroup').map((c) => c.args)).toEqual([['prod-web', { maxSize: 8 }]]);
    expect(fake.ops('putScalingPolicy').map((c) => (c.args[1] as { targetValue: number }).targetValue)).toEqual([60]);
    expect(fake.ops('deleteScalingPolicy').map((c) => c.args)).toEqual([['prod-web', 'net']]);
    expect(fake.ops('putLaunchTemplate')).toEqual([]);
  });

  it('health check, subnets and bounds: each planned group field maps to the update it needs', async () => {
    const spec = aGroupSpec({ minSize: 3, healthCheck: { type: 'ELB', gracePeriodSeconds: 120 }, subnetIds: ['subnet-0a1b2c3d'] });
    const live = observedGroupOf(aGroupSpec());
    const fake = new FakeProvider();
    seedFake(fake, [live]);
    const plan = planOf([spec], [live]);
    expect(plan.actions[0]!.changes.map((c) => c.field)).toEqual(['health_check.grace_period_seconds', 'health_check.type', 'min_size', 'subnets']);
    await applyWith(plan, fake);
    // The capacity is the scaling policies', but it must move into the new bounds (2 -> 3).
    expect(fake.ops('updateGroup').map((c) => c.args[1])).toEqual([
      { healthCheck: { type: 'ELB', gracePeriodSeconds: 120 }, minSize: 3, subnetIds: ['subnet-0a1b2c3d'], desiredCapacity: 3 },
    ]);
  });

  it('refuses a planned field it does not know how to write, rather than dropping it', async () => {
    const spec = anInstanceSpec();
    const live = observedInstanceOf(spec);
    const plan = planOf([spec], [live]);
    const action = { ...plan.actions[0]!, type: 'update' as const, changes: [{ field: 'placement_group', old: 'a', new: 'b' }] };
    const fake = new FakeProvider();
    seedFake(fake, [live]);
    const { result } = await applyWith({ ...plan, actions: [action] }, fake);
    expect(result.results[0]).toMatchObject({ status: 'failed', error: expect.stringContaining('changes placement_group, which this executor cannot write') });
    expect(fake.writes()).toEqual([]);
  });

  it('an alarm threshold change overwrites the alarm; a tag-only change only retags it', async () => {
    const hot = anAlarmSpec({ name: 'hot', threshold: 90 });
    const tagged = anAlarmSpec({ name: 'tagged', tags: { team: 'sre' } });
    const liveHot = observedAlarmOf(anAlarmSpec({ name: 'hot' }));
    const liveTagged = observedAlarmOf(anAlarmSpec({ name: 'tagged' }));
    const fake = new FakeProvider();
    seedFake(fake, [liveHot, liveTagged]);
    await applyWith(planOf([hot, tagged], [liveHot, liveTagged]), fake);
    expect(fake.writes().sort()).toEqual(['putAlarm prod-hot', 'updateTags prod-tagged']);
    expect(fake.alarms.get('prod-hot')?.threshold).toBe(90);
  });
});

describe('applyPlan: replace and delete', () => {
  it('a replace whose launch is refused removes the qm:superseded mark again', async () => {
    const live = observedInstanceOf(anInstanceSpec({ ami: 'ami-0old00000000000' }));
    const fake = new FakeProvider().failOn({ op: 'runInstance', error: () => unauthorized('ec2:RunInstances') });
    seedFake(fake, [live]);
    const { result } = await applyWith(planOf([anInstanceSpec({ ami: 'ami-0new00000000000' })], [live]), fake);
    expect(result.results[0]!.status).toBe('failed');
    expect(fake.instances.get(live.id)?.tags['qm:superseded']).toBeUndefined();
    expect(fake.instances.get(live.id)?.state).toBe('running');
  });

  it('replace launches and waits for the new instance before terminating the old one, and retargets its alarm', async () => {
    const old = anInstanceSpec({ ami: 'ami-0old00000000000' });
    const spec = anInstanceSpec({ ami: 'ami-0new00000000000' });
    const alarm = anAlarmSpec({ name: 'bastion-cpu', target: refTo(spec) });
    const live = observedInstanceOf(old);
    const liveAlarm = observedAlarmOf(alarm, live.id);
    const fake = new FakeProvider();
    seedFake(fake, [live, liveAlarm]);

    const { result } = await applyWith(planOf([spec, alarm], [live, liveAlarm]), fake);

    expect(resultOf(result, 'prod/instance/bastion')).toMatchObject({ type: 'replace', status: 'applied' });
    const newId = resultOf(result, 'prod/instance/bastion').physicalId!;
    expect(newId).not.toBe(live.id);
    const calls = fake.calls.map((c) => `${c.op} ${JSON.stringify(c.args[0] ?? null)}`);
    const launched = calls.findIndex((c) => c.startsWith('runInstance'));
    const running = calls.findIndex((c) => c.startsWith(`waitForInstances ["${newId}"]`));
    const terminated = calls.findIndex((c) => c.startsWith(`terminateInstances ["${live.id}"]`));
    // The old one is marked first, so a crash between launch and terminate leaves a recognisable leftover.
    expect(fake.ops('updateTags')[0]!.args).toEqual([[live.id], 'instance', { 'qm:superseded': 'true' }, []]);
    expect(calls.findIndex((c) => c.startsWith('updateTags'))).toBeLessThan(launched);
    expect(launched).toBeGreaterThanOrEqual(0);
    expect(running).toBeGreaterThan(launched);
    expect(terminated).toBeGreaterThan(running);
    expect(fake.instances.get(live.id)?.state).toBe('shutting-down');
    expect(fake.alarms.get('prod-bastion-cpu')?.dimensions).toEqual({ InstanceId: newId });
  });

  it('a replace whose new instance fails to run leaves the old one untouched', async () => {
    const live = observedInstanceOf(anInstanceSpec({ ami: 'ami-0old00000000000' }));
    const fake = new FakeProvider().failOn({ op: 'waitForInstances', error: () => new CloudError(ErrorCode.Timeout, 'i-0001 did not become running') });
    seedFake(fake, [live]);
    const { result } = await applyWith(planOf([anInstanceSpec({ ami: 'ami-0new00000000000' })], [live]), fake);
    expect(result.results[0]).toMatchObject({
      status: 'failed',
      note: `i-0001 was launched but the replace did not finish; the old ${live.id} is untouched; run qm apply again to converge`,
    });
    expect(fake.ops('terminateInstances')).toEqual([]);
    expect(fake.instances.get(live.id)?.state).toBe('running');
    // A replacement was launched, so the mark stays: the next plan terminates the old one once the new one runs.
    expect(fake.instances.get(live.id)?.tags['qm:superseded']).toBe('true');
  });

  it('finishes a replace cut short: terminates the qm:superseded leftover, and alarms resolve to the live instance', async () => {
    const spec = anInstanceSpec();
    const alarm = anAlarmSpec({ name: 'bastion-cpu', target: refTo(spec) });
    const live = observedInstanceOf(spec);
    const leftover = observedInstanceOf(anInstanceSpec({ ami: 'ami-0old00000000000' }), {
      id: 'i-0aaaaaaaaaaaaaaaa',
      tags: { ...live.tags, 'qm:superseded': 'true' },
    });
    const liveAlarm = observedAlarmOf(alarm, leftover.id);
    const fake = new FakeProvider();
    seedFake(fake, [live, leftover, liveAlarm]);
    const plan = planOf([spec, alarm], [live, leftover, liveAlarm]);
    expect(plan.actions.filter((a) => a.type !== 'no-op').map((a) => `${a.type} ${a.resource.physicalId}`)).toEqual([
      `delete ${leftover.id}`,
      'update prod-bastion-cpu',
    ]);
    const { result } = await applyWith(plan, fake);
    expect(result.ok).toBe(true);
    expect(fake.instances.get(leftover.id)?.state).toBe('shutting-down');
    expect(fake.instances.get(live.id)?.state).toBe('running');
    expect(fake.alarms.get('prod-bastion-cpu')?.dimensions).toEqual({ InstanceId: live.id });
  });

  it('deletes instances, groups and alarms defined deleted: true; already gone counts as done', async () => {
    const web = aGroupSpec({ deleted: true });
    const alarm = anAlarmSpec({ name: 'web-cpu', target: refTo(web), deleted: true });
    const bastion = anInstanceSpec({ deleted: true });
    const gone = anAlarmSpec({ name: 'gone', deleted: true });
    const live = [observedGroupOf(web), observedAlarmOf(alarm, 'prod-web'), observedInstanceOf(bastion), observedAlarmOf(gone)];
    const fake = new FakeProvider();
    seedFake(fake, live.slice(0, 3));
    fake.failOn({ op: 'deleteAlarms', when: ([names]) => (names as string[])[0] === 'prod-gone', error: () => new CloudError(ErrorCode.CloudNotFound, 'no such alarm') });

    const { result } = await applyWith(planOf([web, alarm, bastion, gone], live), fake);

    expect(result.results.map((r) => `${r.id} ${r.type} ${r.status}`).sort()).toEqual([
      'prod/alarm/gone delete unchanged',
      'prod/alarm/web-cpu delete applied',
      'prod/autoscaling-group/web delete applied',
      'prod/instance/bastion delete applied',
    ]);
    const w = fake.writes();
    expect(w.indexOf('deleteAlarms prod-web-cpu')).toBeLessThan(w.indexOf('deleteGroup prod-web'));
    expect(fake.groups.size).toBe(0);
    expect(fake.instances.get(observedInstanceOf(bastion).id)?.state).toBe('shutting-down');
  });
});

describe('the begun record (action-started) before the first write', () => {
  const setup = () => {
    const bastion = anInstanceSpec({ name: 'bastion', instanceType: 't3.large' });
    const live = observedInstanceOf(anInstanceSpec({ name: 'bastion' }));
    const fresh = anInstanceSpec({ name: 'fresh' });
    const plan = planOf([bastion, fresh], [live]);
    const fake = new FakeProvider();
    seedFake(fake, [live]);
    return { plan, fake };
  };

  it('waits for the promise the handler returns before the action writes anything', async () => {
    const { plan, fake } = setup();
    const order: string[] = [];
    const result = await applyPlan(plan, {
      provider: fake,
      targets: TARGETS,
      clock: createManualClock('2026-03-01T12:00:00Z'),
      random: () => 0.5,
      onEvent: (e) => {
        if (e.type !== 'action-started') return undefined;
        // A slow store: the write lands 5 ms later, in real time.
        return new Promise<void>((resolve) =>
          setTimeout(() => {
            order.push(`begun ${e.actionId} (writes so far: ${fake.writes().length})`);
            resolve();
          }, 5),
        );
      },
    });
    expect(result.ok).toBe(true);
    expect(order.sort()).toEqual(['begun prod/instance/bastion (writes so far: 0)', 'begun prod/instance/fresh (writes so far: 0)']);
  });

  it('fails the action without a single write when the record cannot be made, and goes on with the others', async () => {
    const { plan: again, fake: fake2 } = setup();
    const out = await applyPlan(again, {
      provider: fake2,
      targets: TARGETS,
      clock: createManualClock('2026-03-01T12:00:00Z'),
      random: () => 0.5,
      onEvent: (e) => (e.type === 'action-started' && e.actionId === 'prod/instance/fresh' ? Promise.reject(new Error('database is locked')) : undefined),
    });
    expect(resultOf(out, 'prod/instance/fresh')).toMatchObject({
      status: 'failed',
      error: 'not started: the audit log could not record that it began (database is locked); nothing was written',
    });
    expect(resultOf(out, 'prod/instance/bastion').status).toBe('applied');
    expect(fake2.writes().some((w) => w.startsWith('runInstance'))).toBe(false);
  });
});

/** A fake whose instance waits last a few turns, counting launches and waits in flight. */
class SlowWaits extends FakeProvider {
  maxLaunching = 0;
  maxWaiting = 0;
  private launching = 0;
  private waiting = 0;

  override async runInstance(...args: Parameters<FakeProvider['runInstance']>): ReturnType<FakeProvider['runInstance']> {
    this.maxLaunching = Math.max(this.maxLaunching, ++this.launching);
    try {
      return await super.runInstance(...args);
    } finally {
      this.launching--;
    }
  }

  override async waitForInstances(...args: Parameters<FakeProvider['waitForInstances']>): Promise<void> {
    this.maxWaiting = Math.max(this.maxWaiting, ++this.waiting);
    try {
      for (let i = 0; i < 5; i++) await new Promise((r) => setImmediate(r));
      return await super.waitForInstances(...args);
    } finally {
      this.waiting--;
    }
  }
}
