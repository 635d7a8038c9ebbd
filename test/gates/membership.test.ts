import { describe, expect, it } from 'vitest';
import { createStaticMembership, externalGroupsOf, groupsOf, personOf, resolveMembership, samePerson } from '../../src/gates/membership.js';
import { fixturePolicy } from './policy-fixture.js';

const policy = fixturePolicy('gates.yml');

describe('membership', () => {
  it('asks the resolver about exactly the external groups the policy mentions', async () => {
    expect(externalGroupsOf(policy)).toEqual(['github-team:acme/developers', 'github-team:acme/sre', 'slack-group:S0DEVS001', 'slack-group:S0ONCALL1']);
    const asked: string[][] = [];
    const resolver = {
      memberOf: async (_actor: string, groups: readonly string[]) => {
        asked.push([...groups]);
        return ['slack-group:S0ONCALL1'];
      },
    };
    expect(await resolveMembership(policy, 'slack:U0PAGER01', resolver)).toEqual({ actor: 'slack:U0PAGER01', externalGroups: ['slack-group:S0ONCALL1'] });
    expect(asked).toEqual([externalGroupsOf(policy)]);
    // Not an identity: nothing to ask.
    expect(await resolveMembership(policy, 'alice', resolver)).toEqual({ actor: 'alice', externalGroups: [] });
    expect(asked).toHaveLength(1);
  });

  it('answers from a static table, GitHub by numeric id, and can change (removal between request and approval)', async () => {
    const m = createStaticMembership({ 'github-team:Acme/SRE': ['github:carol#1003'], 'slack-group:S0ONCALL1': ['slack:U0PAGER01'] });
    expect(await m.memberOf('github:carol-renamed#1003', ['github-team:acme/sre', 'slack-group:S0ONCALL1'])).toEqual(['github-team:acme/sre']);
    m.set('github-team:acme/sre', []);
    expect(await m.memberOf('github:carol#1003', ['github-team:acme/sre'])).toEqual([]);
  });

  it('expands people, nested groups and external groups', () => {
    expect(groupsOf(policy, { actor: 'slack:U0ALICE01', externalGroups: [] })).toEqual(['leads', 'oncall', 'sre']);
    expect(groupsOf(policy, { actor: 'github:carol#1003', externalGroups: ['github-team:acme/sre'] })).toEqual(['oncall', 'sre']);
    expect(groupsOf(policy, { actor: 'slack:U0PAGER01', externalGroups: ['slack-group:S0ONCALL1'] })).toEqual(['oncall']);
    expect(groupsOf(policy, { actor: 'slack:U0NOBODY1', externalGroups: [] })).toEqual([]);
  });

  it('knows one person across accounts', () => {
    expect(personOf(policy, 'github:alice-renamed#1001')).toBe('alice');
    expect(samePerson(policy, 'slack:U0ALICE01', 'github:alice#1001')).toBe(true);
    expect(samePerson(policy, 'slack:U0ALICE01', 'slack:U0BOB0002')).toBe(false);
    expect(samePerson(policy, 'github:x#7', 'github:y#7')).toBe(true);
    expect(samePerson(policy, 'slack:U0UNLISTED', 'github:unlisted#77')).toBe(false);
  });
});
