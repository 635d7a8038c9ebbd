/**
 * A GitHub account as policy.yml names it: `github:login#id`. The numeric id is what the policy
 * matches, so a renamed login keeps its rights.
 *
 * @example githubActor({ login: 'alice-ops', id: 583231 }) // 'github:alice-ops#583231'
 */
export function githubActor(user: { login: string; id: number }): string {
  return `github:${user.login}#${user.id}`;
}

/**
 * Who approved a pull request, as policy.yml names them: each reviewer's standing review is
 * APPROVED and was given on the head commit (a review of an older commit approved another plan).
 *
 * @example approversOf(await github.reviews(7), pr.headSha) // ['github:bobsre#1047754']
 */
export function approversOf(reviews: readonly { login: string; id: number; state: string; commitId: string | null }[], headSha: string): string[] {
  return reviews.filter((r) => r.state === 'APPROVED' && r.commitId === headSha).map(githubActor);
}
