import { afterEach, describe, expect, it } from 'vitest';
import { webApi } from '@slack/bolt';
import { createSlackMembership } from '../../../bot/slack/slack-membership.js';
import { startFakeSlackApi, type FakeSlackApi } from './support/fake-slack-api.js';

let slack: FakeSlackApi | undefined;
afterEach(async () => {
  await slack?.close();
  slack = undefined;
});

async function resolverOverHttp(now: () => number) {
  slack = await startFakeSlackApi();
  slack.groups.set('S0SRE', ['U0BOB', 'U0CAROL']);
  slack.groups.set('S0LEADS', ['U0CAROL']);
  const client = new webApi.WebClient('xoxb-test', { slackApiUrl: slack.apiUrl, retryConfig: { retries: 0 } });
  return { slack, membership: createSlackMembership(client, { now }) };
}

describe('createSlackMembership', () => {
  it('answers through usergroups.users.list, caching each group for a minute', async () => {
    let now = 0;
    const { slack, membership } = await resolverOverHttp(() => now);
    expect(await membership.memberOf('slack:U0CAROL', ['slack-group:S0SRE', 'slack-group:S0LEADS', 'github-team:acme/sre'])).toEqual(['slack-group:S0SRE', 'slack-group:S0LEADS']);
    expect(await membership.memberOf('slack:U0BOB', ['slack-group:S0SRE', 'slack-group:S0LEADS'])).toEqual(['slack-group:S0SRE']);
    expect(slack.callsTo('usergroups.users.list').map((c) => c.args.usergroup)).toEqual(['S0SRE', 'S0LEADS']);
    expect(slack.callsTo('usergroups.users.list')[0]?.token).toBe('xoxb-test');

    // Bob leaves the group: within the minute the cache answers, after it Slack does.
    slack.groups.set('S0SRE', ['U0CAROL']);
    now = 59_999;
    expect(await membership.memberOf('slack:U0BOB', ['slack-group:S0SRE'])).toEqual(['slack-group:S0SRE']);
    now = 60_000;
    expect(await membership.memberOf('slack:U0BOB', ['slack-group:S0SRE'])).toEqual([]);
    expect(slack.callsTo('usergroups.users.list')).toHaveLength(3);
  });

  it('asks nothing for an actor who is not a Slack user', async () => {
    const { slack, membership } = await resolverOverHttp(() => 0);
    expect(await membership.memberOf('github:octocat#583231', ['slack-group:S0SRE'])).toEqual([]);
    expect(slack.calls).toEqual([]);
  });

  it('throws when Slack answers an error (a refusal must not hide an outage), and asks again next time', async () => {
    const { slack, membership } = await resolverOverHttp(() => 0);
    slack.on('usergroups.users.list', () => ({ ok: false, error: 'missing_scope', needed: 'usergroups:read' }));
    await expect(membership.memberOf('slack:U0BOB', ['slack-group:S0SRE'])).rejects.toThrow(/usergroups:read/);
    slack.on('usergroups.users.list', () => ({ ok: true, users: ['U0BOB'] }));
    expect(await membership.memberOf('slack:U0BOB', ['slack-group:S0SRE'])).toEqual(['slack-group:S0SRE']);
  });

  it('a group Slack does not know (deleted, another workspace) has no members, and other groups still count', async () => {
    const { membership } = await resolverOverHttp(() => 0);
    // The fake answers no_such_subteam for a group it does not hold, as Slack does.
    expect(await membership.memberOf('slack:U0BOB', ['slack-group:S0GONE', 'slack-group:S0SRE'])).toEqual(['slack-group:S0SRE']);
  });

  it('makes one call per group for concurrent questions', async () => {
    const { slack, membership } = await resolverOverHttp(() => 0);
    await Promise.all(['slack:U0BOB', 'slack:U0CAROL', 'slack:U0DAVE'].map((a) => membership.memberOf(a, ['slack-group:S0SRE'])));
    expect(slack.callsTo('usergroups.users.list')).toHaveLength(1);
  });
});
