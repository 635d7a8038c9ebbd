import { hostname } from 'node:os';
import type { Logger } from 'pino';
import type { ProbotOctokit } from 'probot';
import type { CloudProvider } from '../src/cloud/provider.js';
import type { Clock } from '../src/clock.js';
import { localDefinitionsWriter, nodeFileTree } from '../src/definitions/index.js';
import type { EnvRecord } from '../src/engine/engine-settings.js';
import type { MembershipResolver } from '../src/gates/index.js';
import type { Store } from '../src/store/store.js';
import { parseBotConfig, type BotConfig, type BotFlags, type SlackConfig } from './bot-config.js';
import { createBotEngine, type BotEngine, type ReadDefinitions } from './bot-engine.js';
import { createBotLogger } from './bot-logger.js';
import { createCombinedMembership } from './combined-membership.js';
import { createGitHubDoor } from './github/create-github-door.js';
import type { GitHubDoorEngine } from './github/github-door-engine.js';
import { repositoryDefinitions, type RepositoryDefinitions } from './github/repository-definitions.js';
import { createInFlight, type InFlight } from './in-flight.js';
import { createExpiryTimer, type Announce, type ExpiryTimer } from './override-expiry.js';
import { createBotServer, type Middleware, type RequestHandler } from './server.js';

/** The Slack door as the bot process mounts it. */
export interface SlackDoorParts {
  /** Serves /slack/events over HTTP; absent in Socket Mode. */
  handler?: RequestHandler;
  /** Slack user groups, for the engine's gate. */
  membership?: MembershipResolver;
  /** Posts in the thread a temporary change was asked in what became of it. */
  announce?: Announce;
  /** Lets acknowledged work finish, then disconnects (Socket Mode). */
  stop?(): Promise<void>;
}

/** Builds and starts the Slack door; bot/slack's createSlackApp by default. */
export type SlackDoorFactory = (deps: { config: SlackConfig; engine: BotEngine; holder: string; inFlight: InFlight; log: Logger }) => Promise<SlackDoorParts>;

export interface StartBotOptions {
  config: BotConfig;
  /** Default: JSON lines on stdout with the config's secrets scrubbed. */
  log?: Logger;
  clock?: Clock;
  /** Already open (tests); closed by their owner. */
  store?: Store;
  provider?: CloudProvider;
  /** Replaces the definitions the config names (tests). */
  definitions?: ReadDefinitions;
  /** Replaces the engine built from the config (tests with a fake engine). */
  engine?: BotEngine;
  /** For probot's clients; tests turn throttling off with `ProbotOctokit.defaults(...)`. */
  Octokit?: typeof ProbotOctokit;
  slack?: SlackDoorFactory;
  /** This process, for locks and claims. Default `bot:<host> pid <pid>`. */
  holder?: string;
  /** Default every interface. */
  host?: string;
  /** Default one minute. */
  expiryEveryMs?: number;
  /** How long a shutdown waits for commands in flight. Default 25 s (inside Kubernetes' 30 s grace). */
  drainMs?: number;
  /** Least time between two progress edits of a GitHub answer. Default 3 s. */
  progressEveryMs?: number;
}

export interface RunningBot {
  url: string;
  port: number;
  holder: string;
  engine: BotEngine;
  inFlight: InFlight;
  expiry: ExpiryTimer;
  log: Logger;
  /** Graceful shutdown (idempotent): stop accepting, let commands in flight finish within the bound, close the store. */
  stop(reason?: string): Promise<{ drained: boolean; left: string[] }>;
  /** Resolves once stopped. */
  readonly stopped: Promise<void>;
}

/**
 * Starts the bot process: the engine (one store, one provider), the doors configured (Slack,
 * GitHub comments), one HTTP server for both with /healthz and /readyz, and the timer that
 * reverts temporary changes when their time is up.
 *
 * Several replicas may share one PostgreSQL (QM_DATABASE_URL): environment locks and the
 * single claim of each approval request mean a request is applied once, whichever replica
 * receives the approval, and a replica that dies mid-apply leaves its lock to expire so the
 * next claim resumes the apply.
 *
 * @example const bot = await startBot({ config: parseBotConfig(process.env, { dir: 'fleet' }) }); process.once('SIGTERM', () => void bot.stop('SIGTERM'));
 */
export async function startBot(opts: StartBotOptions): Promise<RunningBot> {
  const { config } = opts;
  const log = opts.log ?? createBotLogger({ level: config.logLevel, secrets: config.secrets });
  const holder = opts.holder ?? `bot:${hostname()} pid ${process.pid}`;
  const inFlight = createInFlight();
  const membership = createCombinedMembership();
  const announcers: Partial<Record<'slack' | 'github-comment', Announce>> = {};

  const github = config.github ? createGitHubDoor({ config: config.github, log, ...(opts.Octokit ? { Octokit: opts.Octokit } : {}) }) : undefined;
  if (github) membership.add(github.membership);

  const where = config.definitions;
  let repository: RepositoryDefinitions | undefined;
  if (where.kind === 'repository' && github && config.github) repository = repositoryDefinitions(github.installations.forRepo(where.owner, where.repo), where, config.github.apiUrl);
  const definitions: ReadDefinitions =
    opts.definitions ??
    repository?.read ??
    (where.kind === 'directory' ? async () => ({ tree: nodeFileTree(where.dir), root: where.dir, writer: localDefinitionsWriter(where.dir) }) : missingRepository(where));

  const engine =
    opts.engine ??
    createBotEngine({
    settings: config.engine,
    definitions,
    membership,
    ...(opts.clock ? { clock: opts.clock } : {}),
    ...(opts.store ? { store: opts.store } : {}),
    ...(opts.provider ? { provider: opts.provider } : {}),
    });

  let githubMiddleware: Middleware | undefined;
  if (github) {
    const doorEngine: GitHubDoorEngine = {
      command: (req) => engine.command(req),
      channelEnv: (door, channel) => engine.channelEnv(door, channel),
      async pullRequest(pr) {
        if (!repository) return { ok: false, reason: 'the bot reads the definitions from a local directory: plans and applies of pull requests need QM_DEFINITIONS_REPO' };
        const at = await repository.atPullRequest(pr);
        return at.ok ? { ok: true, qm: await engine.openAt(at.files) } : at;
      },
    };
    githubMiddleware = await github.middleware({ engine: doorEngine, holder, inFlight, ...(opts.progressEveryMs !== undefined ? { progressEveryMs: opts.progressEveryMs } : {}) });
    announcers['github-comment'] = github.announce;
  }

  let slack: SlackDoorParts | undefined;
  if (config.slack) {
    slack = await (opts.slack ?? createDefaultSlackDoor)({ config: config.slack, engine, holder, inFlight, log: log.child({ door: 'slack' }) });
    if (slack.membership) membership.add(slack.membership);
    if (slack.announce) announcers.slack = slack.announce;
  }

  const server = createBotServer({ port: config.port, ...(opts.host ? { host: opts.host } : {}), log, ...(slack?.handler ? { slack: slack.handler } : {}), ...(githubMiddleware ? { github: githubMiddleware } : {}), ready: () => engine.ready() });
  const { url, port } = await server.listen();
  const expiry = createExpiryTimer({ expire: () => engine.expireOverrides(holder), announcers, inFlight, log, ...(opts.expiryEveryMs ? { everyMs: opts.expiryEveryMs } : {}) });
  expiry.start();
  log.info(
    {
      port,
      holder,
      doors: [...(slack ? [config.slack?.appToken ? 'slack (socket mode)' : 'slack'] : []), ...(github ? ['github'] : [])],
      definitions: where.kind === 'repository' ? `${where.owner}/${where.repo}` : where.dir,
      provider: config.engine.provider,
      store: config.engine.databaseUrl ? config.engine.databaseUrl.replace(/\/\/[^@/]*@/, '//') : config.engine.sqlitePath,
    },
    'qm bot listening',
  );

  let resolveStopped: () => void = () => undefined;
  const stopped = new Promise<void>((resolve) => (resolveStopped = resolve));
  let stopping: Promise<{ drained: boolean; left: string[] }> | undefined;

  async function stop(reason = 'stop'): Promise<{ drained: boolean; left: string[] }> {
    log.info({ reason, inFlight: inFlight.labels() }, 'shutting down: no new requests; letting commands in flight finish');
    expiry.stop();
    const closing = server.stopAccepting();
    const slackStopped = slack?.stop?.().catch((e: unknown) => log.warn({ err: e }, 'the Slack door did not stop cleanly'));
    const drain = await inFlight.drain(opts.drainMs ?? 25_000);
    if (!drain.done) {
      // The store's locks expire without renewal and the next claim resumes an interrupted apply (its plan re-checked).
      log.warn({ left: drain.left }, 'shutdown bound reached with commands in flight: their locks expire and another replica (or a restart) resumes them');
    }
    await slackStopped;
    server.force();
    await closing;
    await engine.close().catch((e: unknown) => log.warn({ err: e }, 'the store did not close cleanly'));
    log.info({ drained: drain.done }, 'stopped');
    resolveStopped();
    return { drained: drain.done, left: drain.left };
  }

  return { url, port, holder, engine, inFlight, expiry, log, stop: (reason) => (stopping ??= stop(reason)), stopped };
}

/**
 * `qm bot`: parses the environment once (every problem named at once), starts the bot and
 * serves until SIGTERM or SIGINT, then shuts down gracefully. A second signal ends the process
 * at once (the handlers are one-shot).
 *
 * @example process.exitCode = await runBotCommand({ env: process.env, flags: { dir: 'fleet' } });
 */
export async function runBotCommand(input: { env: EnvRecord; flags: BotFlags }): Promise<number> {
  const config = parseBotConfig(input.env, input.flags);
  const bot = await startBot({ config });
  const onSignal = (signal: NodeJS.Signals): void => void bot.stop(signal);
  process.once('SIGTERM', onSignal);
  process.once('SIGINT', onSignal);
  await bot.stopped;
  process.off('SIGTERM', onSignal);
  process.off('SIGINT', onSignal);
  return 0;
}

function missingRepository(where: BotConfig['definitions']): ReadDefinitions {
  // parseBotConfig refuses a repository without the GitHub App; this only guards a hand-made config.
  return () => Promise.reject(new Error(`the definitions repository ${where.kind === 'repository' ? `${where.owner}/${where.repo}` : ''} needs the GitHub App configured`));
}

/** bot/slack's door over Bolt, its logs into the bot's JSON log. */
const createDefaultSlackDoor: SlackDoorFactory = async ({ config, engine, holder, log }) => {
  const { createSlackApp } = await import('./slack/create-slack-app.js');
  const door = createSlackApp({
    settings: { botToken: config.botToken, holder, ...(config.signingSecret ? { signingSecret: config.signingSecret } : {}), ...(config.appToken ? { appToken: config.appToken } : {}), ...(config.apiUrl ? { apiUrl: config.apiUrl } : {}) },
    engine,
    logger: boltLogger(log),
  });
  await door.start();
  return {
    ...(door.requestListener ? { handler: door.requestListener } : {}),
    membership: door.membership,
    stop: () => door.stop(),
    // Reverts of overrides asked in Slack are announced where they were asked.
    announce: ({ override, answer }) => door.announceRevert(override, answer).then(() => undefined),
  };
};

/** Bolt's Logger interface over pino. */
function boltLogger(log: Logger) {
  let level = log.level;
  const text = (msg: unknown[]): string => msg.map((m) => (typeof m === 'string' ? m : m instanceof Error ? m.message : JSON.stringify(m))).join(' ');
  return {
    debug: (...msg: unknown[]) => log.debug(text(msg)),
    info: (...msg: unknown[]) => log.info(text(msg)),
    warn: (...msg: unknown[]) => log.warn(text(msg)),
    error: (...msg: unknown[]) => log.error(text(msg)),
    // The bot's LOG_LEVEL governs; Bolt asking for another level is noted, not followed.
    setLevel: (l: string) => void (level = l),
    getLevel: () => level as never,
    setName: () => undefined,
  };
}
