import { getOctokit } from '@actions/github';
import { afterEach, describe, expect, it } from 'vitest';
import { definitionsSnapshot, githubFileTree } from '../../../bot/github/github-file-tree.js';
import type { GitHubRequest } from '../../../bot/github/github-request.js';
import { loadDefinitions, loadDefinitionsFrom } from '../../../src/definitions/index.js';
import { startFakeGitHub, type FakeGitHub, type FakeGitHubSeed } from '../../support/fake-github.js';
import { EXAMPLE_FLEET, readTree } from '../../definitions/fixture-tree.js';

const owner = 'acme';
const repo = 'fleet';
const FILES = readTree(EXAMPLE_FLEET);
const WEB_FILE = 'environments/prod/web.yml';

let gh: FakeGitHub | undefined;
afterEach(async () => {
  await gh?.close();
  gh = undefined;
});

/** The fake with the example fleet on main, and the real Octokit's `request` (what probot hands the bot). */
async function start(seed: FakeGitHubSeed = {}): Promise<{ gh: FakeGitHub; request: GitHubRequest }> {
  gh = await startFakeGitHub({ files: FILES, ...seed });
  const request: GitHubRequest = getOctokit('ghs_testtoken', { baseUrl: gh.url }).request;
  return { gh, request };
}

const routes = (g: FakeGitHub): (string | undefined)[] => g.requests.map((r) => r.route);
const count = (g: FakeGitHub, route: string): number => routes(g).filter((r) => r === route).length;
const TREES = 'GET /repos/{owner}/{repo}/git/trees/{tree_sha}';
const BLOBS = 'GET /repos/{owner}/{repo}/git/blobs/{file_sha}';
const BRANCH = 'GET /repos/{owner}/{repo}/branches/{+branch}';

describe('githubFileTree', () => {
  it('loads the same definitions as the directory, with one tree listing and one blob per file read', async () => {
    const { gh, request } = await start();
    const tree = githubFileTree(request, { owner, repo, ref: 'main' });
    const fromGitHub = await loadDefinitionsFrom(tree, 'acme/fleet@main');
    const fromDisk = await loadDefinitions(EXAMPLE_FLEET);
    if (!fromGitHub.ok || !fromDisk.ok) throw new Error('example fleet does not load');
    expect(fromGitHub.definitions.resources).toEqual(fromDisk.definitions.resources);

    expect(count(gh, TREES)).toBe(1);
    const yaml = Object.keys(FILES).filter((f) => f.startsWith('environments/') && /\.ya?ml$/.test(f));
    expect(count(gh, BLOBS)).toBe(yaml.length);
    expect(gh.unexpected()).toEqual([]);

    // Read again: nothing more is asked.
    await loadDefinitionsFrom(tree, 'acme/fleet@main');
    expect(gh.requests).toHaveLength(1 + yaml.length);
  });

  it('answers like a directory for what is not there', async () => {
    const { request } = await start();
    const tree = githubFileTree(request, { owner, repo, ref: 'main' });
    expect(await tree.list('environments/nope')).toBeUndefined();
    expect(await tree.list(WEB_FILE)).toBeUndefined();
    expect(await tree.list('environments/')).toEqual(expect.arrayContaining([{ name: 'prod', isDirectory: true }]));
    expect(await tree.read('environments/prod/nope.yml').catch((e: NodeJS.ErrnoException) => e.code)).toBe('ENOENT');
    expect(await tree.read(WEB_FILE)).toBe(FILES[WEB_FILE]);
  });

  it('walks a tree GitHub lists only in part (truncated) a directory at a time', async () => {
    const { gh, request } = await start({ treeLimit: 5 });
    const tree = githubFileTree(request, { owner, repo, ref: 'main' });
    const result = await loadDefinitionsFrom(tree, 'acme/fleet@main');
    const fromDisk = await loadDefinitions(EXAMPLE_FLEET);
    if (!result.ok || !fromDisk.ok) throw new Error('example fleet does not load');
    expect(result.definitions.resources).toEqual(fromDisk.definitions.resources);
    // The cut recursive listing, the root, environments/, then one per environment.
    const envs = new Set(Object.keys(FILES).filter((f) => f.startsWith('environments/')).map((f) => f.split('/')[1])).size;
    expect(count(gh, TREES)).toBe(3 + envs);
    expect(gh.requests.find((r) => r.route === TREES)?.query).toEqual({ recursive: '1' });
  });
});

describe('definitionsSnapshot', () => {
  it('reads the default branch once per tree sha, and only the changed files after a push', async () => {
    const { gh, request } = await start({ defaultBranch: 'trunk' });
    const defs = definitionsSnapshot(request, { owner, repo });
    const first = await defs.current();
    expect(first.branch).toBe('trunk');
    await loadDefinitionsFrom(first.tree, 'acme/fleet');
    const blobsRead = count(gh, BLOBS);

    const again = await defs.current();
    expect(again.tree).toBe(first.tree);
    await loadDefinitionsFrom(again.tree, 'acme/fleet');
    expect(count(gh, TREES)).toBe(1);
    expect(count(gh, BLOBS)).toBe(blobsRead);

    // A commit that changes nothing keeps the tree; one that edits a file makes a new one.
    gh.commit('trunk', {}, 'Empty commit');
    const empty = await defs.current();
    expect(empty.tree).toBe(first.tree);
    expect(empty.commit).not.toBe(first.commit);

    gh.commit('trunk', { [WEB_FILE]: (FILES[WEB_FILE] ?? '').replace('max_size: 5', 'max_size: 7') }, 'Bigger web');
    const moved = await defs.current();
    expect(moved.tree).not.toBe(first.tree);
    const result = await loadDefinitionsFrom(moved.tree, 'acme/fleet');
    expect(result.ok && result.definitions.resources.find((r) => r.env === 'prod' && r.name === 'web')).toMatchObject({ maxSize: 7 });
    expect(count(gh, TREES)).toBe(2);
    expect(count(gh, BLOBS)).toBe(blobsRead + 1);
    expect(count(gh, 'GET /repos/{owner}/{repo}')).toBe(1);
    expect(count(gh, BRANCH)).toBe(4);
  });
});
