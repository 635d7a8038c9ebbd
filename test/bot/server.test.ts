import { afterEach, describe, expect, it } from 'vitest';
import type { ExpiredOverride } from '../../bot/override-expiry.js';
import type { RunningBot } from '../../bot/start-bot.js';
import type { CommandAnswer } from '../../src/engine/command-answer.js';
import type { Override } from '../../src/model/override.js';
import type { FakeGitHub } from '../support/fake-github.js';
import { startFakeSlackApi } from './slack/support/fake-slack-api.js';
import { FORM, sendToSlackApp, SIGNING_SECRET as SLACK_SIGNING_SECRET, slashCommandBody } from './slack/support/slack-requests.js';
import { appComments, comment, commentEvent, DAVE, deliver, fakeEngine, fakeGitHubApp, seedComment, startGitHubBot, type CapturedLog } from './github/bot-harness.js';

let gh: FakeGitHub | undefined;
let bot: RunningBot | undefined;
afterEach(async () => {
  await bot?.stop('test over');
  await gh?.close();
  bot = undefined;
  gh = undefined;
});

const get = async (url: string): Promise<{ status: number; body: Record<string, unknown> }> => {
  const res = await fetch(url);
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
};

describe('the bot process: one server, health, readiness, shutdown', () => {
  it('answers /healthz while alive and /readyz from the store and the definitions, 404 elsewhere', async () => {
    gh = await fakeGitHubApp();
    const engine = fakeEngine();
    ({ bot } = await startGitHubBot(gh, { engine }));
    expect(await get(`${bot.url}/healthz`)).toEqual({ status: 200, body: { status: 'ok' } });
    expect(await get(`${bot.url}/readyz`)).toMatchObject({ status: 200, body: { status: 'ready', checks: [{ name: 'store', ok: true }, { name: 'definitions', ok: true }] } });
    expect((await get(`${bot.url}/slack/events`)).status).toBe(404);
    expect((await get(`${bot.url}/nowhere`)).status).toBe(404);
    expect((await get(`${bot.url}/api/github/webhooks`)).status).toBe(404);
  });

  it('is not ready when the store does not answer', async () => {
    gh = await fakeGitHubApp();
    const engine = fakeEngine();
    engine.readiness = [
      { name: 'store', ok: false, detail: 'connect ECONNREFUSED 10.0.0.5:5432' },
      { name: 'definitions', ok: true },
    ];
    ({ bot } = await startGitHubBot(gh, { engine }));
    expect(await get(`${bot.url}/readyz`)).toMatchObject({ status: 503, body: { status: 'not ready', checks: [{ name: 'store', ok: false, detail: 'connect ECONNREFUSED 10.0.0.5:5432' }, { ok: true }] } });
    expect((await get(`${bot.url}/healthz`)).status).toBe(200);
  });

  it('serves Slack at /slack/events through the door mounted there', async () => {
    gh = await fakeGitHubApp();
    const seen: string[] = [];
    ({ bot } = await startGitHubBot(gh, {
      engine: fakeEngine(),
      env: { SLACK_BOT_TOKEN: 'xoxb-1-2-abc', SLACK_SIGNING_SECRET: 'slack-signing-secret-xyz' },
      slack: async () => ({
        handler: (req, res) => {
          seen.push(`${req.method} ${req.url}`);
          res.writeHead(200).end();
        },
      }),
    }));
    const res = await fetch(`${bot.url}/slack/events`, { method: 'POST', body: 'command=%2Fqm' });
    expect(res.status).toBe(200);
    expect(seen).toEqual(['POST /slack/events']);
  });

  it('serves both doors on one port: a signed Slack slash command and a GitHub comment reach the one engine', async () => {
    gh = await fakeGitHubApp();
    const slack = await startFakeSlackApi();
    try {
      const engine = fakeEngine(async () => ({ kind: 'refused', reason: 'policy.yml allows nobody to do that' }));
      ({ bot } = await startGitHubBot(gh, { engine, env: { SLACK_BOT_TOKEN: 'xoxb-1-2-abcdef', SLACK_SIGNING_SECRET, SLACK_API_URL: slack.apiUrl } }));
      const body = slashCommandBody({ command: '/qm', text: 'status prod', userId: 'U0ALICE', channelId: 'C0PRODOPS', triggerId: '1.2.3', responseUrl: slack.responseUrl('cmd-1') });
      expect((await sendToSlackApp(`${bot.url}/slack/events`, body, { contentType: FORM })).status).toBe(200);
      const forged = await sendToSlackApp(`${bot.url}/slack/events`, body, { contentType: FORM, secret: 'not-the-signing-secret' });
      expect(forged.status).toBe(401);
      await comment(gh, bot, '/qm status prod', { user: DAVE });
      await until(() => engine.asked.length === 2);
      expect(engine.asked.map((a) => [a.door, a.actor, a.text])).toEqual(expect.arrayContaining([
        ['slack', 'slack:U0ALICE', 'status prod'],
        ['github-comment', 'github:davedev#3318842', 'status prod'],
      ]));
      await bot.stop('test over');
      bot = undefined;
    } finally {
      await slack.close();
    }
  });

  it('shuts down gracefully: refuses new connections, lets the command in flight finish and answer, then closes the store', async () => {
    gh = await fakeGitHubApp();
    let release: () => void = () => undefined;
    const held = new Promise<void>((r) => (release = r));
    let started: () => void = () => undefined;
    const running = new Promise<void>((r) => (started = r));
    const engine = fakeEngine(async () => {
      started();
      await held;
      return { kind: 'refused', reason: 'policy.yml allows nobody to do that' } satisfies CommandAnswer;
    });
    let captured: CapturedLog;
    ({ bot, captured } = await startGitHubBot(gh, { engine, drainMs: 10_000 }));
    const url = bot.url;
    const commentId = seedComment(gh, 1, '/qm shutdown prod', DAVE);
    expect((await deliver(url, 'issue_comment', commentEvent({ body: '/qm shutdown prod', user: DAVE, commentId }))).status).toBe(200);
    await running;

    const stopping = bot.stop('SIGTERM');
    // New connections are refused at once (the load balancer sends them to another replica).
    await expect(fetch(`${url}/healthz`)).rejects.toThrow();
    expect(engine.closed).toBe(false);
    expect(bot.inFlight.size).toBe(1);

    release();
    expect(await stopping).toEqual({ drained: true, left: [] });
    expect(engine.closed).toBe(true);
    const [answer] = appComments(gh);
    expect(answer?.body).toContain('Refused');
    expect(captured.lines.map((l) => l.msg)).toEqual(expect.arrayContaining(['shutting down: no new requests; letting commands in flight finish', 'stopped']));
    bot = undefined;
  });

  it('stops waiting at the bound and says which commands are handed back', async () => {
    gh = await fakeGitHubApp();
    const engine = fakeEngine(() => new Promise<CommandAnswer>(() => undefined));
    let captured: CapturedLog;
    ({ bot, captured } = await startGitHubBot(gh, { engine, drainMs: 300 }));
    const commentId = seedComment(gh, 1, '/qm status', DAVE);
    await deliver(bot.url, 'issue_comment', commentEvent({ body: '/qm status', user: DAVE, commentId }));
    await until(() => engine.asked.length === 1);
    const stopped = await bot.stop('SIGTERM');
    expect(stopped.drained).toBe(false);
    expect(stopped.left).toEqual(['github acme/fleet#1: status']);
    expect(engine.closed).toBe(true);
    expect(captured.lines.find((l) => String(l.msg).startsWith('shutdown bound reached'))).toMatchObject({ left: ['github acme/fleet#1: status'] });
    bot = undefined;
  });

  it('reverts temporary changes on its timer and announces it in the issue they were asked in, once', async () => {
    gh = await fakeGitHubApp();
    const override: Override = {
      id: 'ovr-0123456789ab',
      env: 'dev',
      change: { kind: 'shutdown' },
      owner: 'github:davedev#3318842',
      reason: '/qm shutdown dev --for 1h',
      thread: { door: 'github-comment', channel: 'acme/fleet#1', thread: '1000001' },
      createdAt: '2026-01-05T09:00:00.000Z',
      expiresAt: '2026-01-05T10:00:00.000Z',
      state: 'expired',
    };
    const locked: ExpiredOverride = { override, answer: { kind: 'change', intent: { command: 'startup', target: { env: 'dev' } }, text: 'revert ovr-0123456789ab', outcome: { status: 'locked', env: 'dev', heldBy: 'bot:other pid 7', since: '2026-01-05T10:00:01.000Z', purpose: 'start' } } };
    const ended: ExpiredOverride = { override, answer: { ...locked.answer, outcome: { status: 'no-changes', plan: { envs: ['dev'], actions: [], notices: [], summary: { add: 0, change: 0, destroy: 0, unchanged: 4 }, monthlyCostDelta: 0, fingerprint: 'f', createdAt: '' } as never }, ended: override } as CommandAnswer };
    const engine = fakeEngine();
    const passes = [[locked], [ended], []];
    engine.expireOverrides = async () => passes.shift() ?? [];
    ({ bot } = await startGitHubBot(gh, { engine, expiryEveryMs: 60_000 }));

    await bot.expiry.tick();
    expect(appComments(gh)).toEqual([]);
    await bot.expiry.tick();
    await bot.expiry.tick();
    const told = appComments(gh);
    expect(told).toHaveLength(1);
    expect(told[0]?.body).toContain('Time is up');
    expect(told[0]?.body).toContain('ovr-0123456789ab');
    expect(told[0]?.body).toContain('Ended the temporary change');
  });

  it('acknowledges 20 commands at once within the webhook, each answered once', async () => {
    gh = await fakeGitHubApp();
    const engine = fakeEngine(async (req) => ({ kind: 'refused', reason: `no (${req.text})` }));
    ({ bot } = await startGitHubBot(gh, { engine }));
    const sent = await Promise.all(Array.from({ length: 20 }, (_, i) => comment(gh!, bot!, `/qm status dev${i}`)));
    expect(sent.every((s) => s.status === 200)).toBe(true);
    await bot.inFlight.drain(10_000);
    expect(engine.asked).toHaveLength(20);
    expect(appComments(gh)).toHaveLength(20);
    expect(gh.state.reactions).toHaveLength(20);
    // One installation token, reused.
    expect(gh.requests.filter((r) => r.pathname.endsWith('/access_tokens'))).toHaveLength(1);
  });
});

async function until(check: () => boolean, timeoutMs = 10_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 20));
  }
}
