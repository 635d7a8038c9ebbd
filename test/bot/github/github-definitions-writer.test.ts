import { getOctokit } from '@actions/github';
import { afterEach, describe, expect, it } from 'vitest';
import { gitBlobSha, githubDefinitionsWriter } from '../../../bot/github/github-definitions-writer.js';
import { definitionsSnapshot } from '../../../bot/github/github-file-tree.js';
import type { GitHubRequest } from '../../../bot/github/github-request.js';
import { editResourceFields, type DefinitionsChange, type FileEdit } from '../../../src/definitions/index.js';
import { startFakeGitHub, type FakeGitHub, type FakeGitHubSeed } from '../../support/fake-github.js';
import { EXAMPLE_FLEET, readTree } from '../../definitions/fixture-tree.js';

const owner = 'acme';
const repo = 'fleet';
const FILES = readTree(EXAMPLE_FLEET);
const WEB = { env: 'prod', kind: 'autoscaling-group', name: 'web' } as const;
const WEB_FILE = 'environments/prod/web.yml';
const SCALE = [
  { path: ['min_size'], value: 2 },
  { path: ['max_size'], value: 6 },
  { path: ['desired_capacity'], value: 4 },
];

let gh: FakeGitHub | undefined;
afterEach(async () => {
  await gh?.close();
  gh = undefined;
});

async function start(seed: FakeGitHubSeed = {}): Promise<{ gh: FakeGitHub; request: GitHubRequest; edits: FileEdit[] }> {
  gh = await startFakeGitHub({ files: FILES, ...seed });
  const request: GitHubRequest = getOctokit('ghs_testtoken', { baseUrl: gh.url }).request;
  const { tree } = await definitionsSnapshot(request, { owner, repo }).current();
  const edits = await editResourceFields(tree, WEB, SCALE);
  gh.requests.length = 0;
  return { gh, request, edits };
}

const change = (edits: FileEdit[], over: Partial<DefinitionsChange> = {}): DefinitionsChange => ({
  edits,
  title: 'qm: scale prod/web min=2 max=6 desired=4',
  body: 'Applied from slack by Quartermaster (req-1).\n\n- Asked by: slack:U078PQRST\n- Approved by: slack:U012ABCDE',
  labels: ['qm-applied'],
  branch: 'qm/req-1',
  autoMerge: false,
  ...over,
});

const routes = (g: FakeGitHub): (string | undefined)[] => g.requests.map((r) => r.route);

describe('gitBlobSha', () => {
  it.each([
    ['', 'e69de29bb2d1d6434b8b29ae775ad8c2e48c5391'],
    ['hello\n', 'ce013625030ba8dba906f756967f9e9ca394464a'],
  ])('names %j as git does', (text, sha) => {
    expect(gitBlobSha(text)).toBe(sha);
  });
});

describe('githubDefinitionsWriter', () => {
  it('opens a pull request whose commit is exactly the YAML edit, labelled, on top of main', async () => {
    const { gh, request, edits } = await start();
    const mainBefore = gh.state.git.refs.get('heads/main');
    const out = await githubDefinitionsWriter(request, { owner, repo, base: 'main' }).write(change(edits));

    expect(out).toEqual({ kind: 'pull-request', url: 'https://github.com/acme/fleet/pull/1', number: 1, branch: 'qm/req-1' });
    const [edit] = edits;
    expect(gh.filesAt('qm/req-1')).toEqual({ ...FILES, [WEB_FILE]: edit?.after });
    expect(gh.filesAt('main')).toEqual(FILES);
    expect(gh.state.git.refs.get('heads/main')).toBe(mainBefore);

    const pull = gh.state.pulls.get(1);
    expect(pull).toMatchObject({ title: 'qm: scale prod/web min=2 max=6 desired=4', body: expect.stringContaining('Approved by: slack:U012ABCDE'), labels: ['qm-applied'], base: { ref: 'main', sha: mainBefore }, auto_merge: null });
    expect(pull?.files).toEqual([{ filename: WEB_FILE, status: 'modified', additions: 2, deletions: 1 }]);
    const commit = gh.state.git.objects.get(pull?.head.sha ?? '');
    expect(commit).toMatchObject({ type: 'commit', parents: [mainBefore], message: expect.stringMatching(/^qm: scale prod\/web min=2 max=6 desired=4\n\nApplied from slack/) });

    expect(routes(gh)).toEqual([
      'GET /repos/{owner}/{repo}/branches/{+branch}',
      'GET /repos/{owner}/{repo}/git/trees/{tree_sha}',
      'POST /repos/{owner}/{repo}/git/blobs',
      'POST /repos/{owner}/{repo}/git/trees',
      'POST /repos/{owner}/{repo}/git/commits',
      'POST /repos/{owner}/{repo}/git/refs',
      'POST /repos/{owner}/{repo}/pulls',
      'POST /repos/{owner}/{repo}/issues/{issue_number}/labels',
    ]);
    // The edited file's blob is checked by its sha, never downloaded.
    expect(routes(gh)).not.toContain('GET /repos/{owner}/{repo}/git/blobs/{file_sha}');
  });

  it('enables auto-merge through GraphQL when asked', async () => {
    const { gh, request, edits } = await start();
    const out = await githubDefinitionsWriter(request, { owner, repo, base: 'main', mergeMethod: 'SQUASH' }).write(change(edits, { autoMerge: true }));
    expect(out).toMatchObject({ kind: 'pull-request', number: 1, autoMerge: 'enabled' });
    expect(gh.state.pulls.get(1)?.auto_merge).toMatchObject({ merge_method: 'SQUASH' });
    const graphql = gh.requests.find((r) => r.route === 'POST /graphql');
    expect(graphql?.body).toMatchObject({ query: expect.stringContaining('enablePullRequestAutoMerge'), variables: { mergeMethod: 'SQUASH' } });
  });

  it('still opens the pull request when auto-merge cannot be enabled, and says why', async () => {
    const { gh, request, edits } = await start({ allowAutoMerge: false });
    const out = await githubDefinitionsWriter(request, { owner, repo, base: 'main' }).write(change(edits, { autoMerge: true }));
    expect(out).toMatchObject({ kind: 'pull-request', number: 1, autoMerge: 'failed', autoMergeError: 'Pull request Auto merge is not allowed for this repository' });
    expect(gh.state.pulls.get(1)).toMatchObject({ state: 'open', labels: ['qm-applied'], auto_merge: null });
  });

  it('refuses, creating nothing, when the file was edited on main meanwhile', async () => {
    const { gh, request, edits } = await start();
    gh.commit('main', { [WEB_FILE]: `${FILES[WEB_FILE]}# a hand edit\n` }, 'Edit by hand');
    const out = await githubDefinitionsWriter(request, { owner, repo, base: 'main' }).write(change(edits));
    expect(out).toEqual({
      kind: 'refused',
      files: [WEB_FILE],
      reason: `${WEB_FILE} changed in acme/fleet@main since the edit was made (someone edited it meanwhile); nothing was written: make the edit again from the current definitions`,
    });
    expect([...gh.state.git.refs.keys()]).toEqual(['heads/main']);
    expect(gh.state.pulls.size).toBe(0);
    expect(routes(gh).filter((r) => r?.startsWith('POST'))).toEqual([]);
  });

  it('builds on the newest main, keeping what others changed in other files', async () => {
    const { gh, request, edits } = await start();
    const moved = gh.commit('main', { 'environments/prod/notes.txt': 'other work\n' }, 'Other work');
    await githubDefinitionsWriter(request, { owner, repo, base: 'main' }).write(change(edits));
    expect(gh.state.pulls.get(1)?.base.sha).toBe(moved);
    expect(gh.state.pulls.get(1)?.files.map((f) => f.filename)).toEqual([WEB_FILE]);
    expect(gh.filesAt('qm/req-1')['environments/prod/notes.txt']).toBe('other work\n');
  });

  it('answers the same pull request when the same change is written again', async () => {
    const { gh, request, edits } = await start();
    const writer = githubDefinitionsWriter(request, { owner, repo, base: 'main' });
    const first = await writer.write(change(edits));
    const second = await writer.write(change(edits));
    expect(second).toEqual(first);
    expect(gh.state.pulls.size).toBe(1);
    expect(gh.state.pulls.get(1)?.labels).toEqual(['qm-applied']);
  });

  it('finishes the job when a first attempt stopped between its branch and its pull request', async () => {
    const { gh, request, edits } = await start();
    const writer = githubDefinitionsWriter(request, { owner, repo, base: 'main' });
    gh.fail({ method: 'POST', path: '/repos/acme/fleet/pulls', status: 502, message: 'Server Error' });
    await expect(writer.write(change(edits))).rejects.toMatchObject({ status: 502 });
    expect(gh.state.git.refs.has('heads/qm/req-1')).toBe(true);

    gh.commit('main', { 'README.md': 'moved on\n' }, 'Meanwhile');
    const out = await writer.write(change(edits));
    expect(out).toMatchObject({ kind: 'pull-request', number: 1 });
    expect(gh.state.pulls.get(1)?.files.map((f) => f.filename)).toEqual([WEB_FILE]);
    expect(routes(gh)).toContain('PATCH /repos/{owner}/{repo}/git/refs/{+ref}');
  });

  it('refuses a branch name someone else already uses', async () => {
    const { gh, request, edits } = await start();
    gh.commit('qm/req-1', { 'x.txt': 'mine\n' }, 'Not yours');
    const out = await githubDefinitionsWriter(request, { owner, repo, base: 'main' }).write(change(edits));
    expect(out).toMatchObject({ kind: 'refused', files: [WEB_FILE], reason: expect.stringContaining('branch qm/req-1 already exists in acme/fleet with other commits') });
    expect(gh.filesAt('qm/req-1')).toEqual({ 'x.txt': 'mine\n' });
    expect(gh.state.pulls.size).toBe(0);
  });

  it('answers unchanged without a call when there is nothing to write', async () => {
    const { gh, request } = await start();
    expect(await githubDefinitionsWriter(request, { owner, repo, base: 'main' }).write(change([]))).toEqual({ kind: 'unchanged' });
    expect(gh.requests).toEqual([]);
  });

  it('answers unchanged when main already holds the edit and no pull request of ours made it', async () => {
    const { gh, request, edits } = await start();
    gh.commit('main', { [WEB_FILE]: edits[0]?.after ?? '' }, 'Same edit by hand');
    expect(await githubDefinitionsWriter(request, { owner, repo, base: 'main' }).write(change(edits))).toEqual({ kind: 'unchanged' });
  });
});
