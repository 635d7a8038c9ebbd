/**
 * A GitHub account as policy.yml names it: `github:login#id`. The numeric id is what the policy
 * matches, so a renamed login keeps its rights.
 *
 * @example githubActor({ login: 'alice-ops', id: 583231 }) // 'github:alice-ops#583231'
 */
export function githubActor(user: { login: string; id: number }): string {
  return `github:${user.login}#${user.id}`;
}
