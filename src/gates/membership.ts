import type { Policy, Principal, UserPrincipal } from './policy.js';
import { formatPrincipal, parsePrincipal, parseUser, sameUser } from './principal.js';

/**
 * Which Slack user groups and GitHub teams an actor belongs to, asked of Slack or GitHub by
 * the door that knows how (bot/slack, bot/github); a static table for tests and the CLI.
 * Asked again at approval time, so a person removed from a team loses their rights at once.
 */
export interface MembershipResolver {
  /**
   * Of `groups` (canonical `slack-group:S0123` / `github-team:org/team`), the ones `actor`
   * belongs to now. Throws on a fault (API down): a refusal must not hide an outage.
   */
  memberOf(actor: string, groups: readonly string[]): Promise<string[]>;
}

/** The answer of a MembershipResolver for one actor: what evaluateGate needs, as data. */
export interface Membership {
  actor: string;
  /** Canonical external group ids the actor belongs to. */
  externalGroups: string[];
}

/**
 * A resolver answering from a fixed table: external group id -> member actor ids.
 * GitHub members match by numeric id, so a renamed login still matches.
 *
 * @example
 * const m = createStaticMembership({ 'github-team:acme/sre': ['github:alice#1001'] });
 * await m.memberOf('github:alice-renamed#1001', ['github-team:acme/sre']) // ['github-team:acme/sre']
 */
export function createStaticMembership(table: Record<string, readonly string[]>): MembershipResolver & { set(group: string, members: readonly string[]): void } {
  const groups = new Map<string, UserPrincipal[]>();
  const set = (group: string, members: readonly string[]): void => {
    const p = parsePrincipal(group);
    const key = p ? formatPrincipal(p) : group;
    groups.set(key, members.map(parseUser).filter((u): u is UserPrincipal => u !== undefined));
  };
  for (const [g, members] of Object.entries(table)) set(g, members);
  return {
    set,
    async memberOf(actor, wanted) {
      const user = parseUser(actor);
      if (!user) return [];
      return wanted.filter((g) => (groups.get(g) ?? []).some((m) => sameUser(m, user)));
    },
  };
}

/** Every Slack user group and GitHub team the policy mentions (what a resolver must be asked about). */
export function externalGroupsOf(policy: Policy): string[] {
  const out = new Set<string>();
  const add = (ps: readonly Principal[]): void => {
    for (const p of ps) if (p.kind === 'slack-group' || p.kind === 'github-team') out.add(formatPrincipal(p));
  };
  for (const g of policy.groups.values()) add(g.members);
  for (const r of policy.permissions) add(r.who);
  return [...out].sort();
}

/**
 * Asks the resolver about exactly the external groups the policy mentions.
 *
 * @example const membership = await resolveMembership(policy, 'slack:U012ABC', slackMembership);
 */
export async function resolveMembership(policy: Policy, actor: string, resolver: MembershipResolver): Promise<Membership> {
  const groups = externalGroupsOf(policy);
  const externalGroups = groups.length === 0 || !parseUser(actor) ? [] : await resolver.memberOf(actor, groups);
  return { actor, externalGroups: [...externalGroups].sort() };
}

/** The name of the person (from `people:`) an actor is, if listed. */
export function personOf(policy: Policy, actor: string): string | undefined {
  const user = parseUser(actor);
  if (!user) return undefined;
  for (const p of policy.people.values()) if (p.ids.some((id) => sameUser(id, user))) return p.name;
  return undefined;
}

/**
 * Whether two actors are the same person: the same account, or two accounts of one person
 * listed in `people:` (a requester cannot approve from their other account).
 */
export function samePerson(policy: Policy, a: string, b: string): boolean {
  if (a === b) return true;
  const ua = parseUser(a);
  const ub = parseUser(b);
  if (ua && ub && sameUser(ua, ub)) return true;
  const pa = personOf(policy, a);
  return pa !== undefined && pa === personOf(policy, b);
}

/**
 * Whether the actor is (or belongs to) the principal, expanding people and named groups.
 *
 * @example matchesPrincipal(policy, { kind: 'group', name: 'sre' }, membership)
 */
export function matchesPrincipal(policy: Policy, p: Principal, membership: Membership, seen = new Set<string>()): boolean {
  const user = parseUser(membership.actor);
  switch (p.kind) {
    case 'slack-user':
    case 'github-user':
      return user !== undefined && sameUser(p, user);
    case 'slack-group':
    case 'github-team':
      return membership.externalGroups.includes(formatPrincipal(p));
    case 'person': {
      const person = policy.people.get(p.name);
      return user !== undefined && person !== undefined && person.ids.some((id) => sameUser(id, user));
    }
    case 'group': {
      // A bare name may be a person or a group (validation keeps the namespaces apart).
      if (policy.people.has(p.name)) return matchesPrincipal(policy, { kind: 'person', name: p.name }, membership, seen);
      const group = policy.groups.get(p.name);
      if (!group || seen.has(p.name)) return false;
      seen.add(p.name);
      return group.members.some((m) => matchesPrincipal(policy, m, membership, seen));
    }
  }
}

/** Whether the actor belongs to the named policy group now. */
export function inGroup(policy: Policy, group: string, membership: Membership): boolean {
  return policy.groups.has(group) && matchesPrincipal(policy, { kind: 'group', name: group }, membership);
}

/** The named policy groups the actor belongs to, sorted. */
export function groupsOf(policy: Policy, membership: Membership): string[] {
  return [...policy.groups.keys()].filter((g) => inGroup(policy, g, membership)).sort();
}
