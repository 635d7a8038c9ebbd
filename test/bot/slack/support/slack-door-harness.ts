import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Logger } from '@slack/bolt';
import { createSlackApp, type SlackDoor } from '../../../../bot/slack/create-slack-app.js';
import type { SlackEngine } from '../../../../bot/slack/slack-engine.js';
import type { SlackSettings } from '../../../../bot/slack/slack-settings.js';
import type { CommandAnswer } from '../../../../src/engine/command-answer.js';
import type { CommandRequest } from '../../../../src/engine/run-command.js';
import type { ApprovalRequest } from '../../../../src/store/store.js';
import { startFakeSlackApi, type FakeSlackApi } from './fake-slack-api.js';
import { SIGNING_SECRET } from './slack-requests.js';

/** A SlackEngine answering canned CommandAnswers, recording every request. */
export interface FakeEngine extends SlackEngine {
  calls: CommandRequest[];
  answer: (req: CommandRequest) => CommandAnswer | Promise<CommandAnswer>;
  channels: Map<string, string>;
  stored: Map<string, ApprovalRequest>;
}

export function fakeEngine(answer: FakeEngine['answer'] = () => ({ kind: 'help', topics: [] })): FakeEngine {
  const engine: FakeEngine = {
    calls: [],
    answer,
    channels: new Map(),
    stored: new Map(),
    async command(req) {
      engine.calls.push(req);
      return engine.answer(req);
    },
    request: async (id) => engine.stored.get(id),
    channelEnv: async (_door, channel) => engine.channels.get(channel),
    requests: async (query) => [...engine.stored.values()].filter((r) => query?.all || r.state === 'requested' || r.state === 'approved'),
    approvalsOf: async (r) => r.requirements.map((q) => ({ ...q, approvers: ['bob (slack:U0BOB)', 'slack-group:S0SRE'], approvedBy: [] })),
  };
  return engine;
}

/** Bolt's logger, collecting lines instead of printing them. */
export function memoryLogger(): Logger & { lines: string[] } {
  const lines: string[] = [];
  let level = 'info' as ReturnType<Logger['getLevel']>;
  const add = (l: string) => (...msg: unknown[]) => void lines.push(`${l} ${msg.map(String).join(' ')}`);
  return { lines, debug: () => undefined, info: add('info'), warn: add('warn'), error: add('error'), setLevel: (l) => void (level = l), getLevel: () => level, setName: () => undefined };
}

export interface DoorUnderTest<E extends SlackEngine = FakeEngine> {
  slack: FakeSlackApi;
  engine: E;
  door: SlackDoor;
  logger: ReturnType<typeof memoryLogger>;
  /** POST here: the door's /slack/events on a local server. */
  url: string;
  close(): Promise<void>;
}

/**
 * The real Bolt app of the Slack door on a local port, its Web API a fake Slack server,
 * its engine a fake one.
 */
export async function startDoor<E extends SlackEngine = FakeEngine>(opts: { engine?: E; settings?: Partial<SlackSettings>; slack?: FakeSlackApi } = {}): Promise<DoorUnderTest<E>> {
  const slack = opts.slack ?? (await startFakeSlackApi());
  const engine = opts.engine ?? (fakeEngine() as unknown as E);
  const logger = memoryLogger();
  const door = createSlackApp({
    settings: { botToken: 'xoxb-test-token', signingSecret: SIGNING_SECRET, apiUrl: slack.apiUrl, holder: 'test-bot pid 1', ...opts.settings },
    engine,
    logger,
    clientOptions: { retryConfig: { retries: 0 } },
  });
  await door.start();
  const server: Server = createServer((req, res) => door.requestListener!(req, res));
  server.keepAliveTimeout = 1;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/slack/events`;
  return {
    slack,
    engine,
    door,
    logger,
    url,
    async close() {
      await door.stop();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      if (!opts.slack) await slack.close();
    },
  };
}
