import { describe, expect, it } from 'vitest';
import type { PlanInput } from '../../src/plan/index.js';
import { canonicalJson, createPlan, planFingerprint } from '../../src/plan/index.js';
import {
  aFleet,
  aGroupSpec,
  anAlarmSpec,
  anEnvironment,
  anInstanceSpec,
  observedAlarmOf,
  observedGroupOf,
  observedInstanceOf,
  planInputOf,
  refTo,
} from './builders.js';

const bastion = anInstanceSpec({ securityGroupIds: ['sg-0ssh', 'sg-0mon'] });
const web = aGroupSpec({
  scalingPolicies: [
    { name: 'cpu', metric: 'ASGAverageCPUUtilization', targetValue: 70, disableScaleIn: false },
    { name: 'net', metric: 'ASGAverageNetworkIn', targetValue: 5e6, disableScaleIn: true },
  ],
});
const pinned = aGroupSpec({ name: 'api', desiredCapacity: 3 });
const alarm = anAlarmSpec({ target: refTo(web) });

function baseInput(): PlanInput {
  return planInputOf(
    [bastion, web, pinned, alarm],
    [observedInstanceOf(bastion), observedGroupOf(web), observedGroupOf(pinned), observedAlarmOf(alarm, 'prod-web')],
  );
}

/** Applies a change to a fresh copy of the base input. */
function changed(mutate: (input: PlanInput) => void): PlanInput {
  const input = structuredClone(baseInput());
  mutate(input);
  return input;
}

const fleet = (i: PlanInput) => i.actual[0]!;

describe('planFingerprint', () => {
  it('is the plan fingerprint, a sha256 hex', () => {
    const input = baseInput();
    expect(createPlan(input).fingerprint).toBe(planFingerprint(input));
    expect(planFingerprint(input)).toMatch(/^[0-9a-f]{64}$/);
  });

  it.each<[string, (i: PlanInput) => void]>([
    ['another now', (i) => void (i.now = new Date('2030-01-01T00:00:00Z'))],
    ['another readAt', (i) => void (fleet(i).readAt = '2030-01-01T00:00:00Z')],
    ['another launch time', (i) => void (fleet(i).instances[0]!.launchTime = '2030-01-01T00:00:00Z')],
    ['pending instead of running', (i) => void (fleet(i).instances[0]!.state = 'pending')],
    ['an alarm state change', (i) => void (fleet(i).alarms[0]!.stateValue = 'ALARM')],
    ['refresh progress', (i) => void (fleet(i).groups[0]!.refresh = { id: 'r1', status: 'InProgress', percentComplete: 55 })],
    ['group members replaced', (i) => void (fleet(i).groups[0]!.instances = [])],
    ['the policies moving an unpinned capacity', (i) => void (fleet(i).groups[0]!.desiredCapacity = 4)],
    [
      'a new launch template version with the same content, its members launched from it',
      (i) => {
        const g = fleet(i).groups[0]!;
        g.launchTemplate.version = '7';
        g.instances = g.instances.map((m) => ({ ...m, launchTemplateVersion: '7' }));
      },
    ],
    ['source locations moved', (i) => i.desired.forEach((r) => (r.source = { file: 'elsewhere.yml', line: 99, col: 1 }))],
    ['definitions listed in another order', (i) => void i.desired.reverse()],
    ['live resources listed in another order', (i) => void fleet(i).groups.reverse()],
    ['scaling policies listed in another order', (i) => void fleet(i).groups[0]!.scalingPolicies.reverse()],
    ['tags listed in another order', (i) => void (fleet(i).instances[0]!.tags = Object.fromEntries(Object.entries(fleet(i).instances[0]!.tags).reverse()))],
    ['security groups listed in another order by AWS', (i) => void (fleet(i).instances[0]!.securityGroupIds = ['sg-0mon', 'sg-0ssh'])],
    ['an availability zone reported', (i) => void (fleet(i).instances[0]!.availabilityZone = 'us-east-1c')],
    ['environments listed in another order', (i) => void (i.envs = [...i.envs].reverse())],
    ['a terminated instance appearing', (i) => void fleet(i).instances.push(observedInstanceOf(anInstanceSpec({ name: 'gone' }), { state: 'terminated' }))],
    ['a group member appearing', (i) => void fleet(i).instances.push(observedInstanceOf(anInstanceSpec({ name: 'm' }), { memberOfGroup: 'prod-web' }))],
  ])('does not change with %s', (_, mutate) => {
    expect(planFingerprint(changed(mutate))).toBe(planFingerprint(baseInput()));
  });

  it.each<[string, (i: PlanInput) => void]>([
    ['a live type change', (i) => void (fleet(i).instances[0]!.instanceType = 't3.large')],
    ['a live stop', (i) => void (fleet(i).instances[0]!.state = 'stopping')],
    ['an instance terminated', (i) => void (fleet(i).instances[0]!.state = 'terminated')],
    ['a live tag change', (i) => void (fleet(i).instances[0]!.tags.team = 'other')],
    ['a live qm:uuid change', (i) => void (fleet(i).instances[0]!.tags['qm:uuid'] = 'x')],
    ['a pinned capacity moved', (i) => void (fleet(i).groups.find((g) => g.name === 'prod-api')!.desiredCapacity = 4)],
    ['a live launch template change', (i) => void (fleet(i).groups[0]!.launchTemplate.ami = 'ami-0other')],
    ['a live scaling policy change', (i) => void (fleet(i).groups[0]!.scalingPolicies[0]!.targetValue = 10)],
    ['a group being deleted', (i) => void (fleet(i).groups[0]!.status = 'Delete in progress')],
    ['a live alarm threshold', (i) => void (fleet(i).alarms[0]!.threshold = 1)],
    ['live user data', (i) => void (fleet(i).instances[0]!.userData = 'echo changed')],
    ['a live qm:user-data tag appearing', (i) => void (fleet(i).instances[0]!.tags['qm:user-data'] = 'none')],
    [
      'another qm:user-data hash (user data unread, as on AWS)',
      (i) => {
        const inst = fleet(i).instances[0]!;
        delete inst.userData;
        inst.tags['qm:user-data'] = 'sha256:0123456789abcdef';
      },
    ],
    ['an unmanaged resource appearing', (i) => void fleet(i).instances.push(observedInstanceOf(anInstanceSpec({ name: 'x' }), { id: 'i-0hand', tags: {} }))],
    ['a definition change', (i) => void ((i.desired[0] as typeof bastion).instanceType = 't3.large')],
    ['definition user data', (i) => void ((i.desired[0] as typeof bastion).userData = 'echo secret')],
    ['a definition marked deleted', (i) => void (i.desired[0]!.deleted = true)],
    ['a definition field the differ does not read (yet)', (i) => void ((i.desired[0] as unknown as Record<string, unknown>).placement = 'spread')],
    ['a definition tag', (i) => void (i.desired[0]!.tags = { ...i.desired[0]!.tags, tier: 'db' })],
    ['a definition removed', (i) => void i.desired.pop()],
    ['another account for the environment', (i) => void (i.environments[0] = anEnvironment({ accountId: '999999999999' }))],
    ['another environment planned', (i) => void (i.envs.push('dev'), i.actual.push(aFleet('dev')))],
    ['members left on an older launch template version', (i) => void (fleet(i).groups[0]!.launchTemplate.version = '7')],
  ])('changes with %s', (_, mutate) => {
    expect(planFingerprint(changed(mutate))).not.toBe(planFingerprint(baseInput()));
  });
});

describe('canonicalJson', () => {
  it('sorts keys at every depth and drops undefined members', () => {
    expect(canonicalJson({ b: 1, a: [2, { d: undefined, c: 3 }], e: null })).toBe('{"a":[2,{"c":3}],"b":1,"e":null}');
  });
});
