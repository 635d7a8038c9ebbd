/**
 * Plans with many changes alike but for their names, built by the real planner, for the
 * grouping tests of every renderer.
 */
import type { ObservedResource } from '../../src/model/observed.js';
import type { Plan } from '../../src/model/plan.js';
import type { ResourceSpec } from '../../src/model/resources.js';
import { createPlan } from '../../src/plan/index.js';
import { FIXED_NOW, aFleet, anEnvironment, anInstanceSpec, observedInstanceOf } from '../plan/builders.js';

/** `app-0001` */
export const appName = (i: number): string => `app-${String(i + 1).padStart(4, '0')}`;

/** `count` creates in prod alike but for their names (`app-0001`...), all m5.large. */
export function alikeCreatesPlan(count: number): Plan {
  const desired = Array.from({ length: count }, (_, i) => anInstanceSpec({ name: appName(i), instanceType: 'm5.large' }));
  return createPlan({ desired, environments: [anEnvironment()], actual: [aFleet('prod')], envs: ['prod'], now: FIXED_NOW });
}

/**
 * In prod, 38 changes: 12 alike creates (`app-0001`...), 2 distinct creates, 12 alike tag updates
 * (`tagged-01`...), 10 alike resizes (downtime: never grouped), a destroy and a replace; in
 * dev, 3 alike creates (too few to group).
 */
export function mixedPlan(): Plan {
  const desired: ResourceSpec[] = [];
  const observed: ObservedResource[] = [];
  for (let i = 0; i < 12; i++) desired.push(anInstanceSpec({ name: appName(i), instanceType: 'm5.large' }));
  desired.push(anInstanceSpec({ name: 'cache-new', instanceType: 'r5.large' }), anInstanceSpec({ name: 'queue-new', instanceType: 't3.micro' }));
  for (let i = 0; i < 12; i++) {
    const name = `tagged-${String(i + 1).padStart(2, '0')}`;
    desired.push(anInstanceSpec({ name, tags: { team: 'platform' } }));
    observed.push(observedInstanceOf(anInstanceSpec({ name, tags: { team: 'web' } })));
  }
  for (let i = 0; i < 10; i++) {
    const live = anInstanceSpec({ name: `resize-${String(i + 1).padStart(2, '0')}` });
    desired.push({ ...live, instanceType: 't3.large' });
    observed.push(observedInstanceOf(live));
  }
  desired.push(anInstanceSpec({ name: 'legacy', deleted: true }));
  observed.push(observedInstanceOf(anInstanceSpec({ name: 'legacy' })));
  const db = anInstanceSpec({ name: 'db' });
  desired.push({ ...db, ami: 'ami-0ffeeddccbbaa0099' });
  observed.push(observedInstanceOf(db));
  for (let i = 0; i < 3; i++) desired.push(anInstanceSpec({ env: 'dev', name: `dev-${i + 1}` }));
  return createPlan({
    desired,
    environments: ['prod', 'dev'].map((name) => anEnvironment({ name })),
    actual: [aFleet('prod', observed), aFleet('dev')],
    envs: ['prod', 'dev'],
    now: FIXED_NOW,
  });
}
