import { afterEach, describe, expect, it } from 'vitest';
import { createGitHubClient } from '../../actions/shared/github-client.js';
import { createGitHubMembership } from '../../actions/shared/github-membership.js';
import { groupsOf, resolveMembership } from '../../src/gates/membership.js';
import type { MembershipResolver } from '../../src/gates/membership.js';
import { startFakeGitHub } from '../support/fake-github.js';
import type { FakeGitHub, FakeGitHubSeed } from '../support/fake-github.js';
import { fixturePolicy } from '../gates/policy-fixture.js';

const SRE = 'github-team:acme/sre';
const DEVS = 'github-team:acme/developers';
const ONCALL = 'slack-group:S0ONCALL1';

let gh: FakeGitHub | undefined;
afterEach(async () => {
  await gh?.close();
  gh = undefined;
});

async function start(seed: FakeGitHubSeed): Promise<{ gh: FakeGitHub; membership: MembershipResolver }> {
  gh = await startFakeGitHub(seed);
  return { gh, membership: createGitHubMembership(createGitHubClient({ token: 't', apiUrl: gh.url, owner: 'acme', repo: 'fleet' })) };
}

const seed: FakeGitHubSeed = {
  users: [
    { login: 'carol', id: 1003 },
    { login: 'dave', id: 1004 },
  ],
  teams: { 'acme/sre': ['carol'], 'acme/developers': ['dave', 'carol', { login: 'erin', state: 'pending' }] },
};

describe('GitHub team membership for the gate', () => {
  it('answers which of the asked teams the actor is in now', async () => {
    const { membership } = await start(seed);
    expect(await membership.memberOf('github:carol#1003', [DEVS, SRE, ONCALL])).toEqual([DEVS, SRE]);
    expect(await membership.memberOf('github:dave#1004', [SRE, DEVS])).toEqual([DEVS]);
  });

  it('never answers for Slack groups or non-GitHub actors, and asks GitHub nothing then', async () => {
    const { gh, membership } = await start(seed);
    expect(await membership.memberOf('slack:U0PAGER01', [SRE, ONCALL])).toEqual([]);
    expect(await membership.memberOf('github:carol#1003', [ONCALL])).toEqual([]);
    expect(await membership.memberOf('carol', [SRE])).toEqual([]);
    expect(gh.requests).toEqual([]);
  });

  it('does not count a pending invitation', async () => {
    const { membership } = await start({ ...seed, users: [{ login: 'erin', id: 1005 }] });
    expect(await membership.memberOf('github:erin#1005', [DEVS])).toEqual([]);
  });

  it('refuses a login that now belongs to another account (renames free logins for reuse)', async () => {
    const { gh, membership } = await start({ ...seed, users: [{ login: 'carol', id: 9999 }] });
    expect(await membership.memberOf('github:carol#1003', [SRE])).toEqual([]);
    expect(await membership.memberOf('github:ghost-login#1003', [SRE])).toEqual([]);
    // Only the identity lookups were made: no team was asked about a stranger.
    expect(gh.requests.map((r) => r.route)).toEqual(['GET /users/{username}', 'GET /users/{username}']);
  });

  it('throws when GitHub fails: a refusal must not hide an outage', async () => {
    const { gh, membership } = await start(seed);
    gh.fail({ path: /\/teams\/sre\//, status: 500 });
    await expect(membership.memberOf('github:carol#1003', [SRE])).rejects.toThrow(/answered 500/);
  });

  it('feeds the gate: policy groups through GitHub teams', async () => {
    const policy = fixturePolicy('gates.yml');
    const { membership } = await start(seed);
    const m = await resolveMembership(policy, 'github:carol#1003', membership);
    expect(m.externalGroups).toEqual([DEVS, SRE]);
    expect(groupsOf(policy, m)).toContain('sre');
  });
});
