import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createSimProvider } from '../../src/cloud/sim/index.js';
import { TAG_USER_DATA, TAG_UUID } from '../../src/model/identity.js';
import { userDataTag } from '../../src/model/user-data-tag.js';
import type { ResourceSpec } from '../../src/model/resources.js';
import { aGroupSpec, anAlarmSpec, anInstanceSpec, refTo } from '../plan/builders.js';
import { changesOf, createSimWorld, type SimWorld } from './support/sim-world.js';

const bastion = anInstanceSpec({ name: 'bastion', instanceType: 't3.small' });
const batch = anInstanceSpec({ name: 'batch', state: 'stopped', securityGroupIds: ['sg-0batch'] });
const web = aGroupSpec({ name: 'web' });
const webCpu = anAlarmSpec({ name: 'web-cpu', namespace: 'AWS/EC2', target: refTo(web) });
const bastionCpu = anAlarmSpec({ name: 'bastion-cpu', target: refTo(bastion) });
const FLEET: ResourceSpec[] = [bastion, batch, web, webCpu, bastionCpu];

/** Applies `desired` from scratch, lets time pass, and checks a fresh plan is empty. */
async function convergeFully(world: SimWorld, desired: ResourceSpec[]) {
  const run = await world.converge(desired);
  world.settle();
  expect(changesOf(await world.plan(desired))).toEqual([]);
  return run;
}

describe('user data on the sim, seen through the qm:user-data tag', () => {
  it('plans an edited user_data as stop-modify-start, applies it, and the next plan is empty', async () => {
    const world = createSimWorld();
    const v1 = { ...bastion, userData: '#!/bin/sh\necho v1\n' };
    await convergeFully(world, [v1]);
    const v2 = { ...bastion, userData: '#!/bin/sh\necho v2\n' };
    const plan = await world.plan([v2]);
    expect(changesOf(plan)).toEqual(['prod/instance/bastion stop-modify-start user_data']);
    const { result } = await world.apply(plan);
    expect(result.ok).toBe(true);
    world.settle();
    expect(changesOf(await world.plan([v2]))).toEqual([]);
    const [live] = await world.liveInstances();
    expect(live).toMatchObject({ state: 'running', tags: { [TAG_USER_DATA]: userDataTag(v2.userData) } });
    expect(live?.tags[TAG_USER_DATA]).not.toContain('echo');
  });

  it('says an untagged instance has unknown user data, writes it with the next change that stops it, then knows it', async () => {
    const world = createSimWorld();
    const withData = { ...bastion, userData: 'echo defined' };
    await convergeFully(world, [withData]);
    // As if launched before the tag existed.
    world.sim.editState((s) => {
      for (const i of s.instances.values()) delete i.tags[TAG_USER_DATA];
    });
    const unknown = await world.plan([withData]);
    expect(changesOf(unknown)).toEqual([]);
    expect(unknown.notices.map((n) => n.message)).toEqual([
      'user data of prod/bastion is unknown (no qm:user-data tag: created before this version); the next change that stops it will write it',
    ]);

    const resized = { ...withData, instanceType: 't3.medium' };
    const plan = await world.plan([resized]);
    expect(changesOf(plan)).toEqual(['prod/instance/bastion stop-modify-start instance_type,user_data']);
    expect(plan.notices[0]?.message).toMatch(/this plan writes it while the instance is stopped$/);
    expect((await world.apply(plan)).result.ok).toBe(true);
    world.settle();
    const after = await world.plan([resized]);
    expect(changesOf(after)).toEqual([]);
    expect(after.notices).toEqual([]);
  });
});

describe('applyPlan on the sim', () => {
  it('creates a realistic fleet; a new plan is empty; instances, group and alarms are as defined', async () => {
    const world = createSimWorld();
    const { result } = await convergeFully(world, FLEET);
    expect(result.ok).toBe(true);
    expect(result.counts.applied).toBe(5);
    const [fleet] = await world.read();
    const bastionId = result.results.find((r) => r.id === 'prod/instance/bastion')!.physicalId;
    expect(fleet!.alarms.find((a) => a.name === 'prod-bastion-cpu')?.dimensions).toEqual({ InstanceId: bastionId });
    expect(fleet!.alarms.find((a) => a.name === 'prod-web-cpu')?.dimensions).toEqual({ AutoScalingGroupName: 'prod-web' });
    expect(fleet!.groups[0]).toMatchObject({ name: 'prod-web', desiredCapacity: 2 });
    expect((await world.liveInstances()).map((i) => `${i.tags['qm:name']} ${i.state}`).sort()).toEqual(['bastion running', 'batch stopped']);
    // Writes and the account check only; every wait polls with DescribeInstances.
    expect(result.providerCalls.byOperation).toMatchObject({ GetCallerIdentity: 1, RunInstances: 2, StopInstances: 1, CreateAutoScalingGroup: 1, PutMetricAlarm: 2 });
  });

  it('applies a round of changes (resize, refresh, start, threshold) and converges', async () => {
    const world = createSimWorld();
    await convergeFully(world, FLEET);
    const next: ResourceSpec[] = [
      { ...bastion, instanceType: 't3.large' },
      { ...batch, state: 'running' },
      { ...web, maxSize: 6, launchTemplate: { ...web.launchTemplate, instanceType: 't3.medium' } },
      { ...webCpu, threshold: 75 },
      bastionCpu,
    ];
    const plan = await world.plan(next);
    expect(changesOf(plan).map((c) => c.split(' ').slice(0, 2).join(' '))).toEqual([
      'prod/autoscaling-group/web rolling-refresh',
      'prod/instance/bastion stop-modify-start',
      'prod/instance/batch update',
      'prod/alarm/web-cpu update',
    ]);
    const { result } = await world.apply(plan);
    expect(result.results.map((r) => r.status)).toEqual(['applied', 'applied', 'applied', 'unchanged', 'applied']);
    world.settle();
    expect(changesOf(await world.plan(next))).toEqual([]);
    const [fleet] = await world.read();
    expect(fleet!.groups[0]!.instances.map((i) => i.instanceType)).toEqual(['t3.medium', 't3.medium']);
    expect((await world.liveInstances()).map((i) => `${i.tags['qm:name']} ${i.instanceType} ${i.state}`).sort()).toEqual([
      'bastion t3.large running',
      'batch t3.small running',
    ]);
  });

  it('a resize whose start has no capacity is rolled back: old type, running', async () => {
    const world = createSimWorld();
    await convergeFully(world, FLEET);
    world.sim.failNext('StartInstances', 'InsufficientInstanceCapacity', { times: 3 });
    const next = [{ ...bastion, instanceType: 't3.xlarge' }, batch, web, webCpu, bastionCpu];
    const { result } = await world.converge(next);
    const r = result.results.find((x) => x.id === 'prod/instance/bastion')!;
    expect(r).toMatchObject({ status: 'rolled-back', error: expect.stringContaining('InsufficientInstanceCapacity') });
    expect(r.note).toMatch(/^rolled back: i-\w+ is running on t3\.small again$/);
    world.settle();
    const live = (await world.liveInstances()).find((i) => i.tags['qm:name'] === 'bastion');
    expect(live).toMatchObject({ instanceType: 't3.small', state: 'running' });
    // The change is still wanted: the next plan proposes it again.
    expect(changesOf(await world.plan(next))).toEqual(['prod/instance/bastion stop-modify-start instance_type']);
  });

  it('replace launches the new instance, retargets its alarm, terminates the old one: one instance per uuid', async () => {
    const world = createSimWorld();
    const { result: first } = await convergeFully(world, FLEET);
    const oldId = first.results.find((r) => r.id === 'prod/instance/bastion')!.physicalId;
    const next = [{ ...bastion, ami: 'ami-0123456789abcdef0' }, batch, web, webCpu, bastionCpu];
    const { plan, result } = await convergeFully(world, next);
    expect(plan.actions.find((a) => a.id === 'prod/instance/bastion')?.type).toBe('replace');
    const newId = result.results.find((r) => r.id === 'prod/instance/bastion')!.physicalId;
    expect(newId).not.toBe(oldId);
    const live = (await world.liveInstances()).filter((i) => i.tags[TAG_UUID] === bastion.uuid);
    expect(live.map((i) => i.id)).toEqual([newId]);
    const [fleet] = await world.read();
    expect(fleet!.alarms.find((a) => a.name === 'prod-bastion-cpu')?.dimensions).toEqual({ InstanceId: newId });
  });

  it('deletes what the definitions mark deleted: alarm before its group', async () => {
    const world = createSimWorld();
    await convergeFully(world, FLEET);
    const gone = [bastion, batch, { ...web, deleted: true }, { ...webCpu, deleted: true }, { ...bastionCpu, deleted: true }];
    const { result } = await convergeFully(world, gone);
    expect(result.ok).toBe(true);
    const [fleet] = await world.read();
    expect(fleet!.groups).toEqual([]);
    expect(fleet!.alarms).toEqual([]);
  });

  it('refuses, writing nothing, when the sim credentials act in another account', async () => {
    const world = createSimWorld({ accountId: '999999999999' });
    const { result } = await world.converge(FLEET);
    // The alarms wait on creates that were refused, so they are skipped.
    expect(result.results.map((r) => `${r.id} ${r.status}`)).toEqual([
      'prod/autoscaling-group/web failed',
      'prod/instance/bastion failed',
      'prod/instance/batch failed',
      'prod/alarm/bastion-cpu skipped',
      'prod/alarm/web-cpu skipped',
    ]);
    expect(Object.keys(world.sim.callStats().byOperation).filter((op) => !/^(Describe|GetCallerIdentity)/.test(op))).toEqual([]);
    expect(await world.liveInstances()).toEqual([]);
  });
});

describe('applyPlan on a throttling sim', () => {
  let dir: string | undefined;
  afterEach(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('throttling that escapes the provider is retried with back-off and the fleet converges', async () => {
    dir = mkdtempSync(join(tmpdir(), 'qm-apply-'));
    const statePath = join(dir, 'fleet.json');
    // Reads go through a calm provider; the apply goes through one sharing the state file whose
    // own retries are off, so 30% of its calls throttle up to the executor.
    const world = createSimWorld({ statePath });
    const stormy = createSimProvider({ clock: world.clock, statePath, faults: { throttleRate: 0.3, maxAttempts: 1 }, seed: 7 });
    const { result, events } = await world.converge(FLEET, { maxAttempts: 12 }, stormy);
    expect(result.ok).toBe(true);
    // Throttled calls of the actions come back to the executor, which retries them; a throttled
    // DescribeInstances of the shared instance poll is retried by the poll's next round instead
    // (as the SDK waiters do), so it neither reaches the executor nor fails a wait.
    const retried = events.flatMap((e) => (e.type === 'retry' ? [e.operation] : []));
    expect(retried.length).toBeGreaterThanOrEqual(3);
    expect(retried).not.toContain('wait');
    expect(stormy.callStats().byOperation.DescribeInstances).toBeGreaterThan(3);
    world.settle();
    expect(changesOf(await world.plan(FLEET))).toEqual([]);
  });
});
