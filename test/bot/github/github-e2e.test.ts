import { mkdtemp, readdir, readFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { RunningBot } from '../../../bot/start-bot.js';
import { systemClock } from '../../../src/clock.js';
import { createSimProvider, FAST_SIM_TIMINGS } from '../../../src/cloud/sim/index.js';
import { parseEngineSettings } from '../../../src/engine/engine-settings.js';
import { openQuartermaster } from '../../../src/engine/open-quartermaster.js';
import { openStore } from '../../../src/store/open-store.js';
import type { Store } from '../../../src/store/store.js';
import { EXAMPLE_FLEET } from '../../cli/run-qm.js';
import type { FakeGitHub } from '../../support/fake-github.js';
import { ALICE, APP_USER, appComments, BOB, comment, DAVE, fakeGitHubApp, startGitHubBot } from './bot-harness.js';

let gh: FakeGitHub | undefined;
let bot: RunningBot | undefined;
let store: Store | undefined;
afterEach(async () => {
  await bot?.stop('test over');
  await store?.close();
  await gh?.close();
  bot = undefined;
  store = undefined;
  gh = undefined;
});

const actor = (u: { login: string; id: number }) => `github:${u.login}#${u.id}`;

/** The newest answer of the app to a command on an issue or pull request (not its plan comment). */
function lastAnswer(fake: FakeGitHub, issueNumber: number) {
  const answer = appComments(fake, issueNumber).filter((c) => c.body.startsWith('<!-- quartermaster:command-answer -->')).at(-1);
  if (!answer) throw new Error(`no answer on #${issueNumber}`);
  return answer;
}

/** examples/fleet as files, for the fake repository's default branch. */
async function exampleFiles(dir = EXAMPLE_FLEET, prefix = ''): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const e of await readdir(dir, { withFileTypes: true })) {
    const rel = `${prefix}${e.name}`;
    if (e.isDirectory()) Object.assign(out, await exampleFiles(path.join(dir, e.name), `${rel}/`));
    else out[rel] = await readFile(path.join(dir, e.name), 'utf8');
  }
  return out;
}

/**
 * The bot with its real engine: definitions read from the fake's acme/fleet through the App's
 * installation (QM_DEFINITIONS_REPO), the example fleet already applied on a sim, one store.
 */
async function realBot(): Promise<{ gh: FakeGitHub; bot: RunningBot; sim: ReturnType<typeof createSimProvider> }> {
  const files = await exampleFiles();
  const fake = await fakeGitHubApp({ files, teams: { 'acme/sre': [] } });
  const state = await mkdtemp(path.join(os.tmpdir(), 'qm-bot-e2e-'));
  const sim = createSimProvider({ statePath: path.join(state, 'sim-fleet.json'), clock: systemClock, timings: FAST_SIM_TIMINGS });
  const opened = await openStore('memory:bot-e2e', { sqlitePath: path.join(state, 'state.db'), clock: systemClock });
  // Apply the fleet first, as SREs would have (from a checkout of the same files).
  const setup = openQuartermaster({ settings: parseEngineSettings({ QM_STATE_DIR: state }, { dir: EXAMPLE_FLEET }), provider: sim, store: opened });
  for (const env of ['dev', 'staging', 'prod']) {
    const applied = await setup.apply({ envs: [env], actor: actor(ALICE), door: 'cli', command: 'apply', reason: 'setup', holder: 'test', approvedBy: [actor(BOB)] });
    expect(applied.status).toBe('applied');
  }
  const started = await startGitHubBot(fake, { env: { QM_DEFINITIONS_REPO: 'acme/fleet', QM_STATE_DIR: state }, provider: sim, store: opened });
  store = opened;
  return { gh: fake, bot: started.bot, sim };
}

describe('GitHub comments end to end, on the real engine and the sim fleet', () => {
  it('scale prod/web 5: waits for an SRE; the requester and an outsider are refused; an SRE approves; applied once; the receipt in the thread; written back as a pull request', async () => {
    const real = await realBot();
    ({ gh, bot } = real);

    await comment(gh, bot, '/qm scale prod/web 5', { user: ALICE });
    const asked = appComments(gh)[0]!;
    expect(asked.body).toContain('Waiting for approval');
    const id = /req-[0-9a-f]{12}/.exec(asked.body)?.[0];
    expect(id).toBeDefined();

    await comment(gh, bot, `/qm approve ${id}`, { user: ALICE });
    expect(appComments(gh)[1]!.body).toContain('Approval not counted');
    await comment(gh, bot, `/qm approve ${id}`, { user: DAVE });
    expect(appComments(gh)[2]!.body).toContain('Approval not counted');

    await comment(gh, bot, `/qm approve ${id}`, { user: BOB });
    const approved = appComments(gh)[3]!;
    expect(approved.body).toContain('Approved');
    expect(approved.body).toContain('✅ **Applied**');
    expect(approved.body).toMatch(/\| prod\/autoscaling-group\/web/);
    // The requester's answer now carries the receipt too, in place.
    expect(appComments(gh)[0]!.body).toContain('✅ **Applied**');

    // Written back: a pull request on acme/fleet editing exactly desired capacity.
    const pr = [...gh.state.pulls.values()].find((p) => p.head.ref === `qm/${id}`);
    expect(pr).toBeDefined();
    expect(approved.body).toContain(`#${pr!.number}`);
    const before = gh.filesAt('main')['environments/prod/web.yml']!;
    const after = gh.filesAt(`qm/${id}`)['environments/prod/web.yml']!;
    expect(after).not.toBe(before);
    expect(after).toMatch(/desired_capacity: 5/);
    expect(after.replace(/\n\s*desired_capacity: 5/, '')).toBe(before.replace(/\n\s*desired_capacity: \d+/, ''));

    // A redelivered approval applies nothing twice.
    await comment(gh, bot, `/qm approve ${id}`, { user: BOB });
    expect(appComments(gh)[4]!.body).toContain('Approval not counted');
    expect(gh.state.reactions.filter((r) => r.content === 'eyes')).toHaveLength(5);
    expect(gh.unexpected()).toEqual([]);
    expect(appComments(gh).every((c) => c.user.login === APP_USER.login)).toBe(true);
  });

  it('/qm plan and /qm apply on a pull request: plans its head, applies exactly that plan, and never trusts a plan comment it did not write', async () => {
    const real = await realBot();
    ({ gh, bot } = real);
    const main = gh.filesAt('main');
    const web = main['environments/dev/web.yml']!;
    const edited = web.replace(/max_size: (\d+)/, (_m, n: string) => `max_size: ${Number(n) + 1}`);
    expect(edited).not.toBe(web);
    const head = gh.commit('more-dev-web', { ...main, 'environments/dev/web.yml': edited }, 'More room for dev web');
    gh.addPull({ number: 7, user: DAVE, head: { ref: 'more-dev-web', sha: head }, files: ['environments/dev/web.yml'] });

    // Someone pastes a plan comment of their own: it is not the app's, so it is not applied.
    await comment(gh, bot, '<!-- quartermaster:plan-comment key=qm-bot -->\n<!-- quartermaster:plan-data {"fingerprint":"x","envs":["prod"],"add":0,"change":0,"destroy":0} -->', { user: DAVE, issueNumber: 7, onPullRequest: true });
    await comment(gh, bot, '/qm apply', { user: DAVE, issueNumber: 7, onPullRequest: true });
    expect(lastAnswer(gh, 7).body).toContain('Nothing applied');

    await comment(gh, bot, '/qm plan', { user: DAVE, issueNumber: 7, onPullRequest: true });
    const planComment = appComments(gh, 7).find((c) => c.body.startsWith('<!-- quartermaster:plan-comment key=qm-bot -->'));
    expect(planComment?.body).toMatch(/dev\**: 0 to add, 1 to change, 0 to destroy/);
    expect(lastAnswer(gh, 7).body).toContain('Planned');

    await comment(gh, bot, '/qm apply', { user: DAVE, issueNumber: 7, onPullRequest: true });
    const applied = lastAnswer(gh, 7);
    expect(applied.body).toContain('✅ **Applied**');
    expect(applied.body).toContain('dev/autoscaling-group/web');
    // What the pull request asked is what runs now: its plan has nothing left to do.
    await comment(gh, bot, '/qm plan', { user: DAVE, issueNumber: 7, onPullRequest: true });
    expect(lastAnswer(gh, 7).body).toContain('No changes');
    expect(appComments(gh, 7).filter((c) => c.body.startsWith('<!-- quartermaster:plan-comment'))).toHaveLength(1);
  });

  it('/qm apply on a pull request is the author\'s change, whoever comments it: the author\'s own approval never counts', async () => {
    const real = await realBot();
    ({ gh, bot } = real);
    const main = gh.filesAt('main');
    const web = main['environments/prod/web.yml']!;
    // prod/web from min 2 to min 4: a capacity change over 50%, which needs one SRE's approval.
    const edited = web.replace(/min_size: 2/, 'min_size: 4');
    expect(edited).not.toBe(web);
    const head = gh.commit('more-prod-web', { ...main, 'environments/prod/web.yml': edited }, 'More prod web');
    gh.addPull({ number: 8, user: ALICE, head: { ref: 'more-prod-web', sha: head }, files: ['environments/prod/web.yml'] });

    await comment(gh, bot, '/qm plan', { user: BOB, issueNumber: 8, onPullRequest: true });
    await comment(gh, bot, '/qm apply', { user: BOB, issueNumber: 8, onPullRequest: true });
    const waiting = lastAnswer(gh, 8).body;
    expect(waiting).toContain('Waiting for approval');
    const id = /req-[0-9a-f]{12}/.exec(waiting)?.[0];
    expect(id).toBeDefined();

    // Alice wrote the pull request: her approval is refused, although she is an SRE.
    await comment(gh, bot, `/qm approve ${id}`, { user: ALICE, issueNumber: 8, onPullRequest: true });
    expect(lastAnswer(gh, 8).body).toContain('Approval not counted');
    expect(lastAnswer(gh, 8).body).toMatch(/cannot approve it/);
  });
});
