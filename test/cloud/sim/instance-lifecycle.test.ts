import { describe, expect, it } from 'vitest';
import { DEFAULT_SIM_TIMINGS } from '../../../src/cloud/sim/index.js';
import { ErrorCode, isQmError } from '../../../src/errors.js';
import { instanceRequest, makeSim, rejectionOf, target } from './sim-fixtures.js';

const T = DEFAULT_SIM_TIMINGS;

async function stateOf(sim: ReturnType<typeof makeSim>['sim'], id: string) {
  return (await sim.readEnvironment(target)).instances.find((i) => i.id === id)?.state;
}

describe('sim instance lifecycle under a manual clock', () => {
  it('passes pending -> running only once pendingMs has passed', async () => {
    const { sim, clock } = makeSim();
    const { instanceId } = await sim.runInstance(target, instanceRequest('web'));
    expect(await stateOf(sim, instanceId)).toBe('pending');
    clock.advance(T.pendingMs - 1);
    expect(await stateOf(sim, instanceId)).toBe('pending');
    clock.advance(1);
    expect(await stateOf(sim, instanceId)).toBe('running');
  });

  it('passes running -> stopping -> stopped, and stopped -> pending -> running', async () => {
    const { sim, clock } = makeSim();
    const { instanceId: id } = await sim.runInstance(target, instanceRequest('web'));
    clock.advance(T.pendingMs);
    await sim.stopInstances(target, [id]);
    expect(await stateOf(sim, id)).toBe('stopping');
    clock.advance(T.stoppingMs);
    expect(await stateOf(sim, id)).toBe('stopped');
    await sim.startInstances(target, [id]);
    expect(await stateOf(sim, id)).toBe('pending');
    clock.advance(T.pendingMs);
    expect(await stateOf(sim, id)).toBe('running');
  });

  it('keeps a terminated instance visible for terminatedVisibleMs, then forgets it', async () => {
    const { sim, clock } = makeSim();
    const { instanceId: id } = await sim.runInstance(target, instanceRequest('web'));
    await sim.terminateInstances(target, [id]);
    expect(await stateOf(sim, id)).toBe('shutting-down');
    clock.advance(T.shuttingDownMs);
    expect(await stateOf(sim, id)).toBe('terminated');
    clock.advance(T.terminatedVisibleMs - 1);
    expect(await stateOf(sim, id)).toBe('terminated');
    clock.advance(1);
    expect(await stateOf(sim, id)).toBeUndefined();
  });

  it('settles several transitions at once when the clock jumps far ahead', async () => {
    const { sim, clock } = makeSim({ timings: { pendingMs: 10, stoppingMs: 10 } });
    const { instanceId: id } = await sim.runInstance(target, instanceRequest('web'));
    clock.advance(10);
    await sim.stopInstances(target, [id]);
    clock.advance(3_600_000);
    expect(await stateOf(sim, id)).toBe('stopped');
  });

  it.each([
    ['stopping a pending instance', 'pending', 'stopInstances', "Instance '%s' cannot be stopped as it has never reached the 'running' state"],
    ['starting a stopping instance', 'stopping', 'startInstances', "The instance '%s' is not in a state from which it can be started"],
    ['stopping a terminated instance', 'terminated', 'stopInstances', "This instance '%s' is not in a state from which it can be stopped"],
    ['starting a shutting-down instance', 'shutting-down', 'startInstances', "The instance '%s' is not in a state from which it can be started"],
  ] as const)('refuses %s with IncorrectInstanceState', async (_label, state, method, message) => {
    const { sim, clock } = makeSim();
    const { instanceId: id } = await sim.runInstance(target, instanceRequest('web'));
    if (state !== 'pending') clock.advance(T.pendingMs);
    if (state === 'stopping') await sim.stopInstances(target, [id]);
    if (state === 'shutting-down' || state === 'terminated') await sim.terminateInstances(target, [id]);
    if (state === 'terminated') clock.advance(T.shuttingDownMs);
    expect(await stateOf(sim, id)).toBe(state);
    const e = await rejectionOf(sim[method](target, [id]));
    expect(isQmError(e, ErrorCode.CloudIncorrectState)).toBe(true);
    expect(e.details).toMatchObject({ providerCode: 'IncorrectInstanceState', instanceId: id, state });
    expect(e.message).toContain(message.replace('%s', id));
    expect(await stateOf(sim, id)).toBe(state);
  });

  it('refuses a whole batch when one instance is in the wrong state, changing none', async () => {
    const { sim, clock } = makeSim();
    const { instanceId: a } = await sim.runInstance(target, instanceRequest('a', 1));
    clock.advance(T.pendingMs);
    const { instanceId: b } = await sim.runInstance(target, instanceRequest('b', 2));
    await expect(sim.stopInstances(target, [a, b])).rejects.toMatchObject({ code: ErrorCode.CloudIncorrectState });
    expect(await stateOf(sim, a)).toBe('running');
  });

  it('leaves running instances alone on start and stopped ones alone on stop', async () => {
    const { sim, clock } = makeSim();
    const { instanceId: id } = await sim.runInstance(target, instanceRequest('web'));
    clock.advance(T.pendingMs);
    await sim.startInstances(target, [id]);
    expect(await stateOf(sim, id)).toBe('running');
    await sim.stopInstances(target, [id]);
    clock.advance(T.stoppingMs);
    await sim.stopInstances(target, [id]);
    expect(await stateOf(sim, id)).toBe('stopped');
  });

  it('answers InvalidInstanceID.NotFound for an unknown id and for an instance of another region', async () => {
    const { sim } = makeSim();
    const { instanceId: id } = await sim.runInstance(target, instanceRequest('web'));
    const unknown = await rejectionOf(sim.stopInstances(target, ['i-0123456789abcdef0']));
    expect(unknown).toMatchObject({ code: ErrorCode.CloudNotFound, details: { providerCode: 'InvalidInstanceID.NotFound' } });
    expect(unknown.message).toContain("The instance ID 'i-0123456789abcdef0' does not exist");
    const elsewhere = await rejectionOf(sim.terminateInstances({ ...target, region: 'eu-west-1' }, [id]));
    expect(elsewhere.details?.providerCode).toBe('InvalidInstanceID.NotFound');
    const malformed = await rejectionOf(sim.startInstances(target, ['web-1']));
    expect(malformed).toMatchObject({ code: ErrorCode.CloudApi, details: { providerCode: 'InvalidInstanceID.Malformed' } });
  });
});

describe('sim waits', () => {
  it('waitForInstances polls DescribeInstances with clock sleeps until the state is reached', async () => {
    const { sim, clock } = makeSim({ timings: { pendingMs: 5_000, pollIntervalMs: 1_000 } });
    const { instanceId: id } = await sim.runInstance(target, instanceRequest('web'));
    const start = clock.now().getTime();
    await sim.waitForInstances(target, [id], 'running', { timeoutMs: 60_000 });
    expect(clock.now().getTime() - start).toBe(5_000);
    expect(sim.callStats().byOperation.DescribeInstances).toBe(6);
  });

  it('shares one DescribeInstances a round among every wait, however many wait', async () => {
    const { sim, clock } = makeSim({ timings: { pendingMs: 5_000, pollIntervalMs: 1_000 } });
    const ids: string[] = [];
    for (let i = 0; i < 1_500; i++) ids.push((await sim.runInstance(target, instanceRequest(`web-${i}`))).instanceId);
    const start = clock.now().getTime();
    await Promise.all(ids.map((id) => sim.waitForInstances(target, [id], 'running', { timeoutMs: 60_000 })));
    expect(clock.now().getTime() - start).toBe(5_000);
    // Six rounds (0 to 5 s), each one read answered in two pages of at most 1,000 ids.
    expect(sim.callStats().byOperation.DescribeInstances).toBe(12);
  });

  it('throws TimeoutError after timeoutMs of clock time, naming what it still waits for', async () => {
    const { sim, clock } = makeSim({ timings: { pollIntervalMs: 1_000 } });
    const { instanceId: id } = await sim.runInstance(target, instanceRequest('web'));
    clock.advance(DEFAULT_SIM_TIMINGS.pendingMs);
    const start = clock.now().getTime();
    const e = await rejectionOf(sim.waitForInstances(target, [id], 'stopped', { timeoutMs: 10_000 }));
    expect(isQmError(e, ErrorCode.Timeout)).toBe(true);
    expect(e.message).toContain(`${id} running`);
    expect(clock.now().getTime() - start).toBe(10_000);
  });

  it('fails at once when the instance went where the waited state cannot follow (the SDK waiter acceptors)', async () => {
    const { sim, clock } = makeSim();
    const { instanceId: id } = await sim.runInstance(target, instanceRequest('web'));
    await sim.terminateInstances(target, [id]);
    const start = clock.now().getTime();
    const e = await rejectionOf(sim.waitForInstances(target, [id], 'running', { timeoutMs: 600_000 }));
    expect(e).toMatchObject({ code: ErrorCode.CloudIncorrectState, details: { state: 'shutting-down', wanted: 'running' } });
    expect(clock.now().getTime()).toBe(start);
  });

  it('treats an instance gone after termination as terminated', async () => {
    const { sim, clock } = makeSim();
    const { instanceId: id } = await sim.runInstance(target, instanceRequest('web'));
    await sim.terminateInstances(target, [id]);
    clock.advance(DEFAULT_SIM_TIMINGS.shuttingDownMs + DEFAULT_SIM_TIMINGS.terminatedVisibleMs);
    await expect(sim.waitForInstances(target, [id], 'terminated', { timeoutMs: 1_000 })).resolves.toBeUndefined();
  });
});
