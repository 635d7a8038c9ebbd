import { getOctokit } from '@actions/github';
import { afterEach, describe, expect, it } from 'vitest';
import { fakeSha, startFakeGitHub } from './fake-github.js';
import type { FakeGitHub } from './fake-github.js';

/** The fake proven with the client the actions use: @actions/github's Octokit, over real HTTP. */

const owner = 'acme';
const repo = 'fleet';
const ALICE = { login: 'alice-ops', id: 583231 };
const DAVE = { login: 'davedev', id: 3318842 };

let gh: FakeGitHub | undefined;
afterEach(async () => {
  await gh?.close();
  gh = undefined;
});

async function start(...args: Parameters<typeof startFakeGitHub>): Promise<{ gh: FakeGitHub; octokit: ReturnType<typeof getOctokit> }> {
  gh = await startFakeGitHub(...args);
  return { gh, octokit: getOctokit('ghs_testtoken', { baseUrl: gh.url }) };
}

describe('fake GitHub REST API', () => {
  it('serves a pull request with the fields the actions read', async () => {
    const { octokit } = await start({ pulls: [{ number: 7, user: DAVE, title: 'Bigger web', merged_at: '2026-01-05T10:00:00Z', merge_commit_sha: fakeSha('m7') }] });
    const { data } = await octokit.rest.pulls.get({ owner, repo, pull_number: 7 });
    expect(data).toMatchObject({
      number: 7,
      title: 'Bigger web',
      user: { login: 'davedev', id: 3318842, type: 'User' },
      merged: true,
      merged_at: '2026-01-05T10:00:00Z',
      merge_commit_sha: fakeSha('m7'),
      state: 'closed',
      base: { ref: 'main' },
      html_url: 'https://github.com/acme/fleet/pull/7',
    });
    expect(data.head.sha).toMatch(/^[0-9a-f]{40}$/);
  });

  it('pages PR files with Link headers to /repositories/{id}, which paginate() follows', async () => {
    const files = Array.from({ length: 205 }, (_, i) => `environments/env${i}/web.yml`);
    const { gh, octokit } = await start({ pulls: [{ number: 3, files: [...files, { filename: 'policy.yml', previous_filename: 'old-policy.yml' }] }] });
    const first = await octokit.rest.pulls.listFiles({ owner, repo, pull_number: 3, per_page: 100 });
    expect(first.data).toHaveLength(100);
    expect(first.headers.link).toContain(`/repositories/${gh.state.repoId}/pulls/3/files?per_page=100&page=2>; rel="next"`);
    expect(first.headers.link).toContain('page=3>; rel="last"');

    const all = await octokit.paginate(octokit.rest.pulls.listFiles, { owner, repo, pull_number: 3, per_page: 100 });
    expect(all.map((f) => f.filename)).toEqual([...files, 'policy.yml']);
    expect(all.at(-1)).toMatchObject({ status: 'renamed', previous_filename: 'old-policy.yml' });
    expect(gh.requests.map((r) => r.route)).toEqual(Array(4).fill('GET /repos/{owner}/{repo}/pulls/{pull_number}/files'));
    expect(gh.unexpected()).toEqual([]);
  });

  it('stops a PR files list at 3,000 entries, as GitHub does', async () => {
    const files = Array.from({ length: 3005 }, (_, i) => `f${i}.yml`);
    const { octokit } = await start({ pulls: [{ number: 1, files }] });
    const all = await octokit.paginate(octokit.rest.pulls.listFiles, { owner, repo, pull_number: 1, per_page: 100 });
    expect(all).toHaveLength(3000);
    expect((await octokit.rest.pulls.get({ owner, repo, pull_number: 1 })).data.changed_files).toBe(3005);
  });

  it('lists reviews in order with state, commit_id and submitted_at', async () => {
    const { gh, octokit } = await start({ pulls: [{ number: 5, reviews: [{ user: ALICE, state: 'COMMENTED' }, { user: ALICE, state: 'APPROVED' }] }] });
    gh.addReview(5, { user: DAVE, state: 'PENDING' });
    const all = await octokit.paginate(octokit.rest.pulls.listReviews, { owner, repo, pull_number: 5, per_page: 1 });
    expect(all.map((r) => [r.user?.login, r.state])).toEqual([
      ['alice-ops', 'COMMENTED'],
      ['alice-ops', 'APPROVED'],
      ['davedev', 'PENDING'],
    ]);
    expect(all[1]).toMatchObject({ commit_id: gh.state.pulls.get(5)?.head.sha, submitted_at: expect.stringMatching(/Z$/) });
    expect(all[2]?.submitted_at).toBeUndefined();
  });

  it('finds the PRs of a merge commit, with merged_at and no merged flag', async () => {
    const sha = fakeSha('merge');
    const { octokit } = await start({ pulls: [{ number: 9, merged_at: '2026-01-05T10:00:00Z', merge_commit_sha: sha }, { number: 10 }] });
    const { data } = await octokit.rest.repos.listPullRequestsAssociatedWithCommit({ owner, repo, commit_sha: sha });
    expect(data.map((p) => [p.number, p.merged_at, p.merge_commit_sha])).toEqual([[9, '2026-01-05T10:00:00Z', sha]]);
    expect(data[0]).not.toHaveProperty('merged');
  });

  it('creates, lists (paginated) and updates issue comments, as the token user', async () => {
    const { gh, octokit } = await start({ pulls: [{ number: 7 }], comments: [{ issue_number: 7, body: 'hello', user: DAVE }] });
    const created = await octokit.rest.issues.createComment({ owner, repo, issue_number: 7, body: 'plan <!-- qm -->' });
    expect(created.status).toBe(201);
    expect(created.data).toMatchObject({ body: 'plan <!-- qm -->', user: { login: 'github-actions[bot]', id: 41898282, type: 'Bot' } });
    expect(created.data.html_url).toBe(`https://github.com/acme/fleet/pull/7#issuecomment-${created.data.id}`);

    const updated = await octokit.rest.issues.updateComment({ owner, repo, comment_id: created.data.id, body: 'plan v2 <!-- qm -->' });
    expect(updated.data.updated_at > updated.data.created_at).toBe(true);

    const all = await octokit.paginate(octokit.rest.issues.listComments, { owner, repo, issue_number: 7, per_page: 1 });
    expect(all.map((c) => c.body)).toEqual(['hello', 'plan v2 <!-- qm -->']);
    expect(gh.commentsOn(7)).toHaveLength(2);
  });

  it('refuses a comment over 65,536 code points with GitHub\'s 422, and accepts exactly 65,536', async () => {
    const { gh, octokit } = await start({ pulls: [{ number: 7 }] });
    // 65,536 astral characters are 131,072 UTF-16 units but only 65,536 characters to GitHub.
    await expect(octokit.rest.issues.createComment({ owner, repo, issue_number: 7, body: '🚀'.repeat(65_536) })).resolves.toMatchObject({ status: 201 });
    const err = await octokit.rest.issues.createComment({ owner, repo, issue_number: 7, body: 'x'.repeat(65_537) }).catch((e: unknown) => e);
    expect(err).toMatchObject({
      status: 422,
      response: {
        data: {
          message: 'Validation Failed',
          errors: [{ resource: 'IssueComment', code: 'custom', field: 'body', message: 'body is too long (maximum is 65536 characters)' }],
        },
      },
    });
    expect(gh.commentsOn(7)).toHaveLength(1);
  });

  it('records commit statuses and lists them newest first', async () => {
    const sha = fakeSha('head');
    const { gh, octokit } = await start();
    await octokit.rest.repos.createCommitStatus({ owner, repo, sha, state: 'pending', context: 'quartermaster/gate', description: 'needs 1 approval' });
    await octokit.rest.repos.createCommitStatus({ owner, repo, sha, state: 'success', context: 'quartermaster/gate', description: 'approved', target_url: 'https://example.test/run/1' });
    const { data } = await octokit.rest.repos.listCommitStatusesForRef({ owner, repo, ref: sha });
    expect(data.map((s) => [s.state, s.description, s.context])).toEqual([
      ['success', 'approved', 'quartermaster/gate'],
      ['pending', 'needs 1 approval', 'quartermaster/gate'],
    ]);
    expect(gh.state.statuses).toHaveLength(2);
    const tooLong = await octokit.rest.repos.createCommitStatus({ owner, repo, sha, state: 'success', description: 'x'.repeat(141) }).catch((e: unknown) => e);
    expect(tooLong).toMatchObject({ status: 422 });
  });

  it('creates, lists by label and state, and closes issues; the list includes PRs, as GitHub\'s does', async () => {
    const { octokit } = await start({ pulls: [{ number: 1, labels: ['qm-drift'] }] });
    const made = await octokit.rest.issues.create({ owner, repo, title: 'Drift in prod', body: 'x <!-- qm-drift:prod -->', labels: ['qm-drift'] });
    expect(made.data).toMatchObject({ number: 2, state: 'open', labels: [{ name: 'qm-drift' }] });
    await octokit.rest.issues.create({ owner, repo, title: 'Unrelated' });

    const open = await octokit.paginate(octokit.rest.issues.listForRepo, { owner, repo, labels: 'qm-drift', state: 'open' });
    expect(open.map((i) => [i.number, Boolean(i.pull_request)])).toEqual([
      [2, false],
      [1, true],
    ]);
    await octokit.rest.issues.update({ owner, repo, issue_number: 2, state: 'closed' });
    const after = await octokit.rest.issues.listForRepo({ owner, repo, labels: 'qm-drift', state: 'closed' });
    expect(after.data.map((i) => [i.number, i.state, i.state_reason])).toEqual([[2, 'closed', 'completed']]);
  });

  it('answers team membership and users', async () => {
    const { octokit } = await start({ users: [ALICE], teams: { 'acme/sre': ['Alice-Ops', { login: 'bob', state: 'pending' }] } });
    const m = await octokit.rest.teams.getMembershipForUserInOrg({ org: 'acme', team_slug: 'sre', username: 'alice-ops' });
    expect(m.data).toMatchObject({ state: 'active', role: 'member' });
    const pending = await octokit.rest.teams.getMembershipForUserInOrg({ org: 'acme', team_slug: 'sre', username: 'bob' });
    expect(pending.data.state).toBe('pending');
    await expect(octokit.rest.teams.getMembershipForUserInOrg({ org: 'acme', team_slug: 'sre', username: 'davedev' })).rejects.toMatchObject({ status: 404 });
    expect((await octokit.rest.users.getByUsername({ username: 'alice-ops' })).data).toMatchObject({ login: 'alice-ops', id: 583231 });
  });

  it('needs an authorization header', async () => {
    const { gh } = await start();
    const res = await fetch(`${gh.url}/users/octocat`);
    expect(res.status).toBe(401);
    expect(await res.json()).toMatchObject({ message: 'Requires authentication' });
  });

  it('answers 404 to routes it does not play, and records them', async () => {
    const { gh, octokit } = await start();
    await expect(octokit.rest.repos.listTags({ owner, repo })).rejects.toMatchObject({ status: 404 });
    await expect(octokit.rest.pulls.get({ owner: 'other', repo: 'repo', pull_number: 1 })).rejects.toMatchObject({ status: 404 });
    expect(gh.unexpected().map((r) => `${r.method} ${r.path}`)).toEqual(['GET /repos/acme/fleet/tags']);
    expect(gh.requests[0]?.authorization).toBe('token ghs_testtoken');
  });

  it('keeps git data under the object ids git itself gives (git write-tree of the same files)', async () => {
    const { gh, octokit } = await start({ files: { 'dir/a.txt': 'hello\n', 'b.txt': 'x' } });
    const { data: branch } = await octokit.rest.repos.getBranch({ owner, repo, branch: 'main' });
    expect(branch.commit.commit.tree.sha).toBe('6d83714d09edebf3534f610143e556c711f49794');
    const { data: tree } = await octokit.rest.git.getTree({ owner, repo, tree_sha: 'main', recursive: '1' });
    expect(tree.tree.map((e) => [e.path, e.type, e.sha])).toEqual([
      ['b.txt', 'blob', 'c1b0730e0133447badcfd47fd144e254807b06e1'],
      ['dir', 'tree', '2e81171448eb9f2ee3821e3d447aa6b2fe3ddba1'],
      ['dir/a.txt', 'blob', 'ce013625030ba8dba906f756967f9e9ca394464a'],
    ]);
    const { data: blob } = await octokit.rest.git.getBlob({ owner, repo, file_sha: 'ce013625030ba8dba906f756967f9e9ca394464a' });
    expect(Buffer.from(blob.content, 'base64').toString('utf8')).toBe('hello\n');

    // A branch, a commit on it, a pull request: the PR's files are the diff of the two trees.
    const { data: newBlob } = await octokit.rest.git.createBlob({ owner, repo, content: 'hello, world\n', encoding: 'utf-8' });
    const { data: newTree } = await octokit.rest.git.createTree({ owner, repo, base_tree: branch.commit.commit.tree.sha, tree: [{ path: 'dir/a.txt', mode: '100644', type: 'blob', sha: newBlob.sha }] });
    const { data: commit } = await octokit.rest.git.createCommit({ owner, repo, message: 'Greet', tree: newTree.sha, parents: [branch.commit.sha] });
    await octokit.rest.git.createRef({ owner, repo, ref: 'refs/heads/greet', sha: commit.sha });
    await expect(octokit.rest.git.createRef({ owner, repo, ref: 'refs/heads/greet', sha: commit.sha })).rejects.toMatchObject({ status: 422, message: expect.stringContaining('Reference already exists') });
    const { data: pull } = await octokit.rest.pulls.create({ owner, repo, title: 'Greet', head: 'greet', base: 'main' });
    expect(gh.state.pulls.get(pull.number)?.files).toEqual([{ filename: 'dir/a.txt', status: 'modified', additions: 1, deletions: 1 }]);
    expect(gh.filesAt('greet')).toEqual({ 'dir/a.txt': 'hello, world\n', 'b.txt': 'x' });
    expect(gh.unexpected()).toEqual([]);
  });

  it('injects failures for the next N matching calls, then recovers', async () => {
    const { gh, octokit } = await start({ pulls: [{ number: 7 }] });
    gh.fail({ method: 'POST', path: /\/issues\/7\/comments$/, status: 500, times: 2 });
    gh.fail({ path: '/repos/acme/fleet/pulls/7', status: 403, message: 'Resource not accessible by integration' });
    await expect(octokit.rest.issues.createComment({ owner, repo, issue_number: 7, body: 'a' })).rejects.toMatchObject({ status: 500 });
    await expect(octokit.rest.issues.createComment({ owner, repo, issue_number: 7, body: 'a' })).rejects.toMatchObject({ status: 500 });
    await expect(octokit.rest.issues.createComment({ owner, repo, issue_number: 7, body: 'a' })).resolves.toMatchObject({ status: 201 });
    await expect(octokit.rest.pulls.get({ owner, repo, pull_number: 7 })).rejects.toMatchObject({ status: 403, message: expect.stringContaining('Resource not accessible by integration') });
    await expect(octokit.rest.pulls.get({ owner, repo, pull_number: 7 })).resolves.toMatchObject({ status: 200 });
    expect(gh.requests.map((r) => r.status)).toEqual([500, 500, 201, 403, 200]);
  });
});
