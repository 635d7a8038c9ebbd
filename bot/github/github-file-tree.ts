import type { FileTree } from '../../src/definitions/file-tree.js';
import type { GitHubRepo, GitHubRequest } from './github-request.js';

/** A file or directory of a git tree, as the trees API lists it. */
export interface GitTreeEntry {
  name: string;
  /** `100644`, `100755`, `120000` (symlink), `040000` (directory), `160000` (submodule). */
  mode: string;
  type: 'blob' | 'tree' | 'commit';
  sha: string;
}

/** A FileTree over one git tree of a GitHub repository, with what a writer needs besides. */
export interface GitHubFileTree extends FileTree {
  /** The tree sha read (`ref` resolved by the first listing). */
  sha(): Promise<string>;
  /** A path's entry (its blob sha and mode), or undefined when there is none. */
  entry(file: string): Promise<GitTreeEntry | undefined>;
  /** Blob texts fetched so far, by blob sha: a later tree of the same repository starts from them. */
  readonly blobs: Map<string, Promise<string>>;
}

interface TreeResponse {
  sha: string;
  truncated?: boolean;
  tree: { path: string; mode: string; type: GitTreeEntry['type']; sha: string }[];
}

/** A non-recursive listing's entries (their paths are their names). */
const entriesOf = (t: TreeResponse): GitTreeEntry[] => t.tree.map((e) => ({ name: e.path, mode: e.mode, type: e.type, sha: e.sha }));

const split = (p: string): { dir: string; name: string } => {
  const clean = p.replace(/^\/+|\/+$/g, '');
  const slash = clean.lastIndexOf('/');
  return slash === -1 ? { dir: '', name: clean } : { dir: clean.slice(0, slash), name: clean.slice(slash + 1) };
};

/**
 * A FileTree over the git tree `ref` names (a tree or commit sha, a branch), read through the
 * API: one recursive trees call lists every file, and a file's blob is fetched when it is read,
 * once per blob sha. A tree too large for one listing (GitHub cuts it and says `truncated`)
 * is walked a directory at a time instead. `reuse` is an earlier tree's `blobs`: files that did
 * not change are not fetched again.
 *
 * @example
 * const tree = githubFileTree(octokit.request, { owner: 'acme', repo: 'fleet', ref: treeSha });
 * const result = await loadDefinitionsFrom(tree, `acme/fleet@${treeSha.slice(0, 7)}`);
 */
export function githubFileTree(request: GitHubRequest, at: GitHubRepo & { ref: string }, options: { reuse?: Map<string, Promise<string>> } = {}): GitHubFileTree {
  const { owner, repo } = at;
  const blobs = new Map<string, Promise<string>>();
  /** Directory path ('' is the root) -> its entries; undefined: no such directory. */
  const dirs = new Map<string, Promise<GitTreeEntry[] | undefined>>();
  let root: Promise<string> | undefined;

  const getTree = async (sha: string, recursive: boolean): Promise<TreeResponse> =>
    (await request('GET /repos/{owner}/{repo}/git/trees/{tree_sha}', { owner, repo, tree_sha: sha, ...(recursive ? { recursive: '1' } : {}) })).data as TreeResponse;

  const load = (): Promise<string> => {
    root ??= (async () => {
      const listing = await getTree(at.ref, true);
      if (listing.truncated) {
        // Only a part is listed: read directories one by one from the root (see listDir).
        dirs.set('', Promise.resolve(entriesOf(await getTree(listing.sha, false))));
        return listing.sha;
      }
      const index = new Map<string, GitTreeEntry[]>([['', []]]);
      for (const e of listing.tree) {
        const { dir, name } = split(e.path);
        const entries = index.get(dir) ?? [];
        entries.push({ name, mode: e.mode, type: e.type, sha: e.sha });
        index.set(dir, entries);
        if (e.type === 'tree' && !index.has(e.path)) index.set(e.path, []);
      }
      for (const [dir, entries] of index) dirs.set(dir, Promise.resolve(entries));
      return listing.sha;
    })();
    // A failed listing is retried by the next call, not remembered.
    root.catch(() => (root = undefined));
    return root;
  };

  const listDir = async (dir: string): Promise<GitTreeEntry[] | undefined> => {
    await load();
    const known = dirs.get(dir);
    if (known || dir === '') return known;
    const { dir: parent, name } = split(dir);
    const entry = (await listDir(parent))?.find((e) => e.name === name && e.type === 'tree');
    if (!entry) return undefined;
    // Complete listings know every directory: reaching here means the listing was truncated.
    const entries = dirs.get(dir) ?? getTree(entry.sha, false).then(entriesOf);
    dirs.set(dir, entries);
    entries.catch(() => dirs.delete(dir));
    return entries;
  };

  const entry = async (file: string): Promise<GitTreeEntry | undefined> => {
    const { dir, name } = split(file);
    return (await listDir(dir))?.find((e) => e.name === name);
  };

  const blob = (sha: string): Promise<string> => {
    const cached = blobs.get(sha) ?? options.reuse?.get(sha);
    if (cached) {
      blobs.set(sha, cached);
      return cached;
    }
    const text = request('GET /repos/{owner}/{repo}/git/blobs/{file_sha}', { owner, repo, file_sha: sha }).then(({ data }) => {
      const { content, encoding } = data as { content: string; encoding: string };
      return encoding === 'base64' ? Buffer.from(content, 'base64').toString('utf8') : content;
    });
    blobs.set(sha, text);
    text.catch(() => blobs.delete(sha));
    return text;
  };

  return {
    blobs,
    sha: load,
    entry,
    async list(dir) {
      const entries = await listDir(dir.replace(/^\/+|\/+$/g, ''));
      return entries?.map((e) => ({ name: e.name, isDirectory: e.type !== 'blob' }));
    },
    async read(file) {
      const e = await entry(file);
      if (e?.type !== 'blob') throw Object.assign(new Error(`no such file in ${owner}/${repo}@${at.ref}: ${file}`), { code: 'ENOENT' });
      return blob(e.sha);
    },
  };
}

/** The definitions at a branch's head, and which commit and tree that is. */
export interface DefinitionsAtHead {
  tree: GitHubFileTree;
  branch: string;
  commit: string;
  treeSha: string;
}

export interface DefinitionsSnapshot {
  /** The definitions at the branch's head now: the same tree (and its read files) while the head's tree has not changed. */
  current(): Promise<DefinitionsAtHead>;
}

/**
 * The definitions repository's files at its default branch (or `branch`), re-read only when the
 * branch moved to a different tree: each call asks for the branch's head (one API call), and
 * answers the cached FileTree while its tree sha is the same. Files a new tree shares with the
 * last one are not fetched again.
 *
 * @example
 * const defs = definitionsSnapshot(octokit.request, { owner: 'acme', repo: 'fleet' });
 * const { tree, treeSha } = await defs.current();
 */
export function definitionsSnapshot(request: GitHubRequest, at: GitHubRepo & { branch?: string }): DefinitionsSnapshot {
  const { owner, repo } = at;
  let branch = at.branch;
  let last: DefinitionsAtHead | undefined;
  return {
    async current() {
      branch ??= ((await request('GET /repos/{owner}/{repo}', { owner, repo })).data as { default_branch: string }).default_branch;
      const { data } = await request('GET /repos/{owner}/{repo}/branches/{branch}', { owner, repo, branch });
      const head = (data as { commit: { sha: string; commit: { tree: { sha: string } } } }).commit;
      const treeSha = head.commit.tree.sha;
      if (last?.treeSha !== treeSha) last = { tree: githubFileTree(request, { owner, repo, ref: treeSha }, last ? { reuse: last.tree.blobs } : {}), branch, commit: head.sha, treeSha };
      else last = { ...last, commit: head.sha };
      return last;
    },
  };
}
