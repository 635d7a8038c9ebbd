import { afterEach, describe, expect, it } from 'vitest';
import type { RunningBot } from '../../../bot/start-bot.js';
import type { CommandAnswer } from '../../../src/engine/command-answer.js';
import type { ApprovalRequest } from '../../../src/store/store.js';
import type { FakeGitHub } from '../../support/fake-github.js';
import { ALICE, APP_USER, appComments, BOB, comment, commentEvent, DAVE, deliver, fakeEngine, fakeGitHubApp, seedComment, startGitHubBot, type CapturedLog } from './bot-harness.js';

let gh: FakeGitHub | undefined;
let bot: RunningBot | undefined;
afterEach(async () => {
  await bot?.stop('test over');
  await gh?.close();
  bot = undefined;
  gh = undefined;
});

const NOW = '2026-01-05T09:00:00.000Z';

function request(over: Partial<ApprovalRequest> = {}): ApprovalRequest {
  return {
    id: 'req-0123456789ab',
    actor: 'github:davedev#3318842',
    door: 'github-comment',
    command: 'scale',
    envs: ['prod'],
    scope: 'scale prod',
    fingerprint: 'f'.repeat(64),
    reason: '/qm scale prod/web t3.large',
    requirements: [{ group: 'sre', count: 1, reason: 'prod-downtime: resizes prod/web' }],
    state: 'requested',
    createdAt: NOW,
    updatedAt: NOW,
    expiresAt: '2026-01-05T11:00:00.000Z',
    approvals: [],
    version: 1,
    ...over,
  };
}

const plan = { envs: ['prod'], actions: [], notices: [], summary: { add: 0, change: 0, destroy: 0, unchanged: 3 }, monthlyCostDelta: 0, fingerprint: 'f'.repeat(64), createdAt: NOW } as never;

function waiting(req = request()): CommandAnswer {
  return {
    kind: 'change',
    intent: { command: 'scale', target: { env: 'prod', kind: 'autoscaling-group', name: 'web' }, instanceType: 't3.large' },
    text: 'scale prod/web t3.large',
    outcome: { status: 'needs-approval', plan, request: req, reused: false },
    approvals: [{ group: 'sre', count: 1, reason: 'prod-downtime: resizes prod/web', approvers: ['alice', 'bob'], approvedBy: [] }],
  };
}

describe('the GitHub comment door, over real signed webhooks into the real probot app', () => {
  it('acknowledges a /qm comment with 👀 at once and answers in one comment, updated in place', async () => {
    gh = await fakeGitHubApp();
    let release: () => void = () => undefined;
    const held = new Promise<void>((r) => (release = r));
    const engine = fakeEngine(async (req) => {
      // The command is still running while the webhook has been answered and the reaction given.
      req.onEvent?.({ type: 'apply-started', total: 1, envs: ['prod'], at: NOW, message: 'Applying 1 change in prod' });
      await held;
      return waiting();
    });
    ({ bot } = await startGitHubBot(gh, { engine }));

    const commentId = seedComment(gh, 1, '/qm scale prod/web t3.large\nfor the launch', DAVE);
    const res = await deliver(bot.url, 'issue_comment', commentEvent({ body: '/qm scale prod/web t3.large\nfor the launch', user: DAVE, commentId }));
    expect(res.status).toBe(200);
    expect(gh.state.reactions).toEqual([expect.objectContaining({ comment_id: commentId, content: 'eyes' })]);
    await until(() => appComments(gh!).length === 1 && appComments(gh!)[0]!.body.includes('Applying'));
    release();
    await bot.inFlight.drain(10_000);

    const answers = appComments(gh);
    expect(answers).toHaveLength(1);
    expect(answers[0]!.body).toContain('Waiting for approval');
    expect(answers[0]!.body).toContain('req-0123456789ab');
    expect(answers[0]!.body).toContain('/qm approve req-0123456789ab');
    // Created once, then edited: progress and the answer.
    expect(gh.requests.filter((r) => r.method === 'POST' && r.pathname === '/repos/acme/fleet/issues/1/comments')).toHaveLength(1);
    expect(gh.requests.filter((r) => r.method === 'PATCH' && r.pathname === `/repos/acme/fleet/issues/comments/${answers[0]!.id}`).length).toBeGreaterThanOrEqual(1);

    expect(engine.asked).toHaveLength(1);
    expect(engine.asked[0]).toMatchObject({
      text: 'scale prod/web t3.large',
      actor: 'github:davedev#3318842',
      door: 'github-comment',
      holder: bot.holder,
      thread: { door: 'github-comment', channel: 'acme/fleet#1', thread: String(answers[0]!.id) },
    });
    expect(gh.unexpected()).toEqual([]);
  });

  it('refuses a webhook with a bad signature: 400, no reaction, no command, no comment', async () => {
    gh = await fakeGitHubApp();
    const engine = fakeEngine();
    let captured: CapturedLog;
    ({ bot, captured } = await startGitHubBot(gh, { engine }));
    const commentId = seedComment(gh, 1, '/qm status', DAVE);
    const payload = commentEvent({ body: '/qm status', user: DAVE, commentId });

    const forged = await deliver(bot.url, 'issue_comment', payload, { secret: 'not-the-secret' });
    const unsigned = await deliver(bot.url, 'issue_comment', payload, { signature: 'sha256=' });
    await bot.inFlight.drain(5_000);
    expect(forged.status).toBe(400);
    expect(unsigned.status).toBe(400);
    expect(engine.asked).toEqual([]);
    expect(gh.state.reactions).toEqual([]);
    expect(appComments(gh)).toEqual([]);
    expect(gh.requests).toEqual([]);
    expect(captured.text()).not.toContain('whsec-test');
    // An unauthenticated body is not written to the log: the delivery is named, not its payload.
    expect(captured.text()).not.toContain('/qm status');
    expect(captured.text()).toContain('payload omitted');
  });

  it('answers a redelivered webhook once', async () => {
    gh = await fakeGitHubApp();
    const engine = fakeEngine(async () => ({ kind: 'refused', reason: 'not today' }));
    ({ bot } = await startGitHubBot(gh, { engine }));
    const commentId = seedComment(gh, 1, '/qm shutdown dev', DAVE);
    const payload = commentEvent({ body: '/qm shutdown dev', user: DAVE, commentId });
    expect((await deliver(bot.url, 'issue_comment', payload)).status).toBe(200);
    expect((await deliver(bot.url, 'issue_comment', payload)).status).toBe(200);
    await bot.inFlight.drain(5_000);
    expect(engine.asked).toHaveLength(1);
    expect(appComments(gh)).toHaveLength(1);
  });

  it('ignores comments by bots (itself included) and comments that are not commands', async () => {
    gh = await fakeGitHubApp();
    const engine = fakeEngine();
    ({ bot } = await startGitHubBot(gh, { engine }));
    const dependabot = { login: 'dependabot[bot]', id: 49699333, type: 'Bot' as const };
    await comment(gh, bot, '/qm shutdown prod', { user: dependabot });
    await comment(gh, bot, '/qm help', { user: APP_USER });
    await comment(gh, bot, 'Can someone run /qm status?', { user: DAVE });
    await comment(gh, bot, '/qmstatus', { user: DAVE });
    expect(engine.asked).toEqual([]);
    expect(gh.state.reactions).toEqual([]);
    // No call at all: not even an installation token was asked for.
    expect(gh.requests).toEqual([]);
  });

  it("refuses the requester's own approval, and updates the requester's answer when an SRE approves", async () => {
    gh = await fakeGitHubApp();
    const req = request();
    const engine = fakeEngine(async (r) => {
      if (r.text.startsWith('scale')) return waiting(req);
      if (r.actor === 'github:davedev#3318842') return { kind: 'vote', outcome: { outcome: 'refused', code: 'self-approval', reason: 'davedev asked for this change: someone else must approve it' } } as CommandAnswer;
      const approved = { ...req, state: 'applied' as const, approvals: [{ approver: 'github:bobsre#1047754', door: 'github-comment' as const, at: NOW, fingerprint: req.fingerprint, groups: ['sre'] }] };
      return { kind: 'vote', outcome: { outcome: 'approved', request: approved } };
    });
    ({ bot } = await startGitHubBot(gh, { engine }));

    await comment(gh, bot, '/qm scale prod/web t3.large', { user: DAVE });
    const [asked] = appComments(gh);
    expect(asked?.body).toContain('Waiting for approval');

    await comment(gh, bot, `/qm approve ${req.id}`, { user: DAVE });
    const own = appComments(gh)[1];
    expect(own?.body).toContain('Approval not counted');
    expect(own?.body).toContain('someone else must approve it');
    expect(appComments(gh)[0]?.body).toContain('Waiting for approval');

    await comment(gh, bot, `/qm approve ${req.id}`, { user: BOB });
    const answers = appComments(gh);
    expect(answers).toHaveLength(3);
    expect(answers[2]?.body).toContain('Approved');
    // The requester's answer now says it was approved, in place.
    expect(answers[0]?.body).toContain('Approved');
    expect(answers[0]?.body).toContain('bobsre');
    expect(answers[0]?.body).toContain('<!-- quartermaster:request id=req-0123456789ab -->');
    expect(engine.asked.map((a) => a.actor)).toEqual(['github:davedev#3318842', 'github:davedev#3318842', 'github:bobsre#1047754']);
  });

  it('answers a fault in the comment without secrets, and keeps serving', async () => {
    gh = await fakeGitHubApp();
    const engine = fakeEngine(async () => {
      throw new Error(`connect ECONNREFUSED with key ${ALICE.login}`);
    });
    let captured: CapturedLog;
    ({ bot, captured } = await startGitHubBot(gh, { engine }));
    await comment(gh, bot, '/qm status', { user: DAVE });
    const [answer] = appComments(gh);
    expect(answer?.body).toContain('could not finish this');
    expect(answer?.body).toContain('an unexpected error');
    expect(answer?.body).not.toContain('ECONNREFUSED');
    expect(captured.lines.some((l) => l.msg === 'command failed')).toBe(true);
    expect(captured.text()).not.toContain('BEGIN RSA PRIVATE KEY');
    expect(captured.text()).not.toMatch(/ghs_fake\d+/);
  });
});

async function until(check: () => boolean, timeoutMs = 10_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 20));
  }
}
