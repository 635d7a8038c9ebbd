import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { managedTags, physicalName } from '../../src/model/identity.js';
import type { InstanceState, ObservedResource } from '../../src/model/observed.js';
import type { Plan } from '../../src/model/plan.js';
import type { AlarmSpec, AutoScalingGroupSpec, InstanceSpec, ResourceSpec } from '../../src/model/resources.js';
import { createPlan } from '../../src/plan/index.js';
import {
  aFleet,
  aGroupSpec,
  anAlarmSpec,
  anEnvironment,
  anInstanceSpec,
  instanceIdFor,
  observedAlarmOf,
  observedGroupOf,
  observedInstanceOf,
  refTo,
  uuidFor,
  FIXED_NOW,
} from './builders.js';

const ENVS = ['dev', 'prod'];
const names = fc.uniqueArray(fc.constantFrom('web', 'api', 'worker', 'db', 'cache', 'batch', 'edge', 'a-b'), { maxLength: 4 });
const types = fc.constantFrom('t3.micro', 't3.small', 'm5.large', 'z9.unknown');
const amis = fc.constantFrom('ami-0aaa', 'ami-0bbb');
const tags = fc.dictionary(fc.constantFrom('team', 'tier', 'cost'), fc.constantFrom('a', 'b'), { maxKeys: 2 });

const instanceFields = fc.record({
  instanceType: types,
  ami: amis,
  state: fc.constantFrom<'running' | 'stopped'>('running', 'stopped'),
  deleted: fc.boolean(),
  monitoring: fc.boolean(),
  userData: fc.option(fc.constantFrom('echo a', 'echo b'), { nil: undefined }),
  tags,
});
const groupFields = fc.record({
  instanceType: types,
  ami: amis,
  minSize: fc.integer({ min: 0, max: 3 }),
  extra: fc.integer({ min: 0, max: 3 }),
  desiredCapacity: fc.option(fc.integer({ min: 0, max: 6 }), { nil: undefined }),
  deleted: fc.boolean(),
  target: fc.option(fc.integer({ min: 40, max: 90 }), { nil: undefined }),
  tags,
});
const alarmFields = fc.record({ threshold: fc.integer({ min: 1, max: 99 }), target: fc.nat(), deleted: fc.boolean() });

/** A valid definitions set over two environments: unique names per kind, alarms naming defined resources. */
const desiredArb = fc
  .array(
    fc.record({
      instances: names.chain((ns) => fc.tuple(...ns.map((n) => instanceFields.map((f) => ({ n, f }))))),
      groups: names.chain((ns) => fc.tuple(...ns.map((n) => groupFields.map((f) => ({ n, f }))))),
      alarms: names.chain((ns) => fc.tuple(...ns.map((n) => alarmFields.map((f) => ({ n, f }))))),
    }),
    { minLength: ENVS.length, maxLength: ENVS.length },
  )
  .map((perEnv) =>
    perEnv.flatMap((e, i): ResourceSpec[] => {
      const env = ENVS[i]!;
      const instances: InstanceSpec[] = e.instances.map(({ n, f }) => anInstanceSpec({ env, name: n, ...f }));
      const groups: AutoScalingGroupSpec[] = e.groups.map(({ n, f }) =>
        aGroupSpec({
          env,
          name: n,
          deleted: f.deleted,
          tags: f.tags,
          minSize: f.minSize,
          maxSize: f.minSize + f.extra + (f.desiredCapacity ?? 0),
          desiredCapacity: f.desiredCapacity === undefined ? undefined : Math.max(f.minSize, f.desiredCapacity),
          launchTemplate: { ...aGroupSpec().launchTemplate, instanceType: f.instanceType, ami: f.ami },
          scalingPolicies: f.target === undefined ? [] : [{ name: 'cpu', metric: 'ASGAverageCPUUtilization', targetValue: f.target, disableScaleIn: false }],
        }),
      );
      // Valid definitions never point an alarm at a resource they delete.
      const targets = [...instances, ...groups].filter((r) => !r.deleted);
      const alarms: AlarmSpec[] = e.alarms.map(({ n, f }) => {
        const t = targets.length ? targets[f.target % targets.length] : undefined;
        return anAlarmSpec({ env, name: n, threshold: f.threshold, deleted: f.deleted, ...(t ? { target: refTo(t) } : {}) });
      });
      return [...instances, ...groups, ...alarms];
    }),
  );

/** The live fleet exactly as applying the definitions would leave it. */
function observedFrom(desired: readonly ResourceSpec[]): ObservedResource[] {
  const live = desired.filter((r) => !r.deleted);
  const liveId = (uuid: string): string | undefined => {
    const t = live.find((r) => r.uuid === uuid);
    if (!t) return undefined;
    return t.kind === 'instance' ? instanceIdFor(t.uuid) : physicalName(t.env, t.name);
  };
  return live.map((r) => {
    if (r.kind === 'instance') return observedInstanceOf(r);
    if (r.kind === 'autoscaling-group') return observedGroupOf(r);
    return observedAlarmOf(r, r.target ? liveId(r.target.uuid) : undefined);
  });
}

const states: InstanceState[] = ['pending', 'running', 'stopping', 'stopped', 'shutting-down', 'terminated'];

/** Random damage to a fleet: drift, removals, duplicates, strays, members, foreign and unmanaged resources. */
const mutationArb = fc.record({
  drop: fc.array(fc.nat(), { maxLength: 3 }),
  restate: fc.array(fc.tuple(fc.nat(), fc.constantFrom(...states)), { maxLength: 3 }),
  retype: fc.array(fc.tuple(fc.nat(), types), { maxLength: 3 }),
  recapacity: fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 8 })), { maxLength: 2 }),
  duplicate: fc.array(fc.nat(), { maxLength: 2 }),
  supersede: fc.array(fc.nat(), { maxLength: 2 }),
  member: fc.array(fc.nat(), { maxLength: 2 }),
  untag: fc.array(fc.nat(), { maxLength: 2 }),
  moveEnv: fc.array(fc.nat(), { maxLength: 2 }),
  strays: fc.array(fc.constantFrom('x', 'y', 'web'), { maxLength: 3 }),
});

function damage(input: ObservedResource[], m: typeof mutationArb extends fc.Arbitrary<infer M> ? M : never): ObservedResource[] {
  const fleet = structuredClone(input);
  const at = (n: number) => (fleet.length ? fleet[n % fleet.length] : undefined);
  for (const [n, s] of m.restate) {
    const r = at(n);
    if (r?.kind === 'instance') r.state = s;
  }
  for (const [n, t] of m.retype) {
    const r = at(n);
    if (r?.kind === 'instance') r.instanceType = t;
    if (r?.kind === 'autoscaling-group') r.launchTemplate.instanceType = t;
  }
  for (const [n, c] of m.recapacity) {
    const r = at(n);
    if (r?.kind === 'autoscaling-group') r.desiredCapacity = c;
  }
  for (const n of m.duplicate) {
    const r = at(n);
    if (r?.kind === 'instance') fleet.push({ ...structuredClone(r), id: `${r.id}d${n}` });
    if (r?.kind === 'alarm') fleet.push({ ...structuredClone(r), name: `${r.name}-copy${n}` });
  }
  for (const n of m.supersede) {
    const r = at(n);
    // The state a replace cut short leaves: the old one tagged, its replacement beside it.
    if (r?.kind === 'instance') fleet.push({ ...structuredClone(r), id: `${r.id}s${n}`, tags: { ...r.tags, 'qm:superseded': 'true' }, ami: 'ami-0old' });
  }
  for (const n of m.member) {
    const r = at(n);
    if (r?.kind === 'instance') r.memberOfGroup = 'prod-web';
  }
  for (const n of m.untag) {
    const r = at(n);
    if (r) r.tags = { Name: 'by-hand' };
  }
  for (const n of m.moveEnv) {
    const r = at(n);
    if (r && r.tags['qm:env']) r.tags['qm:env'] = r.tags['qm:env'] === 'dev' ? 'prod' : 'dev';
  }
  m.strays.forEach((name, i) => {
    const spec = anInstanceSpec({ env: ENVS[i % 2], name, uuid: uuidFor(`stray-${i}`) });
    fleet.push(observedInstanceOf(spec, { id: `i-0stray${i}`, tags: managedTags({}, spec) }));
  });
  const dropped = new Set(m.drop.map((n) => (fleet.length ? n % fleet.length : -1)));
  return fleet.filter((_, i) => !dropped.has(i));
}

function planFor(desired: ResourceSpec[], observed: ObservedResource[]): Plan {
  return createPlan({
    desired,
    environments: ENVS.map((name) => anEnvironment({ name })),
    // A resource is read with the environment its tags name; untagged ones land in prod.
    actual: ENVS.map((env) => aFleet(env, observed.filter((r) => (r.tags['qm:env'] ?? 'prod') === env))),
    envs: ENVS,
    now: FIXED_NOW,
  });
}

function expectWellFormed(plan: Plan): void {
  const ids = plan.actions.map((a) => a.id);
  expect(new Set(ids).size).toBe(ids.length);
  const position = new Map(ids.map((id, i) => [id, i]));
  for (const [i, a] of plan.actions.entries()) {
    for (const dep of a.dependsOn) {
      expect(position.has(dep), `${a.id} depends on missing ${dep}`).toBe(true);
      expect(position.get(dep)!, `${dep} must precede ${a.id}`).toBeLessThan(i);
    }
  }
  const s = plan.summary;
  expect(s.add + s.change + s.destroy + s.unchanged).toBe(plan.actions.length + plan.actions.filter((a) => a.type === 'replace').length);
  expect(Number.isFinite(plan.monthlyCostDelta)).toBe(true);
}

describe('createPlan properties', () => {
  it('never throws on random fleets; ids unique; dependencies first', () => {
    fc.assert(
      fc.property(desiredArb, mutationArb, (desired, m) => {
        const plan = planFor(desired, damage(observedFrom(desired), m));
        expectWellFormed(plan);
        // Nothing without a definition is ever acted on.
        const defined = new Set(desired.map((r) => r.uuid));
        for (const a of plan.actions) expect(defined.has(a.resource.uuid)).toBe(true);
      }),
      { numRuns: 300 },
    );
  });

  it('plans only no-ops when the fleet is what the definitions say', () => {
    fc.assert(
      fc.property(desiredArb, (desired) => {
        const plan = planFor(desired, observedFrom(desired));
        expectWellFormed(plan);
        expect(plan.actions.filter((a) => a.type !== 'no-op')).toEqual([]);
        expect(plan.actions.length).toBe(desired.filter((r) => !r.deleted).length);
        expect(plan.notices).toEqual([]);
        expect(plan.monthlyCostDelta).toBe(0);
      }),
      { numRuns: 300 },
    );
  });

  it('gives the same plan for the same inputs, whatever their order', () => {
    fc.assert(
      fc.property(desiredArb, mutationArb, (desired, m) => {
        const observed = damage(observedFrom(desired), m);
        const a = planFor(desired, observed);
        const b = planFor([...desired].reverse(), [...observed].reverse());
        expect(b).toEqual(a);
      }),
      { numRuns: 100 },
    );
  });
});
