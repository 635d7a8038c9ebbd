import { describe, expect, it } from 'vitest';
import { DEFAULT_SIM_TIMINGS } from '../../../src/cloud/sim/index.js';
import { ErrorCode } from '../../../src/errors.js';
import { groupRequest, makeSim, rejectionOf, target, X86_AMI } from './sim-fixtures.js';

const T = DEFAULT_SIM_TIMINGS;

/** A running group of 4 on version 1, switched to version 2 (t3.medium): a refresh is due. */
async function groupDueForRefresh() {
  const made = makeSim();
  const { sim, clock } = made;
  const req = await groupRequest(sim, 'web', 1, { desiredCapacity: 4 });
  await sim.createGroup(target, req);
  clock.advance(T.pendingMs);
  const v2 = await sim.putLaunchTemplate(target, {
    name: req.name,
    spec: { ami: X86_AMI, instanceType: 't3.medium', securityGroupIds: [], monitoring: true },
    tags: req.tags,
    clientToken: 'lt-web-v2',
  });
  await sim.updateGroup(target, req.name, { launchTemplate: v2 });
  const group = async () => {
    const g = (await sim.readEnvironment(target)).groups[0];
    if (!g) throw new Error('group missing');
    return g;
  };
  return { ...made, name: req.name, group };
}

describe('sim instance refresh', () => {
  it('goes Pending -> InProgress -> Successful, replacing one batch per step', async () => {
    const { sim, clock, name, group } = await groupDueForRefresh();
    const { refreshId } = await sim.startInstanceRefresh(target, name, { minHealthyPercentage: 50 });
    expect((await group()).refresh).toEqual({ id: refreshId, status: 'Pending', percentComplete: 0 });

    // 4 members at 50% healthy: batches of 2, one per step.
    clock.advance(T.refreshStartMs);
    let g = await group();
    expect(g.refresh).toMatchObject({ status: 'InProgress', percentComplete: 50 });
    expect(g.instances.filter((i) => i.lifecycleState !== 'Terminating').map((i) => i.launchTemplateVersion).sort()).toEqual(['1', '1', '2', '2']);
    expect(g.instances.filter((i) => i.lifecycleState === 'Terminating')).toHaveLength(2);

    clock.advance(T.refreshStepMs);
    const fleet = await sim.readEnvironment(target);
    g = fleet.groups[0] ?? g;
    // Nothing outdated remains, so the batched read no longer asks DescribeInstanceRefreshes.
    expect(g.refresh).toBeUndefined();
    const live = fleet.instances.filter((i) => i.state === 'running' || i.state === 'pending');
    expect(live.map((i) => i.instanceType)).toEqual(['t3.medium', 't3.medium', 't3.medium', 't3.medium']);
    // The refresh itself reports Successful once its last batch has had its step.
    clock.advance(T.refreshStepMs);
    expect(await sim.waitForInstanceRefresh(target, name, refreshId, { timeoutMs: 1 })).toBe('Successful');
  });

  it('refuses a second refresh while one runs (InstanceRefreshInProgress), and allows one after', async () => {
    const { sim, name } = await groupDueForRefresh();
    const { refreshId } = await sim.startInstanceRefresh(target, name, { minHealthyPercentage: 90 });
    const e = await rejectionOf(sim.startInstanceRefresh(target, name, { minHealthyPercentage: 90 }));
    expect(e).toMatchObject({ code: ErrorCode.CloudIncorrectState, details: { providerCode: 'InstanceRefreshInProgress', refreshId } });
    expect(e.message).toContain('An Instance Refresh is already in progress and blocks the execution of this Instance Refresh');
    expect(await sim.waitForInstanceRefresh(target, name, refreshId, { timeoutMs: 600_000 })).toBe('Successful');
    await expect(sim.startInstanceRefresh(target, name, { minHealthyPercentage: 90 })).resolves.toHaveProperty('refreshId');
  });

  it('waitForInstanceRefresh polls DescribeInstanceRefreshes on the clock, and times out with the progress', async () => {
    const { sim, clock, name } = await groupDueForRefresh();
    // 90% healthy of 4: one member per step, 4 steps.
    const { refreshId } = await sim.startInstanceRefresh(target, name, { minHealthyPercentage: 90 });
    const start = clock.now().getTime();
    const e = await rejectionOf(sim.waitForInstanceRefresh(target, name, refreshId, { timeoutMs: T.refreshStartMs + T.refreshStepMs }));
    expect(e).toMatchObject({ code: ErrorCode.Timeout, details: { status: 'InProgress' } });
    expect(e.message).toContain('50% complete');
    expect(clock.now().getTime() - start).toBe(T.refreshStartMs + T.refreshStepMs);
    expect(sim.callStats().byOperation.DescribeInstanceRefreshes).toBe((T.refreshStartMs + T.refreshStepMs) / T.pollIntervalMs + 1);
  });

  it('counts one DescribeInstanceRefreshes per group with outdated members in readEnvironment, none otherwise', async () => {
    const { sim } = await groupDueForRefresh();
    await sim.readEnvironment(target);
    expect(sim.callStats().byOperation.DescribeInstanceRefreshes).toBe(1);
  });

  it('answers an unknown refresh id with CloudNotFound', async () => {
    const { sim, name } = await groupDueForRefresh();
    await expect(sim.waitForInstanceRefresh(target, name, 'nope', { timeoutMs: 1 })).rejects.toMatchObject({ code: ErrorCode.CloudNotFound });
  });
});
