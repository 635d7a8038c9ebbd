import { createHmac, generateKeyPairSync, randomUUID, type KeyObject } from 'node:crypto';
import { mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { ProbotOctokit } from 'probot';
import { parseBotConfig, type BotConfig } from '../../../bot/bot-config.js';
import type { BotEngine, ReadyCheck } from '../../../bot/bot-engine.js';
import { createBotLogger } from '../../../bot/bot-logger.js';
import { startBot, type RunningBot, type StartBotOptions } from '../../../bot/start-bot.js';
import type { CommandAnswer } from '../../../src/engine/command-answer.js';
import type { CommandRequest } from '../../../src/engine/run-command.js';
import { loadWebhookExample, retargetPayload } from '../../support/run-action.js';
import { startFakeGitHub, type FakeGitHub, type FakeGitHubSeed, type FakeUser } from '../../support/fake-github.js';

/** The App as the fake GitHub knows it; its comments are by `quartermaster[bot]`. */
export const APP = { id: 424242, slug: 'quartermaster', installationId: 31_415_926 } as const;
export const APP_USER: FakeUser = { login: 'quartermaster[bot]', id: 41_000_042, type: 'Bot' };
export const WEBHOOK_SECRET = 'whsec-test-0a1b2c3d4e5f';

/** People of examples/fleet/policy.yml. */
export const ALICE: FakeUser = { login: 'alice-ops', id: 583231, type: 'User' };
export const BOB: FakeUser = { login: 'bobsre', id: 1047754, type: 'User' };
export const DAVE: FakeUser = { login: 'davedev', id: 3318842, type: 'User' };

let keys: { privateKey: string; publicKey: KeyObject } | undefined;

/** One RSA key for the test file, as a GitHub App's private key (PEM, PKCS#1 like GitHub's). */
export function appKeys(): { privateKey: string; publicKey: KeyObject } {
  if (!keys) {
    const pair = generateKeyPairSync('rsa', { modulusLength: 2048 });
    keys = { privateKey: pair.privateKey.export({ type: 'pkcs1', format: 'pem' }).toString(), publicKey: pair.publicKey };
  }
  return keys;
}

/** A fake GitHub playing the App: JWTs checked against its key, installation tokens issued. */
export async function fakeGitHubApp(seed: FakeGitHubSeed = {}): Promise<FakeGitHub> {
  return startFakeGitHub({
    repository: 'acme/fleet',
    viewer: APP_USER,
    users: [ALICE, BOB, DAVE],
    issues: [{ number: 1, title: 'Capacity for the launch', user: DAVE }],
    ...seed,
    app: { ...APP, publicKey: appKeys().publicKey },
  });
}

/** probot's Octokit with throttling and retries off: a failure in a test shows at once. */
export const TEST_OCTOKIT = ProbotOctokit.defaults((o: Record<string, unknown>) => ({ ...o, throttle: { ...(o.throttle as object), enabled: false }, retry: { enabled: false } })) as typeof ProbotOctokit;

/** The bot's environment for the GitHub door against the fake. */
export function githubEnv(gh: FakeGitHub, extra: Record<string, string> = {}): Record<string, string> {
  return { APP_ID: String(APP.id), PRIVATE_KEY: appKeys().privateKey, WEBHOOK_SECRET, GITHUB_API_URL: gh.url, PORT: '0', ...extra };
}

/** Log lines the bot wrote, parsed. */
export interface CapturedLog {
  lines: Record<string, unknown>[];
  text(): string;
}

export function captureLog(config: Pick<BotConfig, 'secrets'>, level: BotConfig['logLevel'] = 'debug'): { log: ReturnType<typeof createBotLogger>; captured: CapturedLog } {
  let raw = '';
  const destination = new Writable({
    write(chunk: Buffer, _enc, cb) {
      raw += chunk.toString('utf8');
      cb();
    },
  });
  const log = createBotLogger({ level, secrets: config.secrets, destination: { write: (s: string) => destination.write(s) } });
  return {
    log,
    captured: {
      get lines() {
        return raw
          .split('\n')
          .filter(Boolean)
          .map((l) => JSON.parse(l) as Record<string, unknown>);
      },
      text: () => raw,
    },
  };
}

/** A scripted BotEngine: answers commands with `answer(req)`, records what was asked. */
export interface FakeEngine extends BotEngine {
  asked: CommandRequest[];
  answer: (req: CommandRequest) => Promise<CommandAnswer>;
  readiness: ReadyCheck[];
  closed: boolean;
}

export function fakeEngine(answer: (req: CommandRequest) => Promise<CommandAnswer> = async () => ({ kind: 'help', topics: [] })): FakeEngine {
  const engine: FakeEngine = {
    asked: [],
    answer,
    readiness: [
      { name: 'store', ok: true },
      { name: 'definitions', ok: true },
    ],
    closed: false,
    async command(req) {
      engine.asked.push(req);
      return engine.answer(req);
    },
    expireOverrides: async () => [],
    channelEnv: async () => undefined,
    request: async () => undefined,
    requests: async () => [],
    approvalsOf: async () => [],
    openAt: async () => {
      throw new Error('the fake engine has no pull request facade');
    },
    ready: async () => engine.readiness,
    async close() {
      engine.closed = true;
    },
  };
  return engine;
}

/** Starts the whole bot (real server, real probot) with the GitHub door against the fake. */
export async function startGitHubBot(gh: FakeGitHub, opts: Partial<StartBotOptions> & { env?: Record<string, string> } = {}): Promise<{ bot: RunningBot; captured: CapturedLog; config: BotConfig }> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'qm-bot-'));
  const env: Record<string, string> = { QM_STATE_DIR: path.join(dir, '.qm'), ...githubEnv(gh), ...(opts.env ?? {}) };
  // The definitions: the repository when the test names one, else a scratch directory.
  const config = parseBotConfig(env, env.QM_DEFINITIONS_REPO ? {} : { dir });
  const { log, captured } = captureLog(config);
  const bot = await startBot({ config, log, Octokit: TEST_OCTOKIT, host: '127.0.0.1', progressEveryMs: 0, drainMs: 5_000, ...opts });
  return { bot, captured, config };
}

export interface CommentEventOptions {
  body: string;
  user?: FakeUser;
  issueNumber?: number;
  /** The comment's id; the fake must know it for a reaction (see seedComment). */
  commentId: number;
  onPullRequest?: boolean;
}

/** A real `issue_comment.created` payload (@octokit/webhooks-examples), pointed at acme/fleet and the fake's installation. */
export function commentEvent(opts: CommentEventOptions): Record<string, unknown> {
  const example = loadWebhookExample('issue_comment', (p) => p.action === 'created' && p.installation !== undefined);
  const p = retargetPayload(example, { repository: 'acme/fleet' }) as unknown as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- a payload edited in place
  const user = opts.user ?? DAVE;
  const account = { ...p.sender, login: user.login, id: user.id, type: user.type ?? 'User', node_id: `U_${user.id}` };
  p.installation = { ...p.installation, id: APP.installationId };
  p.sender = account;
  p.comment = { ...p.comment, id: opts.commentId, body: opts.body, user: account, html_url: `https://github.com/acme/fleet/issues/${opts.issueNumber ?? 1}#issuecomment-${opts.commentId}` };
  p.issue = { ...p.issue, number: opts.issueNumber ?? 1 };
  if (opts.onPullRequest) p.issue.pull_request = { url: `https://api.github.com/repos/acme/fleet/pulls/${opts.issueNumber}`, html_url: `https://github.com/acme/fleet/pull/${opts.issueNumber}`, diff_url: '', patch_url: '', merged_at: null };
  else delete p.issue.pull_request;
  return p;
}

/** Adds the comment a webhook is about to the fake, as GitHub would have it; answers its id. */
export function seedComment(gh: FakeGitHub, issueNumber: number, body: string, user: FakeUser): number {
  const id = 7_000_000 + gh.state.comments.length + Math.floor(Math.random() * 1000) * 1000;
  gh.state.comments.push({ id, issue_number: issueNumber, body, user, created_at: '2026-01-05T09:00:00Z', updated_at: '2026-01-05T09:00:00Z' });
  return id;
}

/** Signs the payload as GitHub does (`x-hub-signature-256`) and POSTs it to the bot. */
export async function deliver(url: string, event: string, payload: unknown, opts: { secret?: string; signature?: string } = {}): Promise<{ status: number; text: string }> {
  const body = JSON.stringify(payload);
  const signature = opts.signature ?? `sha256=${createHmac('sha256', opts.secret ?? WEBHOOK_SECRET).update(body).digest('hex')}`;
  const res = await fetch(`${url}/api/github/webhooks`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-github-event': event, 'x-github-delivery': randomUUID(), 'x-hub-signature-256': signature, 'user-agent': 'GitHub-Hookshot/fake' },
    body,
  });
  return { status: res.status, text: await res.text() };
}

/** A user comments `body` on issue (or PR) `issueNumber`: seeded in the fake and delivered to the bot. */
export async function comment(gh: FakeGitHub, bot: Pick<RunningBot, 'url' | 'inFlight'>, body: string, opts: { user?: FakeUser; issueNumber?: number; onPullRequest?: boolean } = {}): Promise<{ status: number; commentId: number }> {
  const issueNumber = opts.issueNumber ?? 1;
  const user = opts.user ?? DAVE;
  const commentId = seedComment(gh, issueNumber, body, user);
  const res = await deliver(bot.url, 'issue_comment', commentEvent({ body, user, issueNumber, commentId, ...(opts.onPullRequest ? { onPullRequest: true } : {}) }));
  await bot.inFlight.drain(20_000);
  return { status: res.status, commentId };
}

/** The app's comments on an issue, oldest first. */
export function appComments(gh: FakeGitHub, issueNumber = 1) {
  return gh.commentsOn(issueNumber).filter((c) => c.user.login === APP_USER.login);
}
