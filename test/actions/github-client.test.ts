import { afterEach, describe, expect, it } from 'vitest';
import { createGitHubClient, GitHubApiError, latestReviews, truncate } from '../../actions/shared/github-client.js';
import type { GitHubClient } from '../../actions/shared/github-client.js';
import { fakeSha, startFakeGitHub } from '../support/fake-github.js';
import type { FakeGitHub, FakeGitHubSeed } from '../support/fake-github.js';

const TOKEN = 'ghs_SecretToken1234567890abcdef';
const MARKER = '<!-- quartermaster:plan -->';
const ALICE = { login: 'alice-ops', id: 583231 };
const BOB = { login: 'bob-sre', id: 700001 };
const DAVE = { login: 'davedev', id: 3318842 };
const BOT = { login: 'github-actions[bot]', id: 41898282, type: 'Bot' as const };

let gh: FakeGitHub | undefined;
const closed = (): void => void (gh = undefined);
afterEach(async () => {
  await gh?.close();
  gh = undefined;
});

async function start(seed: FakeGitHubSeed = {}): Promise<{ gh: FakeGitHub; client: GitHubClient }> {
  gh = await startFakeGitHub(seed);
  return { gh, client: createGitHubClient({ token: TOKEN, apiUrl: gh.url, owner: 'acme', repo: 'fleet' }) };
}

async function failure(p: Promise<unknown>): Promise<GitHubApiError> {
  const e = await p.then(
    () => undefined,
    (x: unknown) => x,
  );
  expect(e).toBeInstanceOf(GitHubApiError);
  return e as GitHubApiError;
}

describe('changedFiles', () => {
  it('reads every page and gives both names of a rename', async () => {
    const files = Array.from({ length: 230 }, (_, i) => `environments/e${i}/web.yml`);
    const { gh, client } = await start({ pulls: [{ number: 7, files: [...files, { filename: 'environments/prod/api.yml', previous_filename: 'environments/staging/api.yml' }] }] });
    const changed = await client.changedFiles(7);
    expect([...changed]).toEqual([...files, 'environments/prod/api.yml', 'environments/staging/api.yml']);
    expect(changed.truncated).toBe(false);
    expect(gh.requests.filter((r) => r.route?.endsWith('/files'))).toHaveLength(3);
  });

  it('says when GitHub cut the list at 3,000 files', async () => {
    const { client } = await start({ pulls: [{ number: 1, files: Array.from({ length: 3001 }, (_, i) => `f${i}`) }, { number: 2, files: Array.from({ length: 3000 }, (_, i) => `f${i}`) }] });
    expect((await client.changedFiles(1)).truncated).toBe(true);
    expect((await client.changedFiles(2)).truncated).toBe(false);
  });
});

describe('sticky comments', () => {
  it('creates the comment once, then updates it in place', async () => {
    const { gh, client } = await start({ pulls: [{ number: 7 }], comments: [{ issue_number: 7, body: 'LGTM', user: ALICE }] });
    const first = await client.upsertComment(7, MARKER, `plan v1\n${MARKER}`, 'update');
    expect(first).toMatchObject({ created: true, url: `https://github.com/acme/fleet/pull/7#issuecomment-${first.id}` });
    const second = await client.upsertComment(7, MARKER, `plan v2\n${MARKER}`, 'update');
    expect(second).toEqual({ ...first, created: false });
    expect(gh.commentsOn(7).map((c) => c.body)).toEqual(['LGTM', `plan v2\n${MARKER}`]);
    expect(gh.requests.map((r) => r.route)).toEqual([
      'GET /repos/{owner}/{repo}/issues/{issue_number}/comments',
      'POST /repos/{owner}/{repo}/issues/{issue_number}/comments',
      'GET /repos/{owner}/{repo}/issues/{issue_number}/comments',
      'PATCH /repos/{owner}/{repo}/issues/comments/{comment_id}',
    ]);
  });

  it('in new mode posts another, and the newest is the one found afterwards', async () => {
    const { gh, client } = await start({ pulls: [{ number: 7 }] });
    const a = await client.upsertComment(7, MARKER, 'v1', 'new');
    const b = await client.upsertComment(7, MARKER, 'v2', 'new');
    expect(a.created && b.created && a.id !== b.id).toBe(true);
    // The marker was added to bodies that lacked it, so they are found again.
    expect(gh.commentsOn(7).map((c) => c.body)).toEqual([`v1\n${MARKER}`, `v2\n${MARKER}`]);
    expect((await client.findComment(7, MARKER))?.id).toBe(b.id);
    const c = await client.upsertComment(7, MARKER, 'v3', 'update');
    expect(c).toEqual({ ...b, created: false });
  });

  it('finds the marker across pages and only by the authors named', async () => {
    const others = Array.from({ length: 150 }, (_, i) => ({ issue_number: 7, body: `chatter ${i}`, user: DAVE }));
    const { client } = await start({
      pulls: [{ number: 7 }],
      comments: [{ issue_number: 7, body: `real plan ${MARKER}`, user: BOT }, ...others, { issue_number: 7, body: `forged ${MARKER}`, user: DAVE }],
    });
    expect((await client.findComment(7, MARKER))?.body).toBe(`forged ${MARKER}`);
    const trusted = await client.findComment(7, MARKER, { authors: ['GitHub-Actions[bot]'] });
    expect(trusted).toMatchObject({ body: `real plan ${MARKER}`, user: { login: 'github-actions[bot]', id: 41898282 } });
    expect(await client.findComment(7, '<!-- other -->')).toBeUndefined();
  });

  it('turns GitHub\'s 422 for an oversize body into an error naming the endpoint', async () => {
    const { client } = await start({ pulls: [{ number: 7 }] });
    const e = await failure(client.upsertComment(7, MARKER, 'x'.repeat(70_000), 'update'));
    expect(e.status).toBe(422);
    expect(e.endpoint).toBe('POST /repos/acme/fleet/issues/7/comments');
    expect(e.message).toBe(
      'GitHub API POST /repos/acme/fleet/issues/7/comments answered 422 Validation Failed: body is too long (maximum is 65536 characters). GitHub refused the request as sent',
    );
  });
});

describe('reviews', () => {
  const r = (id: number, user: { login: string; id: number } | null, state: string, at: string | null = `2026-01-05T10:00:${String(id).padStart(2, '0')}Z`) => ({ id, user, state, submitted_at: at, commit_id: 'c' });

  it.each([
    ['a later COMMENTED keeps an approval', [r(1, ALICE, 'APPROVED'), r(2, ALICE, 'COMMENTED')], [['alice-ops', 'APPROVED']]],
    ['a later COMMENTED keeps a change request', [r(1, ALICE, 'CHANGES_REQUESTED'), r(2, ALICE, 'COMMENTED')], [['alice-ops', 'CHANGES_REQUESTED']]],
    ['a later approval replaces a change request', [r(1, ALICE, 'CHANGES_REQUESTED'), r(2, ALICE, 'APPROVED')], [['alice-ops', 'APPROVED']]],
    ['a dismissed approval counts as dismissed', [r(1, ALICE, 'DISMISSED')], [['alice-ops', 'DISMISSED']]],
    ['an approval after a dismissal stands', [r(1, ALICE, 'DISMISSED'), r(2, ALICE, 'APPROVED')], [['alice-ops', 'APPROVED']]],
    ['a dismissal after an approval wins', [r(1, ALICE, 'APPROVED'), r(2, ALICE, 'DISMISSED')], [['alice-ops', 'DISMISSED']]],
    ['only comments stay COMMENTED', [r(1, ALICE, 'COMMENTED'), r(2, ALICE, 'COMMENTED')], [['alice-ops', 'COMMENTED']]],
    ['pending reviews and deleted users are skipped', [r(1, ALICE, 'PENDING', null), r(2, null, 'APPROVED')], []],
    ['reviewers are people by id, whatever their login then', [r(1, ALICE, 'APPROVED'), r(2, { login: 'alice-renamed', id: ALICE.id }, 'CHANGES_REQUESTED'), r(3, BOB, 'APPROVED')], [['alice-renamed', 'CHANGES_REQUESTED'], ['bob-sre', 'APPROVED']]],
  ])('%s', (_name, reviews, expected) => {
    expect(latestReviews(reviews).map((x) => [x.login, x.state])).toEqual(expected);
  });

  it('reads every page from the API with ids, times and commits', async () => {
    const head = fakeSha('head-9');
    const noise = Array.from({ length: 120 }, () => ({ user: BOB, state: 'COMMENTED' as const }));
    const { client } = await start({ pulls: [{ number: 9, head: { sha: head }, reviews: [{ user: ALICE, state: 'APPROVED', commit_id: fakeSha('old') }, ...noise, { user: DAVE, state: 'PENDING' }] }] });
    const reviews = await client.reviews(9);
    expect(reviews).toEqual([
      { login: 'alice-ops', id: 583231, state: 'APPROVED', submittedAt: expect.stringMatching(/^2026-01-05T09:\d\d:\d\dZ$/), commitId: fakeSha('old') },
      { login: 'bob-sre', id: 700001, state: 'COMMENTED', submittedAt: expect.any(String), commitId: head },
    ]);
  });
});

describe('pull requests', () => {
  it('reads one PR', async () => {
    const { client } = await start({ pulls: [{ number: 7, title: 'Bigger web', user: DAVE, head: { sha: fakeSha('h') }, base: { ref: 'main' } }] });
    expect(await client.pullRequest(7)).toEqual({
      number: 7,
      title: 'Bigger web',
      htmlUrl: 'https://github.com/acme/fleet/pull/7',
      state: 'open',
      user: { login: 'davedev', id: 3318842 },
      headSha: fakeSha('h'),
      baseRef: 'main',
      merged: false,
      mergedAt: null,
      mergeCommitSha: expect.stringMatching(/^[0-9a-f]{40}$/),
    });
  });

  it('finds the PR a push merged: the one whose merge commit it is, else the first merged', async () => {
    const sha = fakeSha('main-tip');
    const { gh, client } = await start({
      pulls: [
        { number: 3, head: { sha }, merge_commit_sha: fakeSha('m3') },
        { number: 4, merged_at: '2026-01-05T08:00:00Z', merge_commit_sha: fakeSha('m4') },
        { number: 5, merged_at: '2026-01-05T08:30:00Z', merge_commit_sha: sha },
      ],
      commitPulls: { [sha]: [4] },
    });
    expect(await client.pullsForCommit(sha)).toMatchObject({ number: 5, merged: true, mergeCommitSha: sha });
    gh.state.commitPulls.set(fakeSha('rebased'), [4, 3]);
    expect(await client.pullsForCommit(fakeSha('rebased'))).toMatchObject({ number: 4, merged: true });
    expect(await client.pullsForCommit(fakeSha('nothing'))).toBeUndefined();
    // An open PR whose head is the commit was not merged by it.
    gh.state.commitPulls.clear();
    expect(await client.pullsForCommit(fakeSha('m3'))).toBeUndefined();
  });
});

describe('commit statuses', () => {
  it('sets a status, cutting the description to 140 characters', async () => {
    const sha = fakeSha('head');
    const { gh, client } = await start();
    await client.setStatus(sha, { context: 'quartermaster/gate', state: 'pending', description: `needs approval from ${'approvers, '.repeat(20)}`, targetUrl: 'https://github.com/acme/fleet/actions/runs/1' });
    await client.setStatus(sha, { context: 'quartermaster/gate', state: 'success', description: 'approved' });
    const [first, second] = gh.state.statuses;
    expect([...(first?.description ?? '')]).toHaveLength(140);
    expect(first?.description?.endsWith('…')).toBe(true);
    expect(first).toMatchObject({ state: 'pending', target_url: 'https://github.com/acme/fleet/actions/runs/1', context: 'quartermaster/gate', sha });
    expect(second).toMatchObject({ state: 'success', description: 'approved', target_url: null });
  });

  it.each([
    ['short', 10, 'short'],
    ['exactly ten', 11, 'exactly ten'],
    ['needs 1 approval from approvers', 10, 'needs 1 a…'],
    ['🚀🚀🚀🚀', 3, '🚀🚀…'],
  ])('truncate(%j, %i)', (text, max, expected) => {
    expect(truncate(text, max)).toBe(expected);
  });
});

describe('teams and users', () => {
  it('answers membership: active yes, pending and absent no', async () => {
    const { client } = await start({ teams: { 'acme/sre': ['alice-ops', { login: 'bob-sre', state: 'pending' }] } });
    expect(await client.teamMember('acme', 'sre', 'alice-ops')).toBe(true);
    expect(await client.teamMember('acme', 'sre', 'bob-sre')).toBe(false);
    expect(await client.teamMember('acme', 'sre', 'davedev')).toBe(false);
    expect(await client.teamMember('acme', 'nope', 'alice-ops')).toBe(false);
  });

  it('throws on any other failure: an outage must not read as "not a member"', async () => {
    const { gh, client } = await start({ teams: { 'acme/sre': ['alice-ops'] } });
    gh.fail({ path: /\/memberships\//, status: 502, message: 'Server Error' });
    const e = await failure(client.teamMember('acme', 'sre', 'alice-ops'));
    expect(e.message).toBe('GitHub API GET /orgs/acme/teams/sre/memberships/alice-ops answered 502 Server Error. GitHub had a fault: re-run the job');
  });

  it('looks a user up by login', async () => {
    const { client } = await start({ users: [ALICE] });
    expect(await client.user('Alice-Ops')).toEqual({ login: 'alice-ops', id: 583231 });
    expect(await client.user('nobody')).toBeUndefined();
  });
});

describe('drift issues', () => {
  it('finds only an open issue with the label and the marker, never a PR, the oldest first', async () => {
    const marker = '<!-- qm-drift:prod -->';
    const { client } = await start({
      pulls: [{ number: 1, labels: ['qm-drift'], body: marker }],
      issues: [
        { number: 2, title: 'old', body: `closed ${marker}`, labels: ['qm-drift'], state: 'closed' },
        { number: 3, title: 'no label', body: marker },
        { number: 4, title: 'staging', body: '<!-- qm-drift:staging -->', labels: ['qm-drift'] },
        { number: 5, title: 'prod', body: `drift ${marker}`, labels: ['qm-drift'] },
        { number: 6, title: 'prod again', body: `drift ${marker}`, labels: ['qm-drift', 'x'] },
      ],
    });
    expect(await client.findIssue('qm-drift', marker)).toMatchObject({ number: 5, title: 'prod', state: 'open', labels: ['qm-drift'], htmlUrl: 'https://github.com/acme/fleet/issues/5' });
    expect(await client.findIssue('qm-drift', '<!-- qm-drift:dev -->')).toBeUndefined();
  });

  it('creates, updates, comments on and closes an issue', async () => {
    const { gh, client } = await start();
    const made = await client.createIssue({ title: 'Drift in prod', body: 'web: t3.small -> t3.large <!-- qm-drift:prod -->', labels: ['qm-drift'] });
    expect(made).toMatchObject({ number: 1, state: 'open', labels: ['qm-drift'] });
    expect(await client.findIssue('qm-drift', '<!-- qm-drift:prod -->')).toMatchObject({ number: 1 });
    await client.updateIssue(1, { body: 'still drifting <!-- qm-drift:prod -->' });
    const c = await client.comment(1, 'Drift is gone.');
    expect(c.url).toBe(`https://github.com/acme/fleet/issues/1#issuecomment-${c.id}`);
    expect(await client.updateIssue(1, { state: 'closed' })).toMatchObject({ state: 'closed', body: 'still drifting <!-- qm-drift:prod -->' });
    expect(await client.findIssue('qm-drift', '<!-- qm-drift:prod -->')).toBeUndefined();
    expect(gh.commentsOn(1).map((x) => x.body)).toEqual(['Drift is gone.']);
    expect(gh.unexpected()).toEqual([]);
  });
});

describe('errors', () => {
  it('name the endpoint and status, say what to do, and never carry the token', async () => {
    const { gh, client } = await start({ pulls: [{ number: 7 }] });
    // A server echoing the credential back must not get it into a log through our message.
    gh.fail({ path: '/repos/acme/fleet/pulls/7', status: 403, message: `Resource not accessible by integration (token ${TOKEN})` });
    const e = await failure(client.pullRequest(7));
    expect(e.status).toBe(403);
    expect(e.message).toBe(
      'GitHub API GET /repos/acme/fleet/pulls/7 answered 403 Resource not accessible by integration (token ***). give the job the permissions it needs (pull-requests: write, issues: write, statuses: write) or pass a github-token that has them',
    );
    expect(JSON.stringify({ ...e, message: e.message, stack: e.stack })).not.toContain(TOKEN);
    expect(e.cause).toBeUndefined();
    expect(gh.requests[0]?.authorization).toBe(`token ${TOKEN}`);
  });

  it.each([
    [401, 'Bad credentials', 'check the github-token input'],
    [403, 'API rate limit exceeded for installation', 'wait for the rate limit to reset'],
    [404, 'Not Found', 'check that it exists and that the token can see it'],
  ])('%i %s -> %s', async (status, message, fix) => {
    const { gh, client } = await start({ pulls: [{ number: 7 }] });
    gh.fail({ path: /\/comments$/, status, message });
    const e = await failure(client.findComment(7, MARKER));
    expect(e.message).toContain(`GET /repos/acme/fleet/issues/7/comments answered ${status} ${message}. ${fix}`);
  });

  it('say when GitHub cannot be reached, naming the URL', async () => {
    const { gh } = await start();
    const url = gh.url;
    await gh.close();
    closed();
    const client = createGitHubClient({ token: TOKEN, apiUrl: url, owner: 'acme', repo: 'fleet' });
    const e = await failure(client.pullRequest(1));
    expect(e.status).toBeUndefined();
    expect(e.message).toMatch(new RegExp(`^GitHub API GET /repos/acme/fleet/pulls/1 could not be reached \\(.+\\)\\. check GITHUB_API_URL \\(${url.replace(/\./g, '\\.')}\\)`));
    expect(e.message).not.toContain(TOKEN);
  });

  it('refuse an empty token at once', () => {
    expect(() => createGitHubClient({ token: '', apiUrl: 'http://127.0.0.1:9', owner: 'a', repo: 'b' })).toThrow(/token is empty/);
  });
});
