import { describe, expect, it } from 'vitest';
import { createSeededRandom } from '../../../src/cloud/sim/index.js';
import { CloudError, ErrorCode } from '../../../src/errors.js';
import { alarmRequest, instanceRequest, makeSim, rejectionOf, target } from './sim-fixtures.js';

/** A sleep that records what it was asked to wait, without waiting. */
function recordingSleep() {
  const waits: number[] = [];
  return { waits, sleep: async (ms: number) => void waits.push(ms) };
}

describe('sim fault injection: throttling', () => {
  it('retries throttled calls inside the provider: every operation succeeds, attempts are counted', async () => {
    const { waits, sleep } = recordingSleep();
    const { sim } = makeSim({ faults: { throttleRate: 0.3 }, sleep, seed: 42 });
    for (let n = 1; n <= 40; n++) await sim.runInstance(target, instanceRequest(`web-${n}`, n));
    const stats = sim.callStats();
    expect(stats.byOperation.RunInstances).toBeGreaterThan(40);
    expect(stats.total).toBe(stats.byOperation.RunInstances);
    // One back-off wait per retry.
    expect(waits).toHaveLength((stats.byOperation.RunInstances ?? 0) - 40);
    expect((await sim.readEnvironment(target)).instances).toHaveLength(40);
  });

  it('is reproducible for a seed', async () => {
    const run = async () => {
      const { sim } = makeSim({ faults: { throttleRate: 0.5 }, sleep: async () => undefined, random: createSeededRandom(9) });
      for (let n = 1; n <= 10; n++) await sim.putAlarm(target, alarmRequest(`a${n}`, n));
      return sim.callStats();
    };
    expect(await run()).toEqual(await run());
  });

  it('backs off exponentially with full jitter, capped', async () => {
    const { waits, sleep } = recordingSleep();
    const { sim } = makeSim({ faults: { throttleRate: 1, maxAttempts: 8, baseBackoffMs: 100, maxBackoffMs: 1_000 }, sleep });
    await rejectionOf(sim.stopInstances(target, ['i-0123456789abcdef0']));
    expect(waits).toHaveLength(7);
    waits.forEach((w, i) => {
      expect(w).toBeGreaterThanOrEqual(0);
      expect(w).toBeLessThan(Math.min(1_000, 100 * 2 ** i));
    });
  });

  it.each([
    ['RunInstances (EC2)', 'RequestLimitExceeded', 'Request limit exceeded'],
    ['PutMetricAlarm (CloudWatch)', 'Throttling', 'Rate exceeded'],
  ] as const)('surfaces CloudThrottled once attempts run out: %s', async (label, providerCode, message) => {
    const { sim } = makeSim({ faults: { throttleRate: 1, maxAttempts: 3 }, sleep: async () => undefined });
    const call = label.startsWith('Run') ? sim.runInstance(target, instanceRequest('web')) : sim.putAlarm(target, alarmRequest('cpu'));
    const e = await rejectionOf(call);
    expect(e).toBeInstanceOf(CloudError);
    expect(e).toMatchObject({ code: ErrorCode.CloudThrottled, retryable: true, details: { providerCode, attempts: 3 } });
    expect(e.message).toContain(`${message} (gave up after 3 attempts)`);
    expect(sim.callStats().total).toBe(3);
    expect(sim.readState((s) => s.instances.size + s.alarms.size)).toBe(0);
  });

  it('adds the injected latency to every attempt, through the injected sleep', async () => {
    const { waits, sleep } = recordingSleep();
    const { sim } = makeSim({ latencyMs: 20, sleep });
    await sim.runInstance(target, instanceRequest('web'));
    await sim.readEnvironment(target);
    // RunInstances, then DescribeInstances, DescribeAutoScalingGroups, DescribeAlarms.
    expect(waits).toEqual([20, 20, 20, 20]);
  });
});

describe('sim fault injection: scripted failures', () => {
  it('fails the next RunInstances with InsufficientInstanceCapacity, once, without retrying it', async () => {
    const { sim } = makeSim();
    sim.failNext('RunInstances', 'InsufficientInstanceCapacity');
    const e = await rejectionOf(sim.runInstance(target, instanceRequest('web')));
    expect(e).toMatchObject({ code: ErrorCode.CloudInsufficientCapacity, retryable: true, details: { providerCode: 'InsufficientInstanceCapacity', injected: true } });
    expect(e.message).toContain('We currently do not have sufficient capacity');
    expect(sim.callStats().byOperation.RunInstances).toBe(1);
    expect((await sim.readEnvironment(target)).instances).toEqual([]);
    await expect(sim.runInstance(target, instanceRequest('web'))).resolves.toHaveProperty('instanceId');
  });

  it('fails a chosen number of times, for any operation, with the error the code maps to', async () => {
    const { sim, clock } = makeSim();
    const { instanceId } = await sim.runInstance(target, instanceRequest('web'));
    clock.advance(60_000);
    await sim.stopInstances(target, [instanceId]);
    clock.advance(60_000);
    sim.failNext('StartInstances', 'InsufficientInstanceCapacity', { times: 2 });
    sim.failNext('ModifyInstanceAttribute', 'UnauthorizedOperation');
    await expect(sim.modifyInstance(target, instanceId, { instanceType: 't3.small' })).rejects.toMatchObject({ code: ErrorCode.CloudUnauthorized, retryable: false });
    await expect(sim.startInstances(target, [instanceId])).rejects.toMatchObject({ code: ErrorCode.CloudInsufficientCapacity });
    await expect(sim.startInstances(target, [instanceId])).rejects.toMatchObject({ code: ErrorCode.CloudInsufficientCapacity });
    await sim.startInstances(target, [instanceId]);
    expect((await sim.readEnvironment(target)).instances[0]).toMatchObject({ state: 'pending', instanceType: 't3.micro' });
  });

  it('retries a scripted throttle like a random one, and takes failures from the options', async () => {
    const { sim } = makeSim({
      faults: { script: [{ operation: 'DescribeInstances', errorCode: 'RequestLimitExceeded', times: 2 }, { operation: 'DescribeAlarms', errorCode: 'InternalError', message: 'boom' }] },
      sleep: async () => undefined,
    });
    const e = await rejectionOf(sim.readEnvironment(target));
    expect(e).toMatchObject({ code: ErrorCode.CloudApi, retryable: true, details: { providerCode: 'InternalError' } });
    expect(e.message).toContain('boom');
    expect(sim.callStats().byOperation.DescribeInstances).toBe(3);
    await expect(sim.readEnvironment(target)).resolves.toHaveProperty('env', 'dev');
  });
});
