import { describe, expect, it } from 'vitest';
import { explainPolicy, membersOf, renderPolicyExplanation } from '../../src/gates/explain-policy.js';
import { instanceAction, makePlan } from './plan-fixtures.js';
import { fixturePolicy } from './policy-fixture.js';

const policy = fixturePolicy('gates.yml');

describe('explainPolicy', () => {
  it('says who may approve a destructive prod change and why', () => {
    const plan = makePlan([instanceAction('prod', 'bastion', { type: 'delete', impact: 'destructive' })]);
    const e = explainPolicy(policy, { as: 'alice', command: 'apply', plan });
    expect(e).toMatchObject({ actor: 'slack:U0ALICE01', person: 'alice', groups: ['leads', 'oncall', 'sre'], envs: ['prod'], permissions: [{ env: 'prod', allowed: true, rule: 'policy.yml:32:5' }] });
    expect(e.approvers.map((a) => [a.group, a.count, a.actorIsMember])).toEqual([
      ['sre', 2, true],
      ['leads', 1, true],
    ]);
    expect(renderPolicyExplanation(e)).toBe(
      [
        'As slack:U0ALICE01 (alice), member of leads, oncall, sre:',
        '  apply in prod: permitted (policy.yml:32:5)',
        'Needs approval (expires 30 min after the request):',
        '  rule prod-downtime (policy.yml:46:5): destructive: prod/instance/bastion (delete)',
        '  rule prod-destructive (policy.yml:53:5): destructive: prod/instance/bastion (delete)',
        '  2 from sre (you are in it, but never approve your own request):',
        '    - alice (slack:U0ALICE01, github:alice#1001)',
        '    - bob (slack:U0BOB0002, github:bob#1002)',
        '    - github-team:acme/sre',
        '  1 from leads (you are in it, but never approve your own request):',
        '    - erin (github:erin#1005)',
        '    - alice (slack:U0ALICE01, github:alice#1001)',
        '',
      ].join('\n'),
    );
  });

  it('explains a refusal, with external groups taken into account', () => {
    const refused = explainPolicy(policy, { as: 'github:carol#1003', command: 'unlock', envs: ['prod'] });
    expect(renderPolicyExplanation(refused)).toBe(
      [
        'As github:carol#1003 (carol), member of no policy group:',
        '  unlock in prod: not permitted (no permission allows it; deny by default)',
        'Refused: github:carol#1003 may not unlock in prod: no permission in policy.yml allows it',
        '',
      ].join('\n'),
    );
    const allowed = explainPolicy(policy, { as: 'github:carol#1003', externalGroups: ['github-team:acme/sre'], command: 'unlock', envs: ['prod'] });
    expect(allowed.decision).toMatchObject({ decision: 'allowed' });
    expect(allowed.groups).toEqual(['oncall', 'sre']);
  });

  it('notes an identity that matches nobody', () => {
    expect(renderPolicyExplanation(explainPolicy(policy, { as: 'U0ALICE01', command: 'plan', envs: ['dev'] }))).toMatch(/Note: "U0ALICE01" is not a slack:U\.\.\. or github:login#id identity/);
  });

  it('flattens nested groups', () => {
    expect(membersOf(policy, 'oncall')).toEqual(['alice (slack:U0ALICE01, github:alice#1001)', 'bob (slack:U0BOB0002, github:bob#1002)', 'github-team:acme/sre', 'slack-group:S0ONCALL1']);
  });
});
