import { describe, expect, it } from 'vitest';
import { evaluateGate, type GateDecision } from '../../src/gates/evaluate-gate.js';
import type { Plan } from '../../src/model/plan.js';
import { groupAction, instanceAction, makePlan } from './plan-fixtures.js';
import { fixturePolicy } from './policy-fixture.js';

const policy = fixturePolicy('gates.yml');
const H = 3_600_000;

const ALICE = 'slack:U0ALICE01';
const DAVE = 'github:dave#1004';
const CAROL = 'github:carol#1003';
const ERIN = 'github:erin#1005';

// Plans
const devUpdate = makePlan([instanceAction('dev', 'bastion', { type: 'update' })]);
const devDestroyCheap = makePlan([instanceAction('dev', 'old', { type: 'delete', impact: 'destructive', cost: 50 })]);
const devDestroyCostly = makePlan([instanceAction('dev', 'old', { type: 'replace', impact: 'destructive', cost: 150 })]);
const prodUpdate = makePlan([instanceAction('prod', 'bastion', { type: 'update' })]);
const prodScaleSmall = makePlan([groupAction('prod', 'web', { from: 4, to: 5, cost: 30 })]);
const prodScaleBig = makePlan([groupAction('prod', 'web', { from: 4, to: 8, cost: 120 })]);
const prodResize = makePlan([instanceAction('prod', 'bastion', { type: 'stop-modify-start', impact: 'downtime', cost: 20 })]);
const prodStopAll = makePlan([instanceAction('prod', 'bastion', { type: 'update', impact: 'downtime', desiredState: 'stopped', cost: -60 }), groupAction('prod', 'web', { from: 4, to: 0, impact: 'downtime', cost: -240 })]);
const prodDelete = makePlan([instanceAction('prod', 'bastion', { type: 'delete', impact: 'destructive', cost: -60 }), instanceAction('prod', 'api', {})]);
const prodExpensive = makePlan([instanceAction('prod', 'gpu', { type: 'create', cost: 600 })]);
const prodExactly500 = makePlan([instanceAction('prod', 'gpu', { type: 'create', cost: 500 })]);
/** A type the catalogue cannot price counts as $0 in the delta: it must not slip under a cost rule. */
const prodUnpricedCreate = makePlan([{ ...instanceAction('prod', 'gpu', { type: 'create', cost: 0 }), unpriced: ['p4d.24xlarge'] }]);
const prodUnpricedDelete = makePlan([{ ...instanceAction('prod', 'gpu', { type: 'delete', cost: 0 }), unpriced: ['p4d.24xlarge'] }]);
const prodNothing = makePlan([instanceAction('prod', 'bastion'), groupAction('prod', 'web', { from: 4 })]);
const prodRefresh = makePlan([groupAction('prod', 'web', { type: 'rolling-refresh', from: 4 })]);
const prodGroupDelete = makePlan([groupAction('prod', 'web', { type: 'delete', impact: 'destructive', from: 3, cost: -300 })]);
const stagingUpdate = makePlan([instanceAction('staging', 'bastion', { type: 'update' })]);
const staging4 = (stops: number): Plan =>
  makePlan(['a', 'b', 'c', 'd'].map((n, i) => instanceAction('staging', n, i < stops ? { type: 'update', impact: 'downtime', desiredState: 'stopped' } : {})));
const stagingScaleUp = makePlan([groupAction('staging', 'web', { from: 2, to: 4 })]);
const stagingMinForces = makePlan([groupAction('staging', 'web', { from: 2, min: 5, max: 10, type: 'update' })]);
const devStaging = makePlan([instanceAction('dev', 'a', { type: 'update' }), instanceAction('staging', 'a', { type: 'update' })]);
const devProd = makePlan([instanceAction('dev', 'a', { type: 'update' }), instanceAction('prod', 'a', { type: 'update' })]);

interface Row {
  name: string;
  actor: string;
  groups?: string[];
  command: string;
  envs?: string[];
  plan?: Plan;
  expect: 'allowed' | RegExp | { needs: [string, number][]; expiresInMs: number; rules?: string[] };
}

const rows: Row[] = [
  { name: 'a developer may plan prod', actor: DAVE, command: 'plan', envs: ['prod'], expect: 'allowed' },
  { name: 'dev is self-service', actor: DAVE, command: 'apply', plan: devUpdate, expect: 'allowed' },
  { name: 'AND conditions: destructive but cheap in dev', actor: DAVE, command: 'apply', plan: devDestroyCheap, expect: 'allowed' },
  { name: 'AND conditions: destructive and costly in dev', actor: DAVE, command: 'apply', plan: devDestroyCostly, expect: { needs: [['sre', 1]], expiresInMs: H, rules: ['dev-costly-destruction'] } },
  { name: 'deny by default: developer apply in prod', actor: DAVE, command: 'apply', plan: prodUpdate, expect: /github:dave#1004 \(member of developers\) may not apply in prod: no permission in policy.yml allows it/ },
  { name: 'a person-level permission: dave scales prod by 25%', actor: DAVE, command: 'scale', plan: prodScaleSmall, expect: 'allowed' },
  { name: 'capacity over 50% of a group needs an SRE', actor: DAVE, command: 'scale', plan: prodScaleBig, expect: { needs: [['sre', 1]], expiresInMs: 3 * H, rules: ['big-scale'] } },
  { name: 'the permission names scale only: dave cannot shut prod down', actor: DAVE, command: 'shutdown', plan: prodStopAll, expect: /may not shutdown in prod/ },
  {
    name: 'shutdown of prod: downtime + shutdown rules, shortest expiry',
    actor: ALICE,
    command: 'shutdown',
    plan: prodStopAll,
    expect: { needs: [['sre', 1], ['leads', 1]], expiresInMs: H, rules: ['prod-downtime', 'prod-shutdown'] },
  },
  { name: 'resize = downtime in prod', actor: ALICE, command: 'apply', plan: prodResize, expect: { needs: [['sre', 1]], expiresInMs: 2 * H, rules: ['prod-downtime'] } },
  {
    name: 'destructive in prod: the largest count per group, two groups',
    actor: ALICE,
    command: 'apply',
    plan: prodDelete,
    expect: { needs: [['sre', 2], ['leads', 1]], expiresInMs: 0.5 * H, rules: ['prod-downtime', 'prod-destructive'] },
  },
  { name: 'more than $500/month in prod', actor: ALICE, command: 'apply', plan: prodExpensive, expect: { needs: [['sre', 2]], expiresInMs: H, rules: ['prod-expensive'] } },
  { name: 'exactly $500/month is not more than $500', actor: ALICE, command: 'apply', plan: prodExactly500, expect: 'allowed' },
  { name: 'an unpriced type may cost more than $500: the cost rule holds', actor: ALICE, command: 'apply', plan: prodUnpricedCreate, expect: { needs: [['sre', 2]], expiresInMs: H, rules: ['prod-expensive'] } },
  { name: 'deleting an unpriced type only saves money', actor: ALICE, command: 'apply', plan: prodUnpricedDelete, expect: 'allowed' },
  { name: 'a plan that changes nothing needs nothing', actor: ALICE, command: 'apply', plan: prodNothing, expect: 'allowed' },
  { name: 'a rolling refresh is not a capacity change', actor: ALICE, command: 'apply', plan: prodRefresh, expect: 'allowed' },
  {
    name: 'deleting a group: destructive and 100% of its capacity',
    actor: ALICE,
    command: 'apply',
    plan: prodGroupDelete,
    expect: { needs: [['sre', 2], ['leads', 1]], expiresInMs: 0.5 * H, rules: ['prod-downtime', 'prod-destructive', 'big-scale'] },
  },
  { name: 'a GitHub team member is in sre', actor: CAROL, groups: ['github-team:acme/sre'], command: 'apply', plan: prodResize, expect: { needs: [['sre', 1]], expiresInMs: 2 * H } },
  { name: 'the same person outside the team has no rights', actor: CAROL, command: 'apply', plan: prodResize, expect: /github:carol#1003 may not apply in prod/ },
  { name: 'GitHub identities match by numeric id (renamed login)', actor: 'github:dave-renamed#1004', command: 'scale', plan: prodScaleSmall, expect: 'allowed' },
  { name: 'the same login with another id is someone else', actor: 'github:dave#9999', command: 'scale', plan: prodScaleSmall, expect: /may not scale in prod/ },
  { name: 'a Slack user group member is a developer', actor: 'slack:U0NEWDEV1', groups: ['slack-group:S0DEVS001'], command: 'apply', plan: stagingUpdate, expect: 'allowed' },
  { name: 'stopping 2 of 4 staging instances (50% > 30%)', actor: 'slack:U0NEWDEV1', groups: ['slack-group:S0DEVS001'], command: 'shutdown', plan: staging4(2), expect: { needs: [['oncall', 1]], expiresInMs: H, rules: ['staging-mass-stop'] } },
  { name: 'stopping 1 of 4 staging instances (25%)', actor: 'slack:U0NEWDEV1', groups: ['slack-group:S0DEVS001'], command: 'shutdown', plan: staging4(1), expect: 'allowed' },
  { name: 'doubling a staging group', actor: DAVE, command: 'apply', plan: stagingScaleUp, expect: { needs: [['sre', 1]], expiresInMs: 3 * H, rules: ['big-scale'] } },
  { name: 'a new min_size forcing capacity 2 -> 5 counts as 150%', actor: DAVE, command: 'apply', plan: stagingMinForces, expect: { needs: [['sre', 1]], expiresInMs: 3 * H } },
  { name: 'nested group: on-call via a Slack user group may apply staging', actor: 'slack:U0PAGER01', groups: ['slack-group:S0ONCALL1'], command: 'apply', plan: stagingUpdate, expect: 'allowed' },
  { name: 'several environments: permitted in each', actor: DAVE, command: 'apply', plan: devStaging, expect: 'allowed' },
  { name: 'several environments: refused by the one not permitted', actor: DAVE, command: 'apply', plan: devProd, expect: /may not apply in prod/ },
  { name: '"*" commands include unlock', actor: ALICE, command: 'unlock', envs: ['prod'], expect: 'allowed' },
  { name: 'unlock in prod is not for developers', actor: DAVE, command: 'unlock', envs: ['prod'], expect: /may not unlock in prod/ },
  { name: 'leads may approve prod', actor: ERIN, command: 'approve', envs: ['prod'], expect: 'allowed' },
  { name: 'leads may not apply prod', actor: ERIN, command: 'apply', plan: prodUpdate, expect: /github:erin#1005 \(member of leads\) may not apply in prod/ },
  {
    name: 'without a plan every rule that could apply does',
    actor: ALICE,
    command: 'apply',
    envs: ['prod'],
    expect: { needs: [['sre', 2], ['leads', 1]], expiresInMs: 0.5 * H, rules: ['prod-downtime', 'prod-destructive', 'prod-expensive', 'big-scale'] },
  },
  { name: 'an unknown command', actor: ALICE, command: 'destroy', envs: ['prod'], expect: /"destroy" is not a policy command/ },
  { name: 'no environment', actor: ALICE, command: 'apply', envs: [], expect: /names no environment/ },
  { name: 'an actor string that is no identity matches nobody', actor: 'alice', command: 'plan', envs: ['dev'], expect: /alice may not plan in dev/ },
];

describe('evaluateGate (table)', () => {
  it.each(rows)('$name', (row) => {
    const d: GateDecision = evaluateGate({
      policy,
      actor: row.actor,
      membership: { actor: row.actor, externalGroups: row.groups ?? [] },
      command: row.command,
      ...(row.envs ? { envs: row.envs } : {}),
      ...(row.plan ? { plan: row.plan } : {}),
    });
    if (row.expect === 'allowed') {
      expect(d, JSON.stringify(d)).toMatchObject({ decision: 'allowed' });
    } else if (row.expect instanceof RegExp) {
      expect(d.decision, JSON.stringify(d)).toBe('refused');
      if (d.decision === 'refused') expect(d.reason).toMatch(row.expect);
    } else {
      expect(d.decision, JSON.stringify(d)).toBe('needs-approval');
      if (d.decision !== 'needs-approval') return;
      expect(d.requirements.map((q) => [q.group, q.count])).toEqual(row.expect.needs);
      expect(d.expiresInMs).toBe(row.expect.expiresInMs);
      if (row.expect.rules) expect(d.rules.map((r) => r.name)).toEqual(row.expect.rules);
    }
  });

  it('explains each requirement with the rules and the actions behind it', () => {
    const d = evaluateGate({ policy, actor: ALICE, membership: { actor: ALICE, externalGroups: [] }, command: 'shutdown', plan: prodStopAll });
    if (d.decision !== 'needs-approval') throw new Error(JSON.stringify(d));
    expect(d.requirements).toEqual([
      { group: 'sre', count: 1, reason: 'prod-downtime: downtime: prod/instance/bastion (update), prod/autoscaling-group/web (update)' },
      { group: 'leads', count: 1, reason: 'prod-shutdown: applies to every shutdown in prod' },
    ]);
    const big = evaluateGate({ policy, actor: DAVE, membership: { actor: DAVE, externalGroups: [] }, command: 'scale', plan: prodScaleBig });
    if (big.decision !== 'needs-approval') throw new Error(JSON.stringify(big));
    expect(big.requirements[0]?.reason).toBe('big-scale: prod/web capacity 4 -> 8 (100% > 50%)');
    const cost = evaluateGate({ policy, actor: ALICE, membership: { actor: ALICE, externalGroups: [] }, command: 'apply', plan: prodExpensive });
    if (cost.decision !== 'needs-approval') throw new Error(JSON.stringify(cost));
    expect(cost.requirements[0]?.reason).toBe('prod-expensive: adds $600.00/month (more than $500)');
  });

  it('names the permission that allowed the command', () => {
    const d = evaluateGate({ policy, actor: DAVE, membership: { actor: DAVE, externalGroups: [] }, command: 'apply', plan: devUpdate });
    expect(d).toEqual({ decision: 'allowed', reason: 'apply permitted in dev by policy.yml:26:5; no approval rule applies' });
  });

  it('refuses to judge with the membership of someone else (a programming fault, not a refusal)', () => {
    expect(() => evaluateGate({ policy, actor: ALICE, membership: { actor: DAVE, externalGroups: [] }, command: 'plan', envs: ['dev'] })).toThrow(/membership is for/);
  });
});
