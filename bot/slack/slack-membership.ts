import type { MembershipResolver } from '../../src/gates/index.js';

/** The one Web API method the resolver calls; a @slack/web-api WebClient has it. */
export interface UsergroupsApi {
  usergroups: {
    users: {
      list(args: { usergroup: string }): Promise<{ ok?: boolean; users?: string[]; error?: string }>;
    };
  };
}

export interface SlackMembershipOptions {
  /** How long one group's member list is trusted. Default 60 s: a person removed from a group loses their rights within a minute. */
  ttlMs?: number;
  /** Milliseconds now; tests pass a fake clock. */
  now?: () => number;
}

const SLACK_USER = /^slack:([UW][A-Z0-9]{2,})$/;
const SLACK_GROUP = /^slack-group:(S[A-Z0-9]{2,})$/;

/**
 * Who is in which Slack user group (policy.yml's `slack-group:S0123`), asked of Slack through
 * `usergroups.users.list` (scope `usergroups:read`), each group's members cached for a minute.
 * Only Slack users can be members; other groups (GitHub teams) are left to their own door's
 * resolver. A group Slack does not know has no members; any other Slack error throws: a refusal
 * must not hide an outage.
 *
 * @example const qm = openQuartermaster({ settings, membership: createSlackMembership(app.client) })
 */
export function createSlackMembership(api: UsergroupsApi, opts: SlackMembershipOptions = {}): MembershipResolver {
  const ttlMs = opts.ttlMs ?? 60_000;
  const now = opts.now ?? Date.now;
  const cache = new Map<string, { at: number; members: Promise<Set<string>> }>();

  function membersOf(group: string): Promise<Set<string>> {
    const hit = cache.get(group);
    if (hit && now() - hit.at < ttlMs) return hit.members;
    // One call per group however many approvals ask at once; a failed call is not cached.
    const members = list(api, group).catch((e: unknown) => {
      if (cache.get(group)?.members === members) cache.delete(group);
      throw e;
    });
    cache.set(group, { at: now(), members });
    return members;
  }

  return {
    async memberOf(actor, groups) {
      const user = SLACK_USER.exec(actor)?.[1];
      if (!user) return [];
      const slackGroups = groups.filter((g) => SLACK_GROUP.test(g));
      const answers = await Promise.all(slackGroups.map(async (g) => ((await membersOf(SLACK_GROUP.exec(g)![1]!)).has(user) ? g : undefined)));
      return answers.filter((g): g is string => g !== undefined);
    },
  };
}

async function list(api: UsergroupsApi, usergroup: string): Promise<Set<string>> {
  let res: Awaited<ReturnType<UsergroupsApi['usergroups']['users']['list']>>;
  try {
    res = await api.usergroups.users.list({ usergroup });
  } catch (e) {
    // A group policy.yml names that Slack does not have (deleted, or another workspace's) has
    // no members: nobody gets rights through it, and everyone else's commands still work.
    // Anything else (no scope, Slack down) stays a fault: a refusal must not hide an outage.
    if ((e as { data?: { error?: string } }).data?.error === 'no_such_subteam') return new Set();
    throw new Error(`Slack usergroups.users.list for ${usergroup} failed (${e instanceof Error ? e.message : String(e)}): check the bot token has the usergroups:read scope and that Slack is reachable`, { cause: e });
  }
  if (res.ok === false || !Array.isArray(res.users)) {
    throw new Error(`Slack usergroups.users.list for ${usergroup} answered ${res.error ?? 'without a member list'}: check the bot token has the usergroups:read scope and that the group exists`);
  }
  return new Set(res.users);
}
