import { cp, mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { fakeSha, startFakeGitHub, type FakeGitHub, type FakeGitHubSeed } from '../support/fake-github.js';
import { loadWebhookExample, retargetPayload, runAction, type ActionRun } from '../support/run-action.js';

export const REPO = 'acme/fleet';
const ROOT = fileURLToPath(new URL('../..', import.meta.url));
export const BUNDLES = {
  plan: path.join(ROOT, 'actions/plan/dist/index.js'),
  apply: path.join(ROOT, 'actions/apply/dist/index.js'),
  drift: path.join(ROOT, 'actions/drift/dist/index.js'),
  root: path.join(ROOT, 'actions/qm/dist/index.js'),
};

/** People of examples/fleet/policy.yml, as GitHub users. */
export const DAVE = { login: 'davedev', id: 3318842 };
export const ALICE = { login: 'alice-ops', id: 583231 };
export const BOB = { login: 'bobsre', id: 1047754 };
export const MALLORY = { login: 'mallory', id: 6660666 };

export const HEAD = fakeSha('head');

/** A checkout of a definitions repository (the example fleet at its root) with its sim fleet beside it. */
export interface Workspace {
  dir: string;
  env: Record<string, string>;
}

export async function exampleWorkspace(): Promise<Workspace> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'qm-action-'));
  await cp(path.join(ROOT, 'examples/fleet'), dir, { recursive: true });
  // The sim fleet and nothing else persists between runs of one test, as a real fleet would.
  const beside = (what: string) => path.join(dir, '..', `${path.basename(dir)}-${what}`);
  return { dir, env: { QM_SIM_STATE: beside('sim.json'), QM_SIM_SPEED: 'fast', RUNNER_TEMP: beside('runner-temp') } };
}

export async function fakeGitHub(seed: FakeGitHubSeed): Promise<FakeGitHub> {
  return startFakeGitHub({ repository: REPO, ...seed });
}

/** A real `pull_request` payload pointed at PR `number` of acme/fleet with head `sha`. */
export function pullRequestEvent(number: number, sha = HEAD, action = 'synchronize'): unknown {
  const p = retargetPayload(loadWebhookExample('pull_request', (e) => e.action === action), { repository: REPO });
  p.pull_request.number = number;
  p.number = number;
  p.pull_request.head.sha = sha;
  return p;
}

/** Runs a bundled action as the runner does against the fake GitHub, on the sim provider. */
export function runBundle(bundle: string, ws: Workspace, gh: FakeGitHub, opts: { eventName: string; event: unknown; inputs?: Record<string, string>; env?: Record<string, string> }): Promise<ActionRun> {
  return runAction({
    bundle,
    cwd: ws.dir,
    apiUrl: gh.url,
    eventName: opts.eventName,
    eventPayload: opts.event,
    inputs: { provider: 'sim', ...opts.inputs },
    env: { GITHUB_REPOSITORY: REPO, GITHUB_SHA: HEAD, GITHUB_RUN_ID: '4242', ...ws.env, ...opts.env },
    timeoutMs: 60_000,
    // The root action's bundle lives under actions/qm/, its action.yml (with the input defaults) at the root.
    ...(bundle === BUNDLES.root ? { actionYml: path.join(ROOT, 'action.yml') } : {}),
  });
}

export const MERGE = fakeSha('merge');

/** A real `push` payload of a branch push to main that brought `sha`. */
export function pushEvent(sha = MERGE): unknown {
  const p = retargetPayload(loadWebhookExample('push', (e) => e.ref.startsWith('refs/heads/')), { repository: REPO });
  p.ref = 'refs/heads/main';
  p.after = sha;
  return p;
}

/** Marks PR `number` merged as `sha`, as GitHub does when the merge button is pressed. */
export function merge(gh: FakeGitHub, number: number, sha = MERGE): void {
  const pr = gh.state.pulls.get(number);
  if (!pr) throw new Error(`no PR ${number}`);
  Object.assign(pr, { state: 'closed', merged_at: '2026-01-05T10:00:00Z', merge_commit_sha: sha });
}
