import { createHash, createPublicKey, verify, type KeyObject } from 'node:crypto';
import { createServer } from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A local HTTP server playing the part of the GitHub REST API that the actions use, with its
 * state in memory. Real HTTP, so the real Octokit (paging through `Link` headers, errors as
 * RequestError) and a bundled action in a subprocess (`GITHUB_API_URL`) both talk to it.
 *
 * Shapes follow GitHub's REST reference; quirks kept on purpose because clients trip on them:
 * - `Link` headers point at `/repositories/{id}/...`, not the `/repos/{owner}/{repo}` path asked
 *   (clients must follow the link, not build page URLs); both forms are served;
 * - a PR's files list stops at 3,000 entries whatever the page;
 * - the issues list includes pull requests (with a `pull_request` key);
 * - list endpoints for pulls carry `merged_at` only; `merged` is on the single PR;
 * - comment and issue bodies over 65,536 code points get 422 "body is too long";
 * - git data (refs, commits, trees, blobs) is a real content-addressed store with git's own
 *   sha-1 object ids; blobs come back base64 in 60-column lines; a recursive tree listing over
 *   `treeLimit` entries is cut and says `truncated: true`;
 * - auto-merge is GraphQL-only (`enablePullRequestAutoMerge`), and answers HTTP 200 with an
 *   `errors` list when the repository does not allow it;
 * - with `seed.app`, GitHub App authentication: `/app...` endpoints take only the App's JWT
 *   (RS256, checked against the App's public key and id), every other endpoint only an
 *   installation token the fake issued (`POST /app/installations/{id}/access_tokens`).
 */

export type FakeUserType = 'User' | 'Bot' | 'Organization';

export interface FakeUser {
  login: string;
  id: number;
  type?: FakeUserType;
}

export type FakeFileStatus = 'added' | 'removed' | 'modified' | 'renamed' | 'copied' | 'changed' | 'unchanged';

export interface FakePullFile {
  filename: string;
  status: FakeFileStatus;
  previous_filename?: string;
  additions: number;
  deletions: number;
}

export type FakeReviewState = 'APPROVED' | 'CHANGES_REQUESTED' | 'COMMENTED' | 'DISMISSED' | 'PENDING';

export interface FakeReview {
  id: number;
  user: FakeUser;
  state: FakeReviewState;
  body: string;
  commit_id: string;
  /** null while PENDING, as GitHub answers. */
  submitted_at: string | null;
}

export interface FakePull {
  number: number;
  id: number;
  title: string;
  body: string | null;
  user: FakeUser;
  state: 'open' | 'closed';
  draft: boolean;
  head: { ref: string; sha: string };
  base: { ref: string; sha: string };
  merged_at: string | null;
  merge_commit_sha: string | null;
  merged_by: FakeUser | null;
  labels: string[];
  created_at: string;
  updated_at: string;
  closed_at: string | null;
  files: FakePullFile[];
  reviews: FakeReview[];
  /** Set by GraphQL `enablePullRequestAutoMerge`. */
  auto_merge: { merge_method: 'MERGE' | 'SQUASH' | 'REBASE'; enabled_by: FakeUser } | null;
}

export interface FakeIssue {
  number: number;
  id: number;
  title: string;
  body: string | null;
  user: FakeUser;
  state: 'open' | 'closed';
  state_reason: 'completed' | 'not_planned' | 'reopened' | null;
  labels: string[];
  created_at: string;
  updated_at: string;
  closed_at: string | null;
}

export interface FakeComment {
  id: number;
  issue_number: number;
  body: string;
  user: FakeUser;
  created_at: string;
  updated_at: string;
}

export type FakeStatusState = 'error' | 'failure' | 'pending' | 'success';

export interface FakeStatus {
  id: number;
  sha: string;
  state: FakeStatusState;
  description: string | null;
  target_url: string | null;
  context: string;
  creator: FakeUser;
  created_at: string;
  updated_at: string;
}

export interface FakeTeamMember {
  login: string;
  role: 'member' | 'maintainer';
  state: 'active' | 'pending';
}

export type FakeGitObject =
  | { type: 'blob'; content: Buffer }
  | { type: 'tree'; entries: FakeTreeEntry[] }
  | { type: 'commit'; tree: string; parents: string[]; message: string; author: { name: string; email: string; date: string } };

export interface FakeTreeEntry {
  name: string;
  /** As the API writes it: 100644, 100755, 120000, 040000, 160000. */
  mode: string;
  type: 'blob' | 'tree' | 'commit';
  sha: string;
}

export interface FakeGitState {
  defaultBranch: string;
  /** Git objects by their real sha-1. */
  objects: Map<string, FakeGitObject>;
  /** `heads/main` -> commit sha. */
  refs: Map<string, string>;
  /** A recursive tree listing with more entries than this is cut and marked truncated (GitHub: 100,000 or 7 MB). */
  treeLimit: number;
  /** Settings -> "Allow auto-merge"; when false, enablePullRequestAutoMerge answers a GraphQL error. */
  allowAutoMerge: boolean;
}

/** A GitHub App the fake authenticates (`seed.app`). */
export interface FakeApp {
  id: number;
  slug: string;
  /** Its one installation: on the fake's repository and its owner. */
  installationId: number;
  /** Checks the JWTs' RS256 signatures; without it any well-formed JWT with the right `iss` passes. */
  publicKey?: KeyObject | string;
  /** Installation tokens issued so far. */
  tokens: Set<string>;
}

export interface FakeReaction {
  id: number;
  comment_id: number;
  content: string;
  user: FakeUser;
  created_at: string;
}

/** The server's whole memory; tests read and change it directly. */
export interface FakeGitHubState {
  owner: string;
  repo: string;
  repoId: number;
  /** Who the token acts as: comments, issues and statuses are created by this user. */
  viewer: FakeUser;
  serverUrl: string;
  users: Map<string, FakeUser>;
  pulls: Map<number, FakePull>;
  issues: Map<number, FakeIssue>;
  comments: FakeComment[];
  statuses: FakeStatus[];
  /** `org/team` (lower case) -> members by lower-case login. */
  teams: Map<string, Map<string, FakeTeamMember>>;
  /** Extra answers for `commits/{sha}/pulls` beyond a PR's head and merge commit. */
  commitPulls: Map<string, number[]>;
  git: FakeGitState;
  /** Set with `seed.app`: the fake then authenticates as GitHub does for an App. */
  app?: FakeApp;
  /** Reactions on issue comments, oldest first. */
  reactions: FakeReaction[];
}

export interface SeedReview {
  user: FakeUser;
  state: FakeReviewState;
  id?: number;
  body?: string;
  /** Defaults to the PR's head sha. */
  commit_id?: string;
  submitted_at?: string | null;
}

export interface SeedPull {
  number: number;
  title?: string;
  body?: string | null;
  user?: FakeUser;
  state?: 'open' | 'closed';
  draft?: boolean;
  head?: { ref?: string; sha?: string };
  base?: { ref?: string; sha?: string };
  merged_at?: string | null;
  merge_commit_sha?: string | null;
  merged_by?: FakeUser | null;
  labels?: string[];
  created_at?: string;
  /** File names, or full entries (renames with `previous_filename`). */
  files?: (string | (Partial<FakePullFile> & { filename: string }))[];
  reviews?: SeedReview[];
}

export interface SeedIssue {
  number?: number;
  title: string;
  body?: string | null;
  user?: FakeUser;
  state?: 'open' | 'closed';
  labels?: string[];
  created_at?: string;
}

export interface SeedComment {
  issue_number: number;
  body: string;
  user?: FakeUser;
  id?: number;
  created_at?: string;
}

export interface FakeGitHubSeed {
  /** `owner/name`; other repositories answer 404. Default `acme/fleet`. */
  repository?: string;
  repoId?: number;
  /** Default `github-actions[bot]` (id 41898282), the identity of a workflow's GITHUB_TOKEN. */
  viewer?: FakeUser;
  serverUrl?: string;
  /** Start of the fake clock; every write moves it one second on. Default 2026-01-05T09:00:00Z. */
  now?: string;
  users?: FakeUser[];
  pulls?: SeedPull[];
  issues?: SeedIssue[];
  comments?: SeedComment[];
  /** `org/team` -> logins (or members with a role or a pending invitation). */
  teams?: Record<string, (string | { login: string; role?: 'member' | 'maintainer'; state?: 'active' | 'pending' })[]>;
  commitPulls?: Record<string, number[]>;
  /** Files of the default branch's first commit; without them the repository has no commits. */
  files?: Record<string, string>;
  /** Default `main`. */
  defaultBranch?: string;
  /** Default true. */
  allowAutoMerge?: boolean;
  /** Default 100,000. */
  treeLimit?: number;
  /**
   * Act as GitHub does for a GitHub App: JWTs on `/app...`, installation tokens elsewhere.
   * Comments are then written by `viewer`: make it the App's bot user (`slug[bot]`, type Bot).
   */
  app?: { id: number; slug: string; installationId?: number; publicKey?: KeyObject | string };
}

export interface RecordedRequest {
  method: string;
  /** Path and query as sent. */
  path: string;
  pathname: string;
  query: Record<string, string>;
  /** `GET /repos/{owner}/{repo}/pulls/{pull_number}` style; undefined for a route the fake does not play. */
  route?: string;
  body: unknown;
  authorization?: string;
  status: number;
}

export interface FailureRule {
  /** Any method when absent. */
  method?: string;
  /** The exact pathname (no query) or a pattern tested against it. */
  path: string | RegExp;
  status: number;
  message?: string;
  /** How many matching calls fail; default 1. */
  times?: number;
  headers?: Record<string, string>;
}

export interface FakeGitHub {
  /** The API root, to pass as `GITHUB_API_URL` or Octokit's `baseUrl`. */
  url: string;
  state: FakeGitHubState;
  requests: RecordedRequest[];
  /** The next `times` calls matching the rule answer `status` with `{message}`. */
  fail(rule: FailureRule): void;
  /** Requests to routes the fake does not play (they answered 404). */
  unexpected(): RecordedRequest[];
  addPull(pull: SeedPull): FakePull;
  addReview(prNumber: number, review: SeedReview): FakeReview;
  /** Comments on one issue or PR, oldest first. */
  commentsOn(issueNumber: number): FakeComment[];
  /**
   * Commits on a branch (created when missing) as a push would: `null` deletes a file. Answers the commit sha.
   *
   * @example gh.commit('main', { 'environments/prod/web.yml': edited }, 'Edit by hand')
   */
  commit(branch: string, files: Record<string, string | null>, message?: string): string;
  /** Every file at a branch, tag or commit sha. */
  filesAt(ref: string): Record<string, string>;
  close(): Promise<void>;
}

const BOT: FakeUser = { login: 'github-actions[bot]', id: 41898282, type: 'Bot' };
const MAX_BODY = 65_536;
const MAX_PR_FILES = 3_000;
const DOCS = 'https://docs.github.com/rest';

class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly payload: Record<string, unknown>,
  ) {
    super(String(payload.message));
  }
}

const notFound = (): HttpError => new HttpError(404, { message: 'Not Found', documentation_url: DOCS, status: '404' });

function validationFailed(resource: string, field: string, message: string, code = 'custom'): HttpError {
  return new HttpError(422, { message: 'Validation Failed', errors: [{ resource, code, field, message }], documentation_url: DOCS, status: '422' });
}

/**
 * A deterministic 40-hex sha for fixtures that do not care which (the fake refuses statuses on
 * anything but a full sha, as GitHub does).
 *
 * @example fakeSha('head-7') // always the same 40 hex digits
 */
export function fakeSha(seed: string | number): string {
  let h = 0x811c9dc5;
  let out = '';
  for (let round = 0; out.length < 40; round++) {
    for (const ch of `${seed}:${round}`) h = Math.imul(h ^ ch.charCodeAt(0), 0x01000193) >>> 0;
    out += h.toString(16).padStart(8, '0');
  }
  return out.slice(0, 40);
}

type Handler = (req: Req) => { status?: number; body: unknown; headers?: Record<string, string> };

interface Req {
  params: Record<string, string>;
  query: URLSearchParams;
  body: Record<string, unknown>;
  /** `/repos/{owner}/{repo}` part of links for this request's repository, as GitHub writes it. */
  linkBase: string;
  /** The Authorization header, for routes that care who calls (GitHub App endpoints). */
  authorization?: string;
}

interface Route {
  method: string;
  template: string;
  regex: RegExp;
  names: string[];
  handler: Handler;
}

/**
 * Starts the fake on 127.0.0.1 at a free port.
 *
 * @example
 * const gh = await startFakeGitHub({ pulls: [{ number: 7, files: ['environments/prod/web.yml'] }] });
 * const octokit = getOctokit('t', { baseUrl: gh.url });
 * await octokit.rest.pulls.listFiles({ owner: 'acme', repo: 'fleet', pull_number: 7 });
 * await gh.close();
 */
export async function startFakeGitHub(seed: FakeGitHubSeed = {}): Promise<FakeGitHub> {
  const [owner = 'acme', repo = 'fleet'] = (seed.repository ?? 'acme/fleet').split('/');
  let clock = Date.parse(seed.now ?? '2026-01-05T09:00:00Z');
  let lastId = 1_000_000;
  const nextId = (): number => ++lastId;
  /** GitHub timestamps: second precision, `Z`. Each write is one second after the last. */
  const tick = (): string => {
    clock += 1000;
    return new Date(clock).toISOString().replace(/\.\d{3}Z$/, 'Z');
  };
  const now = (): string => new Date(clock).toISOString().replace(/\.\d{3}Z$/, 'Z');

  const state: FakeGitHubState = {
    owner,
    repo,
    repoId: seed.repoId ?? 812_345_678,
    viewer: seed.viewer ?? BOT,
    serverUrl: seed.serverUrl ?? 'https://github.com',
    users: new Map(),
    pulls: new Map(),
    issues: new Map(),
    comments: [],
    statuses: [],
    teams: new Map(),
    commitPulls: new Map(Object.entries(seed.commitPulls ?? {})),
    git: { defaultBranch: seed.defaultBranch ?? 'main', objects: new Map(), refs: new Map(), treeLimit: seed.treeLimit ?? 100_000, allowAutoMerge: seed.allowAutoMerge ?? true },
    ...(seed.app ? { app: { id: seed.app.id, slug: seed.app.slug, installationId: seed.app.installationId ?? 31_415_926, ...(seed.app.publicKey ? { publicKey: seed.app.publicKey } : {}), tokens: new Set<string>() } } : {}),
    reactions: [],
  };
  const knowUser = (u: FakeUser): FakeUser => {
    const known = state.users.get(u.login.toLowerCase());
    if (known) return known;
    const user = { type: 'User' as const, ...u };
    state.users.set(u.login.toLowerCase(), user);
    return user;
  };
  knowUser(state.viewer);
  for (const u of seed.users ?? []) knowUser(u);
  const defaultAuthor = knowUser({ login: 'octocat', id: 583231, type: 'User' });

  const nextNumber = (): number => Math.max(0, ...state.pulls.keys(), ...state.issues.keys()) + 1;

  const addReview = (prNumber: number, r: SeedReview): FakeReview => {
    const pull = state.pulls.get(prNumber);
    if (!pull) throw new Error(`fake-github: no PR #${prNumber} to review`);
    const review: FakeReview = {
      id: r.id ?? nextId(),
      user: knowUser(r.user),
      state: r.state,
      body: r.body ?? '',
      commit_id: r.commit_id ?? pull.head.sha,
      submitted_at: r.submitted_at !== undefined ? r.submitted_at : r.state === 'PENDING' ? null : tick(),
    };
    pull.reviews.push(review);
    return review;
  };

  const addPull = (p: SeedPull): FakePull => {
    const created = p.created_at ?? tick();
    const merged = p.merged_at ?? null;
    const pull: FakePull = {
      number: p.number,
      id: nextId(),
      title: p.title ?? `Change #${p.number}`,
      body: p.body ?? null,
      user: knowUser(p.user ?? defaultAuthor),
      state: p.state ?? (merged ? 'closed' : 'open'),
      draft: p.draft ?? false,
      head: { ref: p.head?.ref ?? `change-${p.number}`, sha: p.head?.sha ?? fakeSha(`head-${p.number}`) },
      base: { ref: p.base?.ref ?? 'main', sha: p.base?.sha ?? fakeSha(`base-${p.number}`) },
      merged_at: merged,
      merge_commit_sha: p.merge_commit_sha !== undefined ? p.merge_commit_sha : fakeSha(`merge-${p.number}`),
      merged_by: p.merged_by ?? (merged ? defaultAuthor : null),
      labels: p.labels ?? [],
      created_at: created,
      updated_at: created,
      closed_at: merged ?? (p.state === 'closed' ? created : null),
      files: (p.files ?? []).map((f) =>
        typeof f === 'string'
          ? { filename: f, status: 'modified' as const, additions: 1, deletions: 1 }
          : { status: f.previous_filename ? ('renamed' as const) : ('modified' as const), additions: 1, deletions: 1, ...f },
      ),
      reviews: [],
      auto_merge: null,
    };
    state.pulls.set(pull.number, pull);
    for (const r of p.reviews ?? []) addReview(pull.number, r);
    return pull;
  };

  for (const p of seed.pulls ?? []) addPull(p);
  for (const i of seed.issues ?? []) {
    const created = i.created_at ?? tick();
    const number = i.number ?? nextNumber();
    state.issues.set(number, {
      number,
      id: nextId(),
      title: i.title,
      body: i.body ?? null,
      user: knowUser(i.user ?? state.viewer),
      state: i.state ?? 'open',
      state_reason: i.state === 'closed' ? 'completed' : null,
      labels: i.labels ?? [],
      created_at: created,
      updated_at: created,
      closed_at: i.state === 'closed' ? created : null,
    });
  }
  for (const c of seed.comments ?? []) {
    const created = c.created_at ?? tick();
    state.comments.push({ id: c.id ?? nextId(), issue_number: c.issue_number, body: c.body, user: knowUser(c.user ?? state.viewer), created_at: created, updated_at: created });
  }
  for (const [team, members] of Object.entries(seed.teams ?? {})) {
    const m = new Map<string, FakeTeamMember>();
    for (const x of members) {
      const member = typeof x === 'string' ? { login: x, role: 'member' as const, state: 'active' as const } : { role: 'member' as const, state: 'active' as const, ...x };
      m.set(member.login.toLowerCase(), member);
    }
    state.teams.set(team.toLowerCase(), m);
  }

  // ---- git data: a content-addressed store with git's own object ids ----------------------------
  type Flat = Map<string, { mode: string; type: 'blob' | 'commit'; sha: string }>;
  const treeOrder = (e: FakeTreeEntry): Buffer => Buffer.from(e.type === 'tree' ? `${e.name}/` : e.name);
  const gitPerson = (a: { name: string; email: string; date: string }): string => `${a.name} <${a.email}> ${Math.floor(Date.parse(a.date) / 1000)} +0000`;
  /** Stores an object under git's sha-1 of it, as `git hash-object` would name it. */
  const storeObject = (obj: FakeGitObject): string => {
    let body: Buffer;
    if (obj.type === 'blob') body = obj.content;
    else if (obj.type === 'tree') {
      obj = { type: 'tree', entries: [...obj.entries].sort((a, b) => Buffer.compare(treeOrder(a), treeOrder(b))) };
      body = Buffer.concat(obj.entries.flatMap((e) => [Buffer.from(`${e.mode === '040000' ? '40000' : e.mode} ${e.name}\0`), Buffer.from(e.sha, 'hex')]));
    } else body = Buffer.from(`tree ${obj.tree}\n${obj.parents.map((p) => `parent ${p}\n`).join('')}author ${gitPerson(obj.author)}\ncommitter ${gitPerson(obj.author)}\n\n${obj.message}`);
    const sha = createHash('sha1').update(`${obj.type} ${body.length}\0`).update(body).digest('hex');
    state.git.objects.set(sha, obj);
    return sha;
  };
  const objectOf = <T extends FakeGitObject['type']>(sha: string, type: T): Extract<FakeGitObject, { type: T }> | undefined => {
    const obj = state.git.objects.get(sha);
    return obj?.type === type ? (obj as Extract<FakeGitObject, { type: T }>) : undefined;
  };
  /** A branch, tag or commit sha -> the commit sha. */
  const commitOf = (ref: string): string | undefined => state.git.refs.get(`heads/${ref}`) ?? state.git.refs.get(`tags/${ref}`) ?? (objectOf(ref, 'commit') ? ref : undefined);
  /** A tree sha, or anything commitOf takes -> the tree sha. */
  const treeOf = (treeish: string): string | undefined => {
    if (objectOf(treeish, 'tree')) return treeish;
    const commit = commitOf(treeish);
    return commit ? objectOf(commit, 'commit')?.tree : undefined;
  };
  const flatten = (treeSha: string, prefix = '', out: Flat = new Map()): Flat => {
    for (const e of objectOf(treeSha, 'tree')?.entries ?? []) {
      if (e.type === 'tree') flatten(e.sha, `${prefix}${e.name}/`, out);
      else out.set(`${prefix}${e.name}`, { mode: e.mode, type: e.type, sha: e.sha });
    }
    return out;
  };
  const buildTree = (flat: Flat): string => {
    const entries: FakeTreeEntry[] = [];
    const dirs = new Map<string, Flat>();
    for (const [p, e] of flat) {
      const slash = p.indexOf('/');
      if (slash === -1) {
        entries.push({ name: p, ...e });
        continue;
      }
      const dir = p.slice(0, slash);
      const sub = dirs.get(dir) ?? new Map();
      sub.set(p.slice(slash + 1), e);
      dirs.set(dir, sub);
    }
    for (const [name, sub] of dirs) entries.push({ name, mode: '040000', type: 'tree', sha: buildTree(sub) });
    return storeObject({ type: 'tree', entries });
  };
  const isAncestor = (ancestor: string, of: string): boolean => {
    const seen = new Set<string>();
    const walk = [of];
    for (let sha = walk.pop(); sha !== undefined; sha = walk.pop()) {
      if (sha === ancestor) return true;
      if (seen.has(sha)) continue;
      seen.add(sha);
      walk.push(...(objectOf(sha, 'commit')?.parents ?? []));
    }
    return false;
  };
  const viewerAuthor = (): { name: string; email: string; date: string } => ({ name: state.viewer.login, email: `${state.viewer.id}+${state.viewer.login}@users.noreply.github.com`, date: tick() });
  const commitFiles = (branch: string, files: Record<string, string | null>, message = 'Update files'): string => {
    const parent = state.git.refs.get(`heads/${branch}`);
    const base = parent ? objectOf(parent, 'commit')?.tree : undefined;
    const flat: Flat = base ? flatten(base) : new Map();
    for (const [file, text] of Object.entries(files)) {
      if (text === null) flat.delete(file);
      else flat.set(file, { mode: flat.get(file)?.mode ?? '100644', type: 'blob', sha: storeObject({ type: 'blob', content: Buffer.from(text, 'utf8') }) });
    }
    const sha = storeObject({ type: 'commit', tree: buildTree(flat), parents: parent ? [parent] : [], message, author: viewerAuthor() });
    state.git.refs.set(`heads/${branch}`, sha);
    return sha;
  };
  const filesAt = (ref: string): Record<string, string> => {
    const tree = treeOf(ref);
    if (!tree) throw new Error(`fake-github: no branch, tag or commit ${ref}`);
    const out: Record<string, string> = {};
    for (const [file, e] of flatten(tree)) {
      const blob = objectOf(e.sha, 'blob');
      if (blob) out[file] = blob.content.toString('utf8');
    }
    return out;
  };
  if (seed.files) commitFiles(state.git.defaultBranch, seed.files, 'Initial commit');

  // ---- rendering, in GitHub's shapes -------------------------------------------------------
  let apiUrl = '';
  const repoApi = (): string => `${apiUrl}/repos/${state.owner}/${state.repo}`;
  const repoHtml = (): string => `${state.serverUrl}/${state.owner}/${state.repo}`;
  const nodeId = (kind: string, id: number): string => Buffer.from(`${kind}:${id}`).toString('base64').replace(/=+$/, '');

  const userJson = (u: FakeUser): Record<string, unknown> => ({
    login: u.login,
    id: u.id,
    node_id: nodeId(u.type === 'Bot' ? 'Bot' : 'User', u.id),
    avatar_url: `https://avatars.githubusercontent.com/u/${u.id}?v=4`,
    gravatar_id: '',
    url: `${apiUrl}/users/${encodeURIComponent(u.login)}`,
    html_url: `${state.serverUrl}/${u.type === 'Bot' ? 'apps/' + u.login.replace(/\[bot\]$/, '') : u.login}`,
    type: u.type ?? 'User',
    site_admin: false,
  });
  const repoJson = (): Record<string, unknown> => ({
    id: state.repoId,
    node_id: nodeId('Repository', state.repoId),
    name: state.repo,
    full_name: `${state.owner}/${state.repo}`,
    private: true,
    owner: userJson({ login: state.owner, id: 9_919, type: 'Organization' }),
    html_url: repoHtml(),
    url: repoApi(),
    default_branch: state.git.defaultBranch,
    allow_auto_merge: state.git.allowAutoMerge,
  });
  const labelJson = (name: string): Record<string, unknown> => {
    const id = 7_000_000 + [...name].reduce((h, c) => (h * 31 + c.charCodeAt(0)) % 1_000_000, 7);
    return { id, node_id: nodeId('Label', id), url: `${repoApi()}/labels/${encodeURIComponent(name)}`, name, color: 'ededed', default: false, description: null };
  };
  const authorAssociation = (u: FakeUser): string => (u.type === 'Bot' ? 'NONE' : 'MEMBER');

  const pullSimpleJson = (p: FakePull): Record<string, unknown> => ({
    url: `${repoApi()}/pulls/${p.number}`,
    id: p.id,
    node_id: nodeId('PullRequest', p.id),
    html_url: `${repoHtml()}/pull/${p.number}`,
    diff_url: `${repoHtml()}/pull/${p.number}.diff`,
    patch_url: `${repoHtml()}/pull/${p.number}.patch`,
    issue_url: `${repoApi()}/issues/${p.number}`,
    number: p.number,
    state: p.state,
    locked: false,
    title: p.title,
    user: userJson(p.user),
    body: p.body,
    labels: p.labels.map(labelJson),
    created_at: p.created_at,
    updated_at: p.updated_at,
    closed_at: p.closed_at,
    merged_at: p.merged_at,
    merge_commit_sha: p.merge_commit_sha,
    assignee: null,
    assignees: [],
    requested_reviewers: [],
    draft: p.draft,
    head: { label: `${state.owner}:${p.head.ref}`, ref: p.head.ref, sha: p.head.sha, user: userJson(p.user), repo: repoJson() },
    base: { label: `${state.owner}:${p.base.ref}`, ref: p.base.ref, sha: p.base.sha, user: userJson(p.user), repo: repoJson() },
    author_association: authorAssociation(p.user),
    auto_merge: p.auto_merge
      ? { enabled_by: userJson(p.auto_merge.enabled_by), merge_method: p.auto_merge.merge_method.toLowerCase(), commit_title: null, commit_message: null }
      : null,
  });
  const pullJson = (p: FakePull): Record<string, unknown> => ({
    ...pullSimpleJson(p),
    merged: p.merged_at !== null,
    mergeable: p.state === 'open' ? true : null,
    mergeable_state: p.state === 'open' ? 'clean' : 'unknown',
    merged_by: p.merged_by ? userJson(p.merged_by) : null,
    comments: state.comments.filter((c) => c.issue_number === p.number).length,
    review_comments: 0,
    commits: 1,
    additions: p.files.reduce((n, f) => n + f.additions, 0),
    deletions: p.files.reduce((n, f) => n + f.deletions, 0),
    changed_files: p.files.length,
  });
  const fileJson = (f: FakePullFile): Record<string, unknown> => {
    const sha = fakeSha(`blob-${f.filename}`);
    return {
      sha,
      filename: f.filename,
      status: f.status,
      additions: f.additions,
      deletions: f.deletions,
      changes: f.additions + f.deletions,
      blob_url: `${repoHtml()}/blob/${sha}/${f.filename}`,
      raw_url: `${repoHtml()}/raw/${sha}/${f.filename}`,
      contents_url: `${repoApi()}/contents/${f.filename}?ref=${sha}`,
      patch: '@@ -1 +1 @@\n-old\n+new',
      ...(f.previous_filename ? { previous_filename: f.previous_filename } : {}),
    };
  };
  const reviewJson = (p: FakePull, r: FakeReview): Record<string, unknown> => ({
    id: r.id,
    node_id: nodeId('PullRequestReview', r.id),
    user: userJson(r.user),
    body: r.body,
    state: r.state,
    html_url: `${repoHtml()}/pull/${p.number}#pullrequestreview-${r.id}`,
    pull_request_url: `${repoApi()}/pulls/${p.number}`,
    author_association: authorAssociation(r.user),
    _links: { html: { href: `${repoHtml()}/pull/${p.number}#pullrequestreview-${r.id}` }, pull_request: { href: `${repoApi()}/pulls/${p.number}` } },
    ...(r.submitted_at === null ? {} : { submitted_at: r.submitted_at }),
    commit_id: r.commit_id,
  });
  const commentJson = (c: FakeComment): Record<string, unknown> => ({
    id: c.id,
    node_id: nodeId('IssueComment', c.id),
    url: `${repoApi()}/issues/comments/${c.id}`,
    html_url: `${repoHtml()}/${state.pulls.has(c.issue_number) ? 'pull' : 'issues'}/${c.issue_number}#issuecomment-${c.id}`,
    body: c.body,
    user: userJson(c.user),
    created_at: c.created_at,
    updated_at: c.updated_at,
    issue_url: `${repoApi()}/issues/${c.issue_number}`,
    author_association: authorAssociation(c.user),
  });
  const issueJson = (i: FakeIssue | FakePull): Record<string, unknown> => {
    const isPull = 'head' in i;
    return {
      url: `${repoApi()}/issues/${i.number}`,
      repository_url: repoApi(),
      labels_url: `${repoApi()}/issues/${i.number}/labels{/name}`,
      comments_url: `${repoApi()}/issues/${i.number}/comments`,
      events_url: `${repoApi()}/issues/${i.number}/events`,
      html_url: `${repoHtml()}/${isPull ? 'pull' : 'issues'}/${i.number}`,
      id: i.id,
      node_id: nodeId(isPull ? 'PullRequest' : 'Issue', i.id),
      number: i.number,
      title: i.title,
      user: userJson(i.user),
      labels: i.labels.map(labelJson),
      state: i.state,
      state_reason: isPull ? null : i.state_reason,
      locked: false,
      assignee: null,
      assignees: [],
      milestone: null,
      comments: state.comments.filter((c) => c.issue_number === i.number).length,
      created_at: i.created_at,
      updated_at: i.updated_at,
      closed_at: i.closed_at,
      author_association: authorAssociation(i.user),
      body: i.body,
      ...(isPull
        ? { draft: i.draft, pull_request: { url: `${repoApi()}/pulls/${i.number}`, html_url: `${repoHtml()}/pull/${i.number}`, diff_url: `${repoHtml()}/pull/${i.number}.diff`, patch_url: `${repoHtml()}/pull/${i.number}.patch`, merged_at: i.merged_at } }
        : {}),
    };
  };
  const statusJson = (s: FakeStatus): Record<string, unknown> => ({
    url: `${repoApi()}/statuses/${s.sha}`,
    avatar_url: `https://avatars.githubusercontent.com/u/${s.creator.id}?v=4`,
    id: s.id,
    node_id: nodeId('StatusContext', s.id),
    state: s.state,
    description: s.description,
    target_url: s.target_url,
    context: s.context,
    created_at: s.created_at,
    updated_at: s.updated_at,
    creator: userJson(s.creator),
  });

  // ---- request helpers ----------------------------------------------------------------------
  /** One page of `items` with GitHub's `Link` header (per_page default 30, at most 100). */
  const page = (req: Req, pathAfterRepo: string, items: unknown[]): { body: unknown; headers: Record<string, string> } => {
    const perPage = Math.min(100, Math.max(1, Number(req.query.get('per_page') ?? 30) || 30));
    const pageNo = Math.max(1, Number(req.query.get('page') ?? 1) || 1);
    const last = Math.max(1, Math.ceil(items.length / perPage));
    const link = (n: number, rel: string): string => {
      const q = new URLSearchParams(req.query);
      q.set('page', String(n));
      return `<${apiUrl}${req.linkBase}${pathAfterRepo}?${q.toString()}>; rel="${rel}"`;
    };
    const links: string[] = [];
    if (pageNo > 1) links.push(link(Math.min(pageNo - 1, last), 'prev'));
    if (pageNo < last) links.push(link(pageNo + 1, 'next'), link(last, 'last'));
    if (pageNo > 1) links.push(link(1, 'first'));
    return { body: items.slice((pageNo - 1) * perPage, pageNo * perPage), headers: links.length > 0 ? { link: links.join(', ') } : {} };
  };
  const pullOf = (req: Req): FakePull => {
    const p = state.pulls.get(Number(req.params.pull_number));
    if (!p) throw notFound();
    return p;
  };
  const issueLike = (n: number): FakeIssue | FakePull | undefined => state.issues.get(n) ?? state.pulls.get(n);
  const bodyField = (req: Req, resource: string, required: boolean): string | undefined => {
    const body = req.body.body;
    if (body === undefined || body === null) {
      if (required) throw validationFailed(resource, 'body', 'body wasn\'t supplied.', 'missing_field');
      return undefined;
    }
    if (typeof body !== 'string') throw validationFailed(resource, 'body', 'body is not a string', 'invalid');
    // GitHub counts characters as code points, not UTF-16 units.
    if ([...body].length > MAX_BODY) throw validationFailed(resource, 'body', `body is too long (maximum is ${MAX_BODY} characters)`);
    return body;
  };

  // ---- routes --------------------------------------------------------------------------------
  const routes: Route[] = [];
  const on = (method: string, template: string, handler: Handler): void => {
    const names: string[] = [];
    // `{+ref}` takes slashes too (`git/ref/heads/qm/req-1`), as RFC 6570 reserved expansion sends them.
    const source = template.replace(/\{(\+?)(\w+)\}/g, (_m, plus: string, name: string) => {
      names.push(name);
      return plus ? '(.+)' : '([^/]+)';
    });
    routes.push({ method, template, regex: new RegExp(`^${source}$`), names, handler });
  };
  const R = '/repos/{owner}/{repo}';

  on('GET', `${R}/pulls/{pull_number}`, (req) => ({ body: pullJson(pullOf(req)) }));
  on('GET', `${R}/pulls/{pull_number}/files`, (req) => {
    const p = pullOf(req);
    return page(req, `/pulls/${p.number}/files`, p.files.slice(0, MAX_PR_FILES).map(fileJson));
  });
  on('GET', `${R}/pulls/{pull_number}/reviews`, (req) => {
    const p = pullOf(req);
    return page(req, `/pulls/${p.number}/reviews`, p.reviews.map((r) => reviewJson(p, r)));
  });
  on('GET', `${R}/commits/{commit_sha}/pulls`, (req) => {
    const sha = req.params.commit_sha as string;
    const extra = state.commitPulls.get(sha) ?? [];
    const found = [...state.pulls.values()].filter((p) => p.merge_commit_sha === sha || p.head.sha === sha || extra.includes(p.number));
    return page(req, `/commits/${sha}/pulls`, found.map(pullSimpleJson));
  });

  on('GET', `${R}/issues/{issue_number}/comments`, (req) => {
    const n = Number(req.params.issue_number);
    if (!issueLike(n)) throw notFound();
    return page(req, `/issues/${n}/comments`, state.comments.filter((c) => c.issue_number === n).map(commentJson));
  });
  on('POST', `${R}/issues/{issue_number}/comments`, (req) => {
    const n = Number(req.params.issue_number);
    if (!issueLike(n)) throw notFound();
    const body = bodyField(req, 'IssueComment', true) as string;
    const at = tick();
    const c: FakeComment = { id: nextId(), issue_number: n, body, user: state.viewer, created_at: at, updated_at: at };
    state.comments.push(c);
    return { status: 201, body: commentJson(c), headers: { location: `${repoApi()}/issues/comments/${c.id}` } };
  });
  on('PATCH', `${R}/issues/comments/{comment_id}`, (req) => {
    const c = state.comments.find((x) => x.id === Number(req.params.comment_id));
    if (!c) throw notFound();
    c.body = bodyField(req, 'IssueComment', true) as string;
    c.updated_at = tick();
    return { body: commentJson(c) };
  });

  on('POST', `${R}/statuses/{sha}`, (req) => {
    const sha = req.params.sha as string;
    if (!/^[0-9a-f]{40}$/.test(sha)) throw new HttpError(422, { message: `No commit found for SHA: ${sha}`, documentation_url: DOCS, status: '422' });
    const s = req.body.state;
    if (s !== 'error' && s !== 'failure' && s !== 'pending' && s !== 'success') throw validationFailed('Status', 'state', 'state is not included in the list');
    const description = typeof req.body.description === 'string' ? req.body.description : null;
    if (description !== null && [...description].length > 140) throw validationFailed('Status', 'description', 'description is too long (maximum is 140 characters)');
    const at = tick();
    const status: FakeStatus = {
      id: nextId(),
      sha,
      state: s,
      description,
      target_url: typeof req.body.target_url === 'string' ? req.body.target_url : null,
      context: typeof req.body.context === 'string' ? req.body.context : 'default',
      creator: state.viewer,
      created_at: at,
      updated_at: at,
    };
    state.statuses.push(status);
    return { status: 201, body: statusJson(status) };
  });
  on('GET', `${R}/commits/{ref}/statuses`, (req) => {
    const ref = req.params.ref as string;
    // Newest first, as GitHub lists them.
    const list = state.statuses.filter((s) => s.sha === ref).reverse();
    return page(req, `/commits/${ref}/statuses`, list.map(statusJson));
  });

  on('GET', `${R}/issues`, (req) => {
    const wanted = (req.query.get('labels') ?? '').split(',').map((l) => l.trim().toLowerCase()).filter(Boolean);
    const st = req.query.get('state') ?? 'open';
    const sort = req.query.get('sort') ?? 'created';
    const asc = req.query.get('direction') === 'asc';
    const all: (FakeIssue | FakePull)[] = [...state.issues.values(), ...state.pulls.values()];
    const list = all
      .filter((i) => st === 'all' || i.state === st)
      .filter((i) => wanted.every((l) => i.labels.some((x) => x.toLowerCase() === l)))
      .sort((a, b) => {
        const key = (i: FakeIssue | FakePull): string => (sort === 'updated' ? i.updated_at : i.created_at);
        const d = key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : a.number - b.number;
        return asc ? d : -d;
      });
    return page(req, '/issues', list.map(issueJson));
  });
  on('GET', `${R}/issues/{issue_number}`, (req) => {
    const i = issueLike(Number(req.params.issue_number));
    if (!i) throw notFound();
    return { body: issueJson(i) };
  });
  on('POST', `${R}/issues`, (req) => {
    if (typeof req.body.title !== 'string' || req.body.title === '') throw validationFailed('Issue', 'title', 'title wasn\'t supplied.', 'missing_field');
    const body = bodyField(req, 'Issue', false) ?? null;
    const labels = Array.isArray(req.body.labels) ? req.body.labels.map((l) => (typeof l === 'string' ? l : String((l as { name?: unknown }).name))) : [];
    const at = tick();
    const issue: FakeIssue = { number: nextNumber(), id: nextId(), title: req.body.title, body, user: state.viewer, state: 'open', state_reason: null, labels, created_at: at, updated_at: at, closed_at: null };
    state.issues.set(issue.number, issue);
    return { status: 201, body: issueJson(issue), headers: { location: `${repoApi()}/issues/${issue.number}` } };
  });
  on('PATCH', `${R}/issues/{issue_number}`, (req) => {
    const i = issueLike(Number(req.params.issue_number));
    if (!i) throw notFound();
    const b = req.body;
    if (b.state !== undefined && b.state !== 'open' && b.state !== 'closed') throw validationFailed('Issue', 'state', 'state is not included in the list');
    const body = bodyField(req, 'Issue', false);
    if (typeof b.title === 'string') i.title = b.title;
    if (body !== undefined) i.body = body;
    if (Array.isArray(b.labels)) i.labels = b.labels.map(String);
    const at = tick();
    if (b.state === 'closed' && i.state === 'open') {
      i.state = 'closed';
      i.closed_at = at;
      if ('state_reason' in i) i.state_reason = b.state_reason === 'not_planned' ? 'not_planned' : 'completed';
    } else if (b.state === 'open' && i.state === 'closed') {
      i.state = 'open';
      i.closed_at = null;
      if ('state_reason' in i) i.state_reason = 'reopened';
    }
    i.updated_at = at;
    return { body: issueJson(i) };
  });

  on('GET', '/orgs/{org}/teams/{team_slug}/memberships/{username}', (req) => {
    const team = state.teams.get(`${req.params.org}/${req.params.team_slug}`.toLowerCase());
    const m = team?.get((req.params.username as string).toLowerCase());
    if (!m) throw notFound();
    return { body: { url: `${apiUrl}/organizations/9919/team/1/memberships/${m.login}`, role: m.role, state: m.state } };
  });
  on('GET', '/users/{username}', (req) => {
    const u = state.users.get((req.params.username as string).toLowerCase());
    if (!u) throw notFound();
    return { body: { ...userJson(u), name: null, company: null, blog: '', location: null, email: null, bio: null, public_repos: 0, followers: 0, following: 0, created_at: '2011-01-25T18:44:36Z', updated_at: now() } };
  });

  // ---- git data, branches, pull request creation, labels, auto-merge ----------------------------
  const gitUrl = (kind: string, sha: string): string => `${repoApi()}/git/${kind}/${sha}`;
  const refJson = (name: string, sha: string): Record<string, unknown> => ({
    ref: `refs/${name}`,
    node_id: nodeId('Ref', [...name].reduce((h, c) => (h * 31 + c.charCodeAt(0)) % 1_000_000_007, 7)),
    url: `${repoApi()}/git/refs/${name}`,
    object: { type: 'commit', sha, url: gitUrl('commits', sha) },
  });
  const commitJson = (sha: string): Record<string, unknown> => {
    const c = objectOf(sha, 'commit');
    if (!c) throw notFound();
    const person = { name: c.author.name, email: c.author.email, date: c.author.date };
    return {
      sha,
      node_id: nodeId('Commit', parseInt(sha.slice(0, 8), 16)),
      url: gitUrl('commits', sha),
      html_url: `${repoHtml()}/commit/${sha}`,
      author: person,
      committer: person,
      message: c.message,
      tree: { sha: c.tree, url: gitUrl('trees', c.tree) },
      parents: c.parents.map((p) => ({ sha: p, url: gitUrl('commits', p), html_url: `${repoHtml()}/commit/${p}` })),
      verification: { verified: false, reason: 'unsigned', signature: null, payload: null },
    };
  };
  const treeEntryJson = (path: string, e: FakeTreeEntry): Record<string, unknown> => {
    const blob = e.type === 'blob' ? objectOf(e.sha, 'blob') : undefined;
    return { path, mode: e.mode, type: e.type, sha: e.sha, ...(blob ? { size: blob.content.length } : {}), url: gitUrl(e.type === 'tree' ? 'trees' : 'blobs', e.sha) };
  };
  const listTree = (sha: string, recursive: boolean, prefix = '', out: Record<string, unknown>[] = []): Record<string, unknown>[] => {
    for (const e of objectOf(sha, 'tree')?.entries ?? []) {
      out.push(treeEntryJson(`${prefix}${e.name}`, e));
      if (recursive && e.type === 'tree') listTree(e.sha, true, `${prefix}${e.name}/`, out);
    }
    return out;
  };
  const treeJson = (sha: string, recursive: boolean): Record<string, unknown> => {
    const all = listTree(sha, recursive);
    const truncated = all.length > state.git.treeLimit;
    return { sha, url: gitUrl('trees', sha), tree: truncated ? all.slice(0, state.git.treeLimit) : all, truncated };
  };
  const branchOf = (req: Req): string => {
    const name = req.params.branch as string;
    const sha = state.git.refs.get(`heads/${name}`);
    if (!sha) throw new HttpError(404, { message: 'Branch not found', documentation_url: DOCS, status: '404' });
    return sha;
  };

  on('GET', R, () => ({ body: repoJson() }));
  on('GET', `${R}/branches/{+branch}`, (req) => {
    const sha = branchOf(req);
    const name = req.params.branch as string;
    return { body: { name, commit: { ...commitJson(sha), commit: commitJson(sha) }, _links: { self: `${repoApi()}/branches/${name}`, html: `${repoHtml()}/tree/${name}` }, protected: false } };
  });
  on('GET', `${R}/git/ref/{+ref}`, (req) => {
    const name = req.params.ref as string;
    const sha = state.git.refs.get(name);
    if (!sha) throw notFound();
    return { body: refJson(name, sha) };
  });
  on('GET', `${R}/git/commits/{commit_sha}`, (req) => ({ body: commitJson(req.params.commit_sha as string) }));
  on('GET', `${R}/git/trees/{tree_sha}`, (req) => {
    const sha = treeOf(req.params.tree_sha as string);
    if (!sha) throw notFound();
    // GitHub recurses for any value of `recursive`, even 0 or false.
    return { body: treeJson(sha, req.query.has('recursive')) };
  });
  on('GET', `${R}/git/blobs/{file_sha}`, (req) => {
    const sha = req.params.file_sha as string;
    const blob = objectOf(sha, 'blob');
    if (!blob) throw notFound();
    const content = (blob.content.toString('base64').match(/.{1,60}/g) ?? []).join('\n');
    return { body: { sha, node_id: nodeId('Blob', parseInt(sha.slice(0, 8), 16)), size: blob.content.length, url: gitUrl('blobs', sha), content: content ? `${content}\n` : '', encoding: 'base64' } };
  });
  on('POST', `${R}/git/blobs`, (req) => {
    const { content, encoding = 'utf-8' } = req.body;
    if (typeof content !== 'string') throw validationFailed('Blob', 'content', 'content wasn\'t supplied.', 'missing_field');
    if (encoding !== 'utf-8' && encoding !== 'base64') throw validationFailed('Blob', 'encoding', 'encoding is not utf-8 or base64', 'invalid');
    const sha = storeObject({ type: 'blob', content: Buffer.from(content, encoding === 'base64' ? 'base64' : 'utf8') });
    return { status: 201, body: { url: gitUrl('blobs', sha), sha } };
  });
  on('POST', `${R}/git/trees`, (req) => {
    const { tree, base_tree: baseTree } = req.body;
    if (!Array.isArray(tree)) throw validationFailed('Tree', 'tree', 'tree wasn\'t supplied.', 'missing_field');
    let flat: Flat = new Map();
    if (baseTree !== undefined) {
      if (typeof baseTree !== 'string' || !objectOf(baseTree, 'tree')) throw new HttpError(422, { message: 'base_tree is not a valid tree oid', documentation_url: DOCS, status: '422' });
      flat = flatten(baseTree);
    }
    for (const raw of tree as Record<string, unknown>[]) {
      const { path, mode, type, sha, content } = raw;
      if (typeof path !== 'string' || path === '' || path.startsWith('/') || path.endsWith('/')) throw validationFailed('Tree', 'path', `path ${String(path)} is invalid`, 'invalid');
      if (!['100644', '100755', '120000', '160000'].includes(String(mode)) || (type !== 'blob' && type !== 'commit')) {
        throw new HttpError(422, { message: `tree.mode ${String(mode)} / tree.type ${String(type)}: the fake plays blob and submodule entries only`, documentation_url: DOCS, status: '422' });
      }
      if (sha === null) {
        flat.delete(path);
      } else if (typeof content === 'string') {
        flat.set(path, { mode: String(mode), type, sha: storeObject({ type: 'blob', content: Buffer.from(content, 'utf8') }) });
      } else if (typeof sha === 'string' && (type === 'commit' || objectOf(sha, 'blob'))) {
        flat.set(path, { mode: String(mode), type, sha });
      } else {
        throw new HttpError(422, { message: `tree.sha ${String(sha)} is not a valid blob`, documentation_url: DOCS, status: '422' });
      }
    }
    const sha = buildTree(flat);
    return { status: 201, body: treeJson(sha, false) };
  });
  on('POST', `${R}/git/commits`, (req) => {
    const { message, tree, parents = [] } = req.body;
    if (typeof message !== 'string') throw validationFailed('Commit', 'message', 'message wasn\'t supplied.', 'missing_field');
    if (typeof tree !== 'string' || !objectOf(tree, 'tree')) throw new HttpError(422, { message: 'Tree SHA does not exist', documentation_url: DOCS, status: '422' });
    if (!Array.isArray(parents) || parents.some((p) => typeof p !== 'string' || !objectOf(p, 'commit'))) throw new HttpError(422, { message: 'Parent SHA does not exist or is not a commit object', documentation_url: DOCS, status: '422' });
    const sha = storeObject({ type: 'commit', tree, parents: parents as string[], message, author: viewerAuthor() });
    return { status: 201, body: commitJson(sha) };
  });
  on('POST', `${R}/git/refs`, (req) => {
    const { ref, sha } = req.body;
    if (typeof ref !== 'string' || !/^refs\/[^/]+\/.+/.test(ref)) throw new HttpError(422, { message: 'Reference name is invalid', documentation_url: DOCS, status: '422' });
    if (typeof sha !== 'string' || !objectOf(sha, 'commit')) throw new HttpError(422, { message: 'Object does not exist', documentation_url: DOCS, status: '422' });
    const name = ref.slice('refs/'.length);
    if (state.git.refs.has(name)) throw new HttpError(422, { message: 'Reference already exists', documentation_url: DOCS, status: '422' });
    state.git.refs.set(name, sha);
    return { status: 201, body: refJson(name, sha), headers: { location: `${repoApi()}/git/refs/${name}` } };
  });
  on('PATCH', `${R}/git/refs/{+ref}`, (req) => {
    const name = req.params.ref as string;
    const old = state.git.refs.get(name);
    if (!old) throw new HttpError(422, { message: 'Reference does not exist', documentation_url: DOCS, status: '422' });
    const { sha, force } = req.body;
    if (typeof sha !== 'string' || !objectOf(sha, 'commit')) throw new HttpError(422, { message: 'Object does not exist', documentation_url: DOCS, status: '422' });
    if (force !== true && !isAncestor(old, sha)) throw new HttpError(422, { message: 'Update is not a fast forward', documentation_url: DOCS, status: '422' });
    state.git.refs.set(name, sha);
    return { body: refJson(name, sha) };
  });

  on('GET', `${R}/pulls`, (req) => {
    const st = req.query.get('state') ?? 'open';
    const head = req.query.get('head');
    const base = req.query.get('base');
    const list = [...state.pulls.values()]
      .filter((p) => st === 'all' || p.state === st)
      // `head` is `owner:branch`; GitHub ignores a value without the owner.
      .filter((p) => !head || !head.includes(':') || head.toLowerCase() === `${state.owner}:${p.head.ref}`.toLowerCase())
      .filter((p) => !base || p.base.ref === base)
      .sort((a, b) => b.number - a.number);
    return page(req, '/pulls', list.map(pullSimpleJson));
  });
  on('POST', `${R}/pulls`, (req) => {
    const { title, head, base, body, draft } = req.body;
    if (typeof title !== 'string' || title === '') throw validationFailed('PullRequest', 'title', 'title wasn\'t supplied.', 'missing_field');
    const headRef = typeof head === 'string' ? head.replace(new RegExp(`^${state.owner}:`, 'i'), '') : '';
    const headSha = state.git.refs.get(`heads/${headRef}`);
    const baseSha = typeof base === 'string' ? state.git.refs.get(`heads/${base}`) : undefined;
    if (!headSha) throw validationFailed('PullRequest', 'head', 'head is invalid', 'invalid');
    if (!baseSha || typeof base !== 'string') throw validationFailed('PullRequest', 'base', 'base is invalid', 'invalid');
    if (isAncestor(headSha, baseSha)) throw validationFailed('PullRequest', 'base', `No commits between ${base} and ${headRef}`);
    if ([...state.pulls.values()].some((p) => p.state === 'open' && p.head.ref === headRef && p.base.ref === base)) {
      throw validationFailed('PullRequest', 'head', `A pull request already exists for ${state.owner}:${headRef}.`);
    }
    const before = filesAt(baseSha);
    const after = filesAt(headSha);
    const lines = (t: string | undefined): string[] => (t === undefined ? [] : t.split('\n'));
    const files = [...new Set([...Object.keys(before), ...Object.keys(after)])]
      .filter((f) => before[f] !== after[f])
      .sort()
      .map((filename) => ({
        filename,
        status: before[filename] === undefined ? ('added' as const) : after[filename] === undefined ? ('removed' as const) : ('modified' as const),
        additions: lines(after[filename]).filter((l) => !lines(before[filename]).includes(l)).length,
        deletions: lines(before[filename]).filter((l) => !lines(after[filename]).includes(l)).length,
      }));
    const pull = addPull({
      number: nextNumber(),
      title,
      body: typeof body === 'string' ? body : null,
      user: state.viewer,
      draft: draft === true,
      head: { ref: headRef, sha: headSha },
      base: { ref: base, sha: baseSha },
      merge_commit_sha: null,
      files,
    });
    return { status: 201, body: pullJson(pull), headers: { location: `${repoApi()}/pulls/${pull.number}` } };
  });
  on('POST', `${R}/issues/{issue_number}/labels`, (req) => {
    const i = issueLike(Number(req.params.issue_number));
    if (!i) throw notFound();
    const labels = req.body.labels;
    if (!Array.isArray(labels) || labels.some((l) => typeof l !== 'string' || l === '' || [...l].length > 50)) throw validationFailed('Label', 'name', 'labels must be names of 1 to 50 characters', 'invalid');
    for (const l of labels as string[]) if (!i.labels.some((x) => x.toLowerCase() === l.toLowerCase())) i.labels.push(l);
    i.updated_at = tick();
    return { body: i.labels.map(labelJson) };
  });

  on('POST', '/graphql', (req) => {
    const { query, variables } = req.body;
    const vars = (variables ?? {}) as Record<string, unknown>;
    if (typeof query !== 'string' || !/\benablePullRequestAutoMerge\b/.test(query)) {
      return { body: { errors: [{ message: 'fake-github plays only the enablePullRequestAutoMerge mutation (with $pullRequestId and $mergeMethod variables)' }] } };
    }
    const id = vars.pullRequestId;
    const pull = [...state.pulls.values()].find((p) => nodeId('PullRequest', p.id) === id);
    const fail = (type: string, message: string): { body: unknown } => ({ body: { data: { enablePullRequestAutoMerge: null }, errors: [{ type, path: ['enablePullRequestAutoMerge'], locations: [{ line: 1, column: 1 }], message }] } });
    if (!pull) return fail('NOT_FOUND', `Could not resolve to a node with the global id of '${String(id)}'`);
    if (!state.git.allowAutoMerge) return fail('UNPROCESSABLE', 'Pull request Auto merge is not allowed for this repository');
    if (pull.state !== 'open') return fail('UNPROCESSABLE', 'Pull request is not in the correct state to enable auto-merge');
    const method = vars.mergeMethod === 'SQUASH' || vars.mergeMethod === 'REBASE' ? vars.mergeMethod : 'MERGE';
    pull.auto_merge = { merge_method: method, enabled_by: state.viewer };
    return { body: { data: { enablePullRequestAutoMerge: { pullRequest: { number: pull.number, autoMergeRequest: { mergeMethod: method, enabledAt: tick() } } } } } };
  });

  // ---- GitHub App: installations, tokens, reactions ---------------------------------------------
  const appJson = (app: FakeApp): Record<string, unknown> => ({
    id: app.id,
    slug: app.slug,
    node_id: nodeId('Integration', app.id),
    owner: userJson(knowUser({ login: state.owner, id: 9919, type: 'Organization' })),
    name: app.slug,
    description: '',
    external_url: `${state.serverUrl}/${state.owner}`,
    html_url: `${state.serverUrl}/apps/${app.slug}`,
    created_at: '2026-01-01T00:00:00Z',
    updated_at: '2026-01-01T00:00:00Z',
    permissions: { issues: 'write', pull_requests: 'write', contents: 'write', members: 'read', metadata: 'read' },
    events: ['issue_comment'],
  });
  const installationJson = (app: FakeApp): Record<string, unknown> => ({
    id: app.installationId,
    account: userJson(knowUser({ login: state.owner, id: 9919, type: 'Organization' })),
    app_id: app.id,
    app_slug: app.slug,
    target_type: 'Organization',
    repository_selection: 'all',
    permissions: { issues: 'write', pull_requests: 'write', contents: 'write', members: 'read', metadata: 'read' },
    events: ['issue_comment'],
  });
  const appOf = (): FakeApp => {
    if (!state.app) throw notFound();
    return state.app;
  };
  on('GET', '/app', () => ({ body: appJson(appOf()) }));
  on('GET', `${R}/installation`, () => ({ body: installationJson(appOf()) }));
  on('GET', '/orgs/{org}/installation', (req) => {
    if ((req.params.org as string).toLowerCase() !== state.owner.toLowerCase()) throw notFound();
    return { body: installationJson(appOf()) };
  });
  on('POST', '/app/installations/{installation_id}/access_tokens', (req) => {
    const app = appOf();
    if (Number(req.params.installation_id) !== app.installationId) throw notFound();
    const token = `ghs_fake${String(app.tokens.size + 1).padStart(32, '0')}`;
    app.tokens.add(token);
    return { status: 201, body: { token, expires_at: new Date(clock + 3_600_000).toISOString().replace(/\.\d{3}Z$/, 'Z'), permissions: installationJson(app).permissions, repository_selection: 'all' } };
  });
  on('POST', `${R}/issues/comments/{comment_id}/reactions`, (req) => {
    const c = state.comments.find((x) => x.id === Number(req.params.comment_id));
    if (!c) throw notFound();
    const content = req.body.content;
    if (typeof content !== 'string' || !['+1', '-1', 'laugh', 'confused', 'heart', 'hooray', 'rocket', 'eyes'].includes(content)) throw validationFailed('Reaction', 'content', 'content is not included in the list');
    // The same person's same reaction is answered, not added again (200 instead of 201).
    const same = state.reactions.find((r) => r.comment_id === c.id && r.content === content && r.user.id === state.viewer.id);
    const reaction = same ?? { id: nextId(), comment_id: c.id, content, user: state.viewer, created_at: tick() };
    if (!same) state.reactions.push(reaction);
    return { status: same ? 200 : 201, body: { id: reaction.id, node_id: nodeId('Reaction', reaction.id), user: userJson(reaction.user), content: reaction.content, created_at: reaction.created_at } };
  });

  /** Who may call what when the fake plays a GitHub App: undefined when allowed, else the refusal. */
  const appAuthRefusal = (pathname: string, authorization: string): { status: number; message: string } | undefined => {
    const app = state.app;
    if (!app) return undefined;
    const [scheme = '', credential = ''] = authorization.split(/\s+/, 2);
    const isAppEndpoint = pathname === '/app' || pathname.startsWith('/app/') || /^\/(repos\/[^/]+\/[^/]+|orgs\/[^/]+)\/installation$/.test(pathname);
    if (isAppEndpoint) {
      if (scheme.toLowerCase() !== 'bearer') return { status: 401, message: 'A JSON web token could not be decoded' };
      return jwtRefusal(credential, app);
    }
    if (credential.split('.').length === 3) return { status: 401, message: 'A JSON web token cannot be used here: authenticate as an installation' };
    if (!app.tokens.has(credential)) return { status: 401, message: 'Bad credentials' };
    return undefined;
  };
  const jwtRefusal = (jwt: string, app: FakeApp): { status: number; message: string } | undefined => {
    const [h, p, sig] = jwt.split('.');
    if (!h || !p || !sig) return { status: 401, message: 'A JSON web token could not be decoded' };
    let header: { alg?: string };
    let payload: { iss?: unknown; iat?: number; exp?: number };
    try {
      header = JSON.parse(Buffer.from(h, 'base64url').toString('utf8'));
      payload = JSON.parse(Buffer.from(p, 'base64url').toString('utf8'));
    } catch {
      return { status: 401, message: 'A JSON web token could not be decoded' };
    }
    if (header.alg !== 'RS256') return { status: 401, message: 'A JSON web token could not be decoded' };
    if (String(payload.iss) !== String(app.id)) return { status: 401, message: `'Issuer' claim ('iss') must be the App's id ${app.id}` };
    if (typeof payload.exp !== 'number' || typeof payload.iat !== 'number' || payload.exp - payload.iat > 600) return { status: 401, message: "'Expiration time' claim ('exp') is too far in the future" };
    if (app.publicKey) {
      const key = typeof app.publicKey === 'string' ? createPublicKey(app.publicKey) : app.publicKey;
      if (!verify('RSA-SHA256', Buffer.from(`${h}.${p}`), key, Buffer.from(sig, 'base64url'))) return { status: 401, message: 'A JSON web token could not be decoded' };
    }
    return undefined;
  };

  // ---- server ------------------------------------------------------------------------------
  const requests: RecordedRequest[] = [];
  const failures: (FailureRule & { left: number })[] = [];

  const send = (res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void => {
    const text = JSON.stringify(body);
    res.writeHead(status, {
      'content-type': 'application/json; charset=utf-8',
      'x-github-media-type': 'github.v3; format=json',
      'x-github-api-version-selected': '2022-11-28',
      'x-github-request-id': `FAKE:${requests.length}`,
      ...headers,
    });
    res.end(text);
  };

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const url = new URL(req.url ?? '/', 'http://fake');
    const method = req.method ?? 'GET';
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const raw = Buffer.concat(chunks).toString('utf8');
    const rec: RecordedRequest = {
      method,
      path: url.pathname + url.search,
      pathname: url.pathname,
      query: Object.fromEntries(url.searchParams),
      body: undefined,
      authorization: req.headers.authorization,
      status: 0,
    };
    requests.push(rec);
    const reply = (status: number, body: unknown, headers?: Record<string, string>): void => {
      rec.status = status;
      send(res, status, body, headers);
    };

    let body: Record<string, unknown> = {};
    if (raw.length > 0) {
      try {
        const parsed: unknown = JSON.parse(raw);
        rec.body = parsed;
        if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) body = parsed as Record<string, unknown>;
      } catch {
        rec.body = raw;
        return reply(400, { message: 'Problems parsing JSON', documentation_url: DOCS, status: '400' });
      }
    }

    // Pages linked as /repositories/{id}/... are the same resources as /repos/{owner}/{repo}/...
    let pathname = url.pathname;
    const byId = /^\/repositories\/(\d+)(\/.*)?$/.exec(pathname);
    if (byId) pathname = Number(byId[1]) === state.repoId ? `/repos/${state.owner}/${state.repo}${byId[2] ?? ''}` : '/repositories/unknown';

    let match: { route: Route; params: Record<string, string> } | undefined;
    for (const route of routes) {
      if (route.method !== method) continue;
      const m = route.regex.exec(pathname);
      if (!m) continue;
      const params: Record<string, string> = {};
      route.names.forEach((n, i) => (params[n] = decodeURIComponent(m[i + 1] as string)));
      match = { route, params };
      break;
    }
    if (match) rec.route = `${method} ${match.route.template}`;

    if (!req.headers.authorization) return reply(401, { message: 'Requires authentication', documentation_url: DOCS, status: '401' });
    const refused = appAuthRefusal(pathname, req.headers.authorization);
    if (refused) return reply(refused.status, { message: refused.message, documentation_url: DOCS, status: String(refused.status) });

    const failure = failures.find((f) => f.left > 0 && (!f.method || f.method.toUpperCase() === method) && (typeof f.path === 'string' ? f.path === url.pathname : f.path.test(url.pathname)));
    if (failure) {
      failure.left--;
      return reply(failure.status, { message: failure.message ?? `Injected ${failure.status}`, documentation_url: DOCS, status: String(failure.status) }, failure.headers);
    }

    if (!match) return reply(404, { message: 'Not Found', documentation_url: DOCS, status: '404' });
    const { params } = match;
    if (params.owner !== undefined && (params.owner.toLowerCase() !== state.owner.toLowerCase() || params.repo?.toLowerCase() !== state.repo.toLowerCase())) {
      return reply(404, { message: 'Not Found', documentation_url: DOCS, status: '404' });
    }
    try {
      const linkBase = `/repositories/${state.repoId}`;
      const out = match.route.handler({ params, query: url.searchParams, body, linkBase, authorization: req.headers.authorization });
      reply(out.status ?? 200, out.body, out.headers);
    } catch (e) {
      if (e instanceof HttpError) return reply(e.status, e.payload);
      reply(500, { message: `fake-github: ${e instanceof Error ? e.message : String(e)}` });
    }
  };

  const server = createServer((req, res) => {
    handle(req, res).catch((e: unknown) => {
      if (!res.headersSent) send(res, 500, { message: `fake-github: ${String(e)}` });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  apiUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    url: apiUrl,
    state,
    requests,
    fail: (rule) => void failures.push({ ...rule, left: rule.times ?? 1 }),
    unexpected: () => requests.filter((r) => r.route === undefined),
    addPull,
    addReview,
    commentsOn: (n) => state.comments.filter((c) => c.issue_number === n),
    commit: commitFiles,
    filesAt,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((e) => (e ? reject(e) : resolve()));
      }),
  };
}
