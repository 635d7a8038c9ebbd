/**
 * One deterministic apply with every kind of outcome (applied, rolled-back, failed, skipped,
 * unchanged), for renderer tests.
 */
import type { Plan } from '../../../src/model/plan.js';
import { CloudError, ErrorCode } from '../../../src/errors.js';
import { aGroupSpec, anAlarmSpec, anInstanceSpec, observedGroupOf, observedInstanceOf, planOf, refTo } from '../../plan/builders.js';
import { applyWith, seedFake, type Applied } from './apply-harness.js';
import { FakeProvider, insufficientCapacity } from './fake-provider.js';

export async function mixedApply(): Promise<Applied & { plan: Plan }> {
  const bastion = anInstanceSpec({ name: 'bastion', instanceType: 'm5.large' });
  const liveBastion = observedInstanceOf(anInstanceSpec({ name: 'bastion' }));
  const web = aGroupSpec({ name: 'web', maxSize: 8 });
  const liveWeb = observedGroupOf(aGroupSpec({ name: 'web' }));
  const batch = anInstanceSpec({ name: 'batch' });
  const batchCpu = anAlarmSpec({ name: 'batch-cpu', target: refTo(batch) });
  const quiet = anInstanceSpec({ name: 'quiet' });
  const liveQuiet = observedInstanceOf(quiet);
  const plan = planOf([bastion, web, batch, batchCpu, quiet], [liveBastion, liveWeb, liveQuiet]);

  const fake = new FakeProvider();
  seedFake(fake, [liveBastion, liveWeb, liveQuiet]);
  fake.failOn({ op: 'startInstances', when: ([ids]) => fake.instances.get((ids as string[])[0]!)?.instanceType === 'm5.large', error: () => insufficientCapacity('m5.large') });
  fake.failOn({
    op: 'runInstance',
    error: () => new CloudError(ErrorCode.CloudUnauthorized, 'You are not authorized to perform this operation (ec2:RunInstances)', { fix: 'grant ec2:RunInstances to the apply role' }),
  });
  return { plan, ...(await applyWith(plan, fake, { concurrency: 2 })) };
}
