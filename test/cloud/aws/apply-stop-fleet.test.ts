import { afterEach, describe, expect, it } from 'vitest';
import { applyPlan } from '../../../src/apply/index.js';
import type { AwsProvider } from '../../../src/cloud/aws/index.js';
import type { EnvTarget } from '../../../src/cloud/provider.js';
import type { ManualClock } from '../../../src/clock.js';
import { seedSyntheticFleet, type FakeAws } from '../../support/fake-aws/index.js';
import { pollRounds, stopPlanOf } from '../../apply/support/stop-plan.js';
import { providerOnFake } from './aws-test-kit.js';

const FLEET = 1000;

let fake: FakeAws;
let provider: AwsProvider;
let target: EnvTarget;
let clock: ManualClock;

afterEach(async () => {
  await fake?.close();
});

/** 1,000 running managed instances in prod, read through the SDK, and the plan that stops them all. */
async function fleetToStop() {
  ({ fake, provider, target, clock } = await providerOnFake());
  seedSyntheticFleet(fake, { region: target.region, env: target.env, instances: FLEET });
  const plan = stopPlanOf(target.env, (await provider.readEnvironment(target)).instances);
  expect(plan.actions).toHaveLength(FLEET);
  fake.calls.length = 0;
  return plan;
}

const callsOf = (action: string) => fake.calls.filter((c) => c.action === action);
const idsOf = (action: string) => callsOf(action).flatMap((c) => c.params.InstanceId as string[]);

describe('applyPlan through the real SDK: stopping 1,000 instances', () => {
  it('stops them in at most 25 calls, waits with at most 5 describes a round, and needs one round after the transition', { timeout: 120_000 }, async () => {
    const plan = await fleetToStop();

    const result = await applyPlan(plan, { provider, targets: { [target.env]: target }, clock });

    expect(result.counts).toMatchObject({ applied: FLEET, failed: 0, skipped: 0 });
    const stops = callsOf('StopInstances');
    expect(stops.length).toBeLessThanOrEqual(25);
    expect(new Set(idsOf('StopInstances')).size).toBe(FLEET);
    // The fake moves an instance from stopping to stopped once one describe has seen it stopping:
    // the first round sees the transition, the second (one interval later) sees them all stopped.
    const rounds = pollRounds(callsOf('DescribeInstances'));
    expect(rounds).toHaveLength(2);
    for (const round of rounds) {
      expect(round.length).toBeLessThanOrEqual(5);
      expect(new Set(round.flat()).size).toBe(FLEET);
    }
    expect([...fake.region(target.region).instances.values()].every((i) => i.state === 'stopped')).toBe(true);
    // Audit and progress stay per action: each action's own steps, in order.
    const first = result.results[0]!;
    expect(first.steps).toEqual([`stopInstances ${first.physicalId}`, `wait ${first.physicalId} stopped`]);
  });

  it('one instance that cannot be stopped fails only its own action, at a few calls more', { timeout: 120_000 }, async () => {
    const plan = await fleetToStop();
    const bad = plan.actions[437]!;
    // Terminated behind the plan's back: StopInstances refuses any call that names it.
    fake.region(target.region).instances.get(bad.resource.physicalId!)!.state = 'terminated';

    const result = await applyPlan(plan, { provider, targets: { [target.env]: target }, clock });

    expect(result.counts).toMatchObject({ applied: FLEET - 1, failed: 1, skipped: 0 });
    const failed = result.results.find((r) => r.status === 'failed')!;
    expect(failed.id).toBe(bad.id);
    expect(failed.error).toContain(bad.resource.physicalId);
    // 10 calls of 100, and the spoiled one halved down to the bad id: 2·log2(100) more at most.
    expect(callsOf('StopInstances').length).toBeLessThanOrEqual(10 + 2 * 7);
    for (const round of pollRounds(callsOf('DescribeInstances'))) expect(round.length).toBeLessThanOrEqual(5);
  });
});
