import { pino } from 'pino';
import { Probot } from 'probot';
import { afterEach, describe, expect, it } from 'vitest';
import { createAppInstallations } from '../../../bot/github/app-installations.js';
import { createGitHubAppMembership } from '../../../bot/github/github-app-membership.js';
import type { FakeGitHub } from '../../support/fake-github.js';
import { APP, appKeys, fakeGitHubApp, TEST_OCTOKIT, WEBHOOK_SECRET } from './bot-harness.js';

let gh: FakeGitHub | undefined;
afterEach(async () => {
  await gh?.close();
  gh = undefined;
});

const FRANK = { login: 'frank-dev', id: 5_550_001, type: 'User' as const };

function membershipOver(fake: FakeGitHub, warnings: string[] = []) {
  const probot = new Probot({ appId: APP.id, privateKey: appKeys().privateKey, secret: WEBHOOK_SECRET, baseUrl: fake.url, Octokit: TEST_OCTOKIT, log: pino({ level: 'silent' }) });
  const installations = createAppInstallations(probot);
  return { installations, membership: createGitHubAppMembership(installations, { warn: (_o: unknown, msg?: string) => void warnings.push(String(msg)) } as never) };
}

describe('GitHub team membership, asked as the App', () => {
  it('answers the teams policy.yml names that the account is an active member of, checking the login against the id', async () => {
    gh = await fakeGitHubApp({ users: [FRANK], teams: { 'acme/developers': [FRANK.login], 'acme/sre': [{ login: FRANK.login, state: 'pending' }] } });
    const { membership } = membershipOver(gh);
    const groups = ['github-team:acme/developers', 'github-team:acme/sre', 'slack-group:S0SRE1234'];
    expect(await membership.memberOf(`github:${FRANK.login}#${FRANK.id}`, groups)).toEqual(['github-team:acme/developers']);
    // The login now belongs to another account: the one named by id is in no team.
    expect(await membership.memberOf(`github:${FRANK.login}#999`, groups)).toEqual([]);
    expect(await membership.memberOf('slack:U0FRANK', groups)).toEqual([]);
    // As the App: a JWT for the installation lookup, the installation's token for the rest.
    const calls = gh.requests.map((r) => `${r.method} ${r.pathname} ${r.authorization?.split(' ')[0]} ${r.status}`);
    expect(calls).toEqual(
      expect.arrayContaining([
        'GET /orgs/acme/installation bearer 200',
        `POST /app/installations/${APP.installationId}/access_tokens bearer 201`,
        'GET /users/frank-dev token 200',
        'GET /orgs/acme/teams/developers/memberships/frank-dev token 200',
      ]),
    );
    expect(gh.requests.every((r) => r.status < 500 && r.status !== 401)).toBe(true);
  });

  it('gives no rights through a team of an organisation the App is not installed in, and says so in the log', async () => {
    gh = await fakeGitHubApp({ users: [FRANK], teams: { 'acme/developers': [FRANK.login] } });
    const warnings: string[] = [];
    const { membership } = membershipOver(gh, warnings);
    expect(await membership.memberOf(`github:${FRANK.login}#${FRANK.id}`, ['github-team:othercorp/sre', 'github-team:acme/developers'])).toEqual(['github-team:acme/developers']);
    expect(warnings.join('\n')).toContain('github-team:othercorp/sre');
  });

  it('throws when GitHub fails: a refusal must not hide an outage', async () => {
    gh = await fakeGitHubApp({ users: [FRANK], teams: { 'acme/developers': [FRANK.login] } });
    const { membership } = membershipOver(gh);
    gh.fail({ path: '/orgs/acme/teams/developers/memberships/frank-dev', status: 502, times: 5 });
    await expect(membership.memberOf(`github:${FRANK.login}#${FRANK.id}`, ['github-team:acme/developers'])).rejects.toMatchObject({ status: 502 });
  });
});
