import type { Principal, UserPrincipal } from './policy.js';

/**
 * Identities as written in policy.yml and carried by actors: `slack:U012ABC`,
 * `github:octocat#583231`, `slack-group:S0123ABC`, `github-team:acme/sre`, or a bare name
 * of a person or group defined in the policy.
 */

const SLACK_USER = /^slack:([UW][A-Z0-9]{2,})$/;
const GITHUB_USER = /^github:([A-Za-z0-9](?:[A-Za-z0-9-]{0,38}))#([1-9][0-9]{0,15})$/;
const SLACK_GROUP = /^slack-group:(S[A-Z0-9]{2,})$/;
const GITHUB_TEAM = /^github-team:([A-Za-z0-9](?:[A-Za-z0-9-]{0,38}))\/([A-Za-z0-9][A-Za-z0-9_.-]{0,99})$/;
export const POLICY_NAME = /^[a-z][a-z0-9_.-]{0,62}$/;

/** What each written form looks like, for messages. */
export const PRINCIPAL_FORMS = 'slack:U012ABC, github:login#123456, slack-group:S0123ABC, github-team:org/team, or a person or group name';

/**
 * Parses one identity; undefined when it matches none of the forms.
 *
 * @example parsePrincipal('github:octocat#583231') // { kind: 'github-user', login: 'octocat', id: 583231 }
 */
export function parsePrincipal(s: string): Principal | undefined {
  let m = SLACK_USER.exec(s);
  if (m) return { kind: 'slack-user', id: m[1] as string };
  m = GITHUB_USER.exec(s);
  if (m) return { kind: 'github-user', login: m[1] as string, id: Number(m[2]) };
  m = SLACK_GROUP.exec(s);
  if (m) return { kind: 'slack-group', id: m[1] as string };
  m = GITHUB_TEAM.exec(s);
  if (m) return { kind: 'github-team', org: (m[1] as string).toLowerCase(), team: (m[2] as string).toLowerCase() };
  if (POLICY_NAME.test(s)) return { kind: 'group', name: s };
  return undefined;
}

/**
 * The user identity an actor string names (what doors pass as `actor`), or undefined.
 *
 * @example parseUser('slack:U012ABC') // { kind: 'slack-user', id: 'U012ABC' }
 */
export function parseUser(actor: string): UserPrincipal | undefined {
  const p = parsePrincipal(actor);
  return p && (p.kind === 'slack-user' || p.kind === 'github-user') ? p : undefined;
}

/**
 * The canonical written form.
 *
 * @example formatPrincipal({ kind: 'github-team', org: 'acme', team: 'sre' }) // 'github-team:acme/sre'
 */
export function formatPrincipal(p: Principal): string {
  switch (p.kind) {
    case 'slack-user':
      return `slack:${p.id}`;
    case 'github-user':
      return `github:${p.login}#${p.id}`;
    case 'slack-group':
      return `slack-group:${p.id}`;
    case 'github-team':
      return `github-team:${p.org}/${p.team}`;
    case 'person':
    case 'group':
      return p.name;
  }
}

/** Whether two user identities are the same account (GitHub: the same numeric id, whatever the login). */
export function sameUser(a: UserPrincipal, b: UserPrincipal): boolean {
  if (a.kind === 'slack-user' && b.kind === 'slack-user') return a.id === b.id;
  if (a.kind === 'github-user' && b.kind === 'github-user') return a.id === b.id;
  return false;
}
