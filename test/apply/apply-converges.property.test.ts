import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { AlarmSpec, AutoScalingGroupSpec, InstanceSpec, ResourceSpec } from '../../src/model/resources.js';
import { aGroupSpec, anAlarmSpec, anInstanceSpec, refTo } from '../plan/builders.js';
import { changesOf, createSimWorld } from './support/sim-world.js';

const TYPES = ['t3.small', 't3.medium', 't3.large', 'm5.large'] as const;
const AMIS = ['ami-0abcdef1234567890', 'ami-0123456789abcdef0'] as const; // both x86_64 in the sim
const SGS = ['sg-0aaa', 'sg-0bbb', 'sg-0ccc'] as const;

const tags = fc.dictionary(fc.constantFrom('team', 'cost', 'tier'), fc.constantFrom('a', 'b'), { maxKeys: 2 });
const sgs = fc.subarray([...SGS], { minLength: 1 });

/** One instance definition of a fixed name; the uuid comes from the name, so two fleets share identities. */
const instanceOf = (name: string) =>
  fc.record({
    instanceType: fc.constantFrom(...TYPES),
    ami: fc.constantFrom(...AMIS),
    state: fc.constantFrom('running' as const, 'stopped' as const),
    monitoring: fc.boolean(),
    ebsOptimized: fc.boolean(),
    securityGroupIds: sgs,
    userData: fc.option(fc.constantFrom('#!/bin/sh\necho one\n', '#!/bin/sh\necho two\n'), { nil: undefined }),
    tags,
  }).map((o): InstanceSpec => anInstanceSpec({ name, ...o }));

const groupOf = (name: string) =>
  fc
    .record({
      minSize: fc.integer({ min: 0, max: 2 }),
      extra: fc.integer({ min: 0, max: 2 }),
      capacity: fc.option(fc.integer({ min: 0, max: 4 }), { nil: undefined }),
      instanceType: fc.constantFrom(...TYPES),
      ami: fc.constantFrom(...AMIS),
      target: fc.option(fc.constantFrom(40, 60, 70), { nil: undefined }),
      tags,
    })
    .map(({ minSize, extra, capacity, instanceType, ami, target, tags: t }): AutoScalingGroupSpec => {
      const maxSize = minSize + extra + 1;
      return aGroupSpec({
        name,
        tags: t,
        minSize,
        maxSize,
        desiredCapacity: capacity === undefined ? undefined : Math.min(maxSize, Math.max(minSize, capacity)),
        launchTemplate: { ami, instanceType, securityGroupIds: ['sg-0web'], monitoring: true },
        scalingPolicies: target === undefined ? [] : [{ name: 'cpu', metric: 'ASGAverageCPUUtilization', targetValue: target, disableScaleIn: false }],
      });
    });

const INSTANCE_NAMES = ['alpha', 'bravo', 'charlie'];
const GROUP_NAMES = ['web', 'jobs'];

/** A fleet over fixed names: each resource present or not; alarms only on present targets. */
const fleet = fc
  .record({
    instances: fc.tuple(...INSTANCE_NAMES.map((n) => fc.option(instanceOf(n), { nil: undefined }))),
    groups: fc.tuple(...GROUP_NAMES.map((n) => fc.option(groupOf(n), { nil: undefined }))),
    alarmThresholds: fc.tuple(fc.option(fc.integer({ min: 50, max: 95 }), { nil: undefined }), fc.option(fc.integer({ min: 50, max: 95 }), { nil: undefined })),
  })
  .map(({ instances, groups, alarmThresholds }): ResourceSpec[] => {
    const present = [...instances, ...groups].filter((r): r is InstanceSpec | AutoScalingGroupSpec => r !== undefined);
    const alarms = alarmThresholds.flatMap((threshold, i): AlarmSpec[] => {
      const target = present[i];
      return threshold === undefined ? [] : [anAlarmSpec({ name: `alarm-${i}`, threshold, ...(target ? { target: refTo(target) } : {}) })];
    });
    return [...present, ...alarms];
  });

/** The desired fleet: what `next` defines, plus `deleted: true` for what only `before` had (sometimes). */
function desiredFrom(before: ResourceSpec[], next: ResourceSpec[], deleteDropped: boolean): ResourceSpec[] {
  const kept = new Set(next.map((r) => r.uuid));
  const dropped = before.filter((r) => !kept.has(r.uuid)).map((r) => ({ ...r, deleted: true }));
  // An alarm cannot keep pointing at a deleted target.
  const deletedUuids = new Set(dropped.map((r) => r.uuid));
  const next2 = next.map((r) => (r.kind === 'alarm' && r.target && deletedUuids.has(r.target.uuid) ? { ...r, target: undefined } : r));
  return deleteDropped ? [...next2, ...dropped] : next2;
}

describe('apply converges (property)', () => {
  it('for random initial and desired fleets, after apply(plan(d)) a new plan(d) has only no-ops', async () => {
    await fc.assert(
      fc.asyncProperty(fleet, fleet, fc.boolean(), fc.integer({ min: 0, max: 6_000 }), async (before, next, deleteDropped, pauseMs) => {
        const world = createSimWorld();
        const seeded = await world.converge(before);
        expect(seeded.result.ok).toBe(true);
        // Sometimes plan while instances are still pending or stopping.
        world.clock.advance(pauseMs);
        const desired = desiredFrom(before, next, deleteDropped);
        const { result } = await world.converge(desired);
        const bad = result.results.filter((r) => r.status !== 'applied' && r.status !== 'unchanged');
        expect(bad.map((r) => `${r.id} ${r.status}: ${r.error ?? r.note}`)).toEqual([]);
        world.settle();
        expect(changesOf(await world.plan(desired))).toEqual([]);
      }),
      { numRuns: 80 },
    );
  });
});
