import type { IncomingMessage, ServerResponse } from 'node:http';
import { App, HTTPReceiver, HTTPReceiverDeferredRequestError, webApi, type BlockAction, type ButtonAction, type Logger } from '@slack/bolt';
import { ConfigInvalidError } from '../../src/errors.js';
import type { MembershipResolver } from '../../src/gates/index.js';
import { SLACK_ACTION_IDS } from '../../src/render/slack/index.js';
import type { CommandAnswer } from '../../src/engine/command-answer.js';
import type { Override } from '../../src/model/override.js';
import { announceRevert } from './announce-revert.js';
import { handleAppHome } from './handle-app-home.js';
import { handleApprovalClick } from './handle-approval-click.js';
import { handleSlashCommand } from './handle-slash-command.js';
import { createRecentDeliveries } from './recent-deliveries.js';
import type { SlackDoorContext } from './slack-door-context.js';
import type { SlackEngine } from './slack-engine.js';
import { createSlackMembership } from './slack-membership.js';
import type { SlackSettings } from './slack-settings.js';

/** Where Slack sends slash commands, interactivity and events over HTTP. */
export const SLACK_EVENTS_PATH = '/slack/events';

export const DEFAULT_SLACK_COMMANDS = { main: '/qm', aliases: ['/scale', '/shutdown', '/startup'] } as const;

export interface SlackAppDeps {
  settings: SlackSettings;
  engine: SlackEngine;
  /** Slack user groups for the App Home; default: createSlackMembership over the bot's client. Pass the one the engine uses, to share its cache. */
  membership?: MembershipResolver;
  /** Default: Bolt's console logger. */
  logger?: Logger;
  /** Web API behaviour beyond the base URL; default retries five times in about five minutes (Slack's default is 30 minutes). */
  clientOptions?: { retryConfig?: webApi.RetryOptions; timeout?: number };
  now?: () => number;
}

export interface SlackDoor {
  app: App;
  /**
   * HTTP: serves POST /slack/events (signatures verified, 5-minute window), answers 404 to
   * anything else. Mount it on the bot's one server. Undefined in Socket Mode.
   */
  requestListener?: (req: IncomingMessage, res: ServerResponse) => void;
  /** Who is in which Slack user group, asked of Slack (the one the door uses). */
  membership: MembershipResolver;
  /** Checks the bot token (auth.test, a clear error when refused); Socket Mode: connects. */
  start(): Promise<void>;
  /** Waits for the work acknowledged but not finished, then disconnects Socket Mode. */
  stop(): Promise<void>;
  /** Resolves once no acknowledged work is in flight. */
  idle(): Promise<void>;
  /** Posts a temporary change's revert where it was asked in Slack (see announceRevert); false for other doors' overrides. */
  announceRevert(override: Override, answer: CommandAnswer): Promise<boolean>;
}

/**
 * The Slack door: a Bolt app whose listeners turn slash commands, Approve/Deny clicks and App
 * Home visits into engine calls and Block Kit answers. Socket Mode when `settings.appToken` is
 * set, otherwise an HTTP receiver whose request listener the bot server mounts at
 * /slack/events. The Web API base is `settings.apiUrl` (SLACK_API_URL).
 *
 * @example
 * const door = createSlackApp({ settings, engine: qm, membership });
 * await door.start();
 * server.on('request', (req, res) => (req.url?.startsWith(SLACK_EVENTS_PATH) ? door.requestListener!(req, res) : other(req, res)));
 */
export function createSlackApp(deps: SlackAppDeps): SlackDoor {
  const { settings } = deps;
  const socketMode = settings.appToken !== undefined;
  if (!socketMode && !settings.signingSecret) {
    throw new ConfigInvalidError('the Slack door receives HTTP requests but has no signing secret to verify them', { fix: 'set SLACK_SIGNING_SECRET, or SLACK_APP_TOKEN for Socket Mode' });
  }
  const clientOptions: webApi.WebClientOptions = {
    ...(settings.apiUrl ? { slackApiUrl: settings.apiUrl } : {}),
    retryConfig: deps.clientOptions?.retryConfig ?? webApi.retryPolicies.fiveRetriesInFiveMinutes,
    ...(deps.clientOptions?.timeout ? { timeout: deps.clientOptions.timeout } : {}),
    // The token only ever goes to the configured API base.
    allowAbsoluteUrls: false,
  };
  const botClient = new webApi.WebClient(settings.botToken, { ...clientOptions, ...(deps.logger ? { logger: deps.logger } : {}) });
  const identity = botIdentity(botClient, settings.verifyToken !== false);

  const receiver = socketMode
    ? undefined
    : new HTTPReceiver({
        signingSecret: settings.signingSecret!,
        endpoints: SLACK_EVENTS_PATH,
        // Answer Slack at ack(), before the work: the 3-second deadline holds however long it takes.
        processBeforeResponse: false,
        ...(deps.logger ? { logger: deps.logger } : {}),
      });
  const app = new App({
    ...(socketMode ? { socketMode: true, appToken: settings.appToken } : { receiver }),
    // One auth.test for the process, retried after a failure (Bolt's own caches a failure forever).
    authorize: async () => ({ botToken: settings.botToken, ...(await identity()) }),
    clientOptions,
    convoStore: false,
    // It drops the bot's own message events; the door listens to none.
    ignoreSelf: false,
    ...(deps.logger ? { logger: deps.logger } : {}),
  });

  const inFlight = new Set<Promise<unknown>>();
  const ttl = settings.dedupeTtlMs ?? 5 * 60_000;
  const membership = deps.membership ?? createSlackMembership(botClient);
  const ctx: SlackDoorContext = {
    engine: deps.engine,
    membership,
    holder: settings.holder,
    logger: app.logger,
    deliveries: createRecentDeliveries({ ttlMs: ttl, ...(deps.now ? { now: deps.now } : {}) }),
    submissions: createRecentDeliveries({ ttlMs: 10_000, ...(deps.now ? { now: deps.now } : {}) }),
    approvalMessages: new Map(),
    track(work) {
      inFlight.add(work);
      void work.finally(() => inFlight.delete(work)).catch(() => undefined);
      return work;
    },
  };

  // One listener per kind of delivery: Bolt runs every listener's middleware chain for every
  // request before the matching one acks, so fewer chains is a faster ack under load.
  const commands = settings.commands ?? DEFAULT_SLACK_COMMANDS;
  app.command(exactly([commands.main, ...commands.aliases]), handleSlashCommand(ctx, { main: commands.main }));
  app.action<BlockAction<ButtonAction>>(exactly([SLACK_ACTION_IDS.approve, SLACK_ACTION_IDS.deny]), handleApprovalClick(ctx));
  app.event('app_home_opened', handleAppHome(ctx));

  async function idle(): Promise<void> {
    while (inFlight.size > 0) await Promise.allSettled([...inFlight]);
  }

  return {
    app,
    membership,
    ...(receiver ? { requestListener: listenerOf(receiver) } : {}),
    async start() {
      try {
        await identity();
      } catch (e) {
        throw new ConfigInvalidError(`Slack refused the bot token at auth.test (${e instanceof Error ? e.message : String(e)})`, { fix: 'check SLACK_BOT_TOKEN (an xoxb- token of an installed app) and SLACK_API_URL', cause: e });
      }
      if (socketMode) await app.start();
    },
    async stop() {
      await idle();
      if (socketMode) await app.stop();
    },
    idle,
    announceRevert: (override, answer) => ctx.track(announceRevert(ctx, botClient, override, answer)),
  };
}

/** The bot's ids from auth.test, asked once; a failure is not kept, the next request asks again. */
function botIdentity(client: webApi.WebClient, verify: boolean): () => Promise<{ botId?: string; botUserId?: string }> {
  let pending: Promise<{ botId?: string; botUserId?: string }> | undefined;
  return () => {
    if (!verify) return Promise.resolve({});
    pending ??= client.auth.test().then(
      (r) => ({ ...(r.bot_id ? { botId: r.bot_id } : {}), ...(r.user_id ? { botUserId: r.user_id } : {}) }),
      (e: unknown) => {
        pending = undefined;
        throw e;
      },
    );
    return pending;
  };
}

/** A pattern matching exactly these names (`/qm`, `/scale`...). */
function exactly(names: readonly string[]): RegExp {
  return new RegExp(`^(?:${[...new Set(names)].map((n) => n.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')).join('|')})$`);
}

function listenerOf(receiver: HTTPReceiver): (req: IncomingMessage, res: ServerResponse) => void {
  return (req, res) => {
    try {
      receiver.requestListener(req, res);
    } catch (e) {
      if (!(e instanceof HTTPReceiverDeferredRequestError)) throw e;
      res.writeHead(404).end();
    }
  };
}
