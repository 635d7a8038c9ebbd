import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A local HTTP server playing the Slack Web API (`<url>/api/<method>`, reached through
 * SLACK_API_URL) and the `response_url`s of slash commands and clicks (`<url>/respond/<id>`).
 * Real HTTP, so the real @slack/web-api client (form-encoded arguments, JSON values
 * stringified, `ok:false` answers as errors) and Bolt's `respond` both talk to it. Every call is
 * recorded with its decoded arguments and bearer token.
 *
 * Answers follow Slack's reference: HTTP 200 with `ok`, `error` when not ok; chat.postMessage
 * gives each message a fresh `ts`; usergroups.users.list answers from `groups`.
 */
export interface SlackCall {
  /** `chat.postMessage`, ..., or `response_url`. */
  method: string;
  args: Record<string, unknown>;
  /** The bearer token sent (absent for response_url posts). */
  token?: string;
  /** The path posted to (response_url: `/respond/<id>`). */
  path: string;
}

export type SlackHandler = (args: Record<string, unknown>, call: SlackCall) => Record<string, unknown> | Promise<Record<string, unknown>>;

export interface FakeSlackApi {
  /** The Web API base: SLACK_API_URL. */
  apiUrl: string;
  /** A response_url for one command or click. */
  responseUrl(id: string): string;
  calls: SlackCall[];
  /** Calls to one method (or response_url), in order. */
  callsTo(method: string): SlackCall[];
  /** Every call but auth.test: what the door said. */
  said(): SlackCall[];
  /** Slack user groups: id -> user ids. */
  groups: Map<string, string[]>;
  /** Replaces the answer of a method. */
  on(method: string, handler: SlackHandler): void;
  /** Resolves with the first call matching `pred`, now or later. */
  waitFor(pred: (c: SlackCall) => boolean, timeoutMs?: number): Promise<SlackCall>;
  close(): Promise<void>;
}

const JSON_ARGS = new Set(['blocks', 'view', 'attachments', 'metadata']);

export async function startFakeSlackApi(): Promise<FakeSlackApi> {
  const calls: SlackCall[] = [];
  const handlers = new Map<string, SlackHandler>();
  const groups = new Map<string, string[]>();
  const waiters: { pred: (c: SlackCall) => boolean; resolve: (c: SlackCall) => void }[] = [];
  let tsCounter = 0;
  const nextTs = () => `1772370000.${String(++tsCounter).padStart(6, '0')}`;

  const defaults: Record<string, SlackHandler> = {
    'auth.test': () => ({ ok: true, url: 'https://acme.slack.com/', team: 'Acme', user: 'quartermaster', team_id: 'T0ACME', user_id: 'U0QMBOT', bot_id: 'B0QMBOT' }),
    'chat.postMessage': (a) => ({ ok: true, channel: a.channel, ts: nextTs(), message: { type: 'message', text: a.text, blocks: a.blocks, bot_id: 'B0QMBOT', ...(a.thread_ts ? { thread_ts: a.thread_ts } : {}) } }),
    'chat.update': (a) => ({ ok: true, channel: a.channel, ts: a.ts, text: a.text }),
    'chat.postEphemeral': () => ({ ok: true, message_ts: nextTs() }),
    'views.publish': (a) => ({ ok: true, view: { id: 'V0HOME', type: 'home', ...(a.view as object) } }),
    'usergroups.users.list': (a) => {
      const users = groups.get(String(a.usergroup));
      return users ? { ok: true, users } : { ok: false, error: 'no_such_subteam' };
    },
  };

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const raw = await new Promise<string>((resolve, reject) => {
      let body = '';
      req.setEncoding('utf8');
      req.on('data', (c: string) => (body += c));
      req.on('end', () => resolve(body));
      req.on('error', reject);
    });
    const path = new URL(req.url ?? '/', 'http://localhost').pathname;
    if (path.startsWith('/respond/')) {
      const call: SlackCall = { method: 'response_url', args: JSON.parse(raw || '{}') as Record<string, unknown>, path };
      record(call);
      res.writeHead(200, { 'content-type': 'text/plain' }).end('ok');
      return;
    }
    const method = path.replace(/^\/api\//, '');
    const args = decode(raw, String(req.headers['content-type'] ?? ''));
    const auth = String(req.headers.authorization ?? '');
    const call: SlackCall = { method, args, path, ...(auth.startsWith('Bearer ') ? { token: auth.slice(7) } : {}) };
    record(call);
    const handler = handlers.get(method) ?? defaults[method];
    const answer = handler ? await handler(args, call) : { ok: false, error: 'unknown_method' };
    res.writeHead(200, { 'content-type': 'application/json; charset=utf-8' }).end(JSON.stringify(answer));
  }

  function record(call: SlackCall): void {
    calls.push(call);
    for (const w of [...waiters]) {
      if (!w.pred(call)) continue;
      waiters.splice(waiters.indexOf(w), 1);
      w.resolve(call);
    }
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((e: unknown) => res.writeHead(500).end(String(e)));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    apiUrl: `${origin}/api/`,
    responseUrl: (id) => `${origin}/respond/${id}`,
    calls,
    callsTo: (method) => calls.filter((c) => c.method === method),
    said: () => calls.filter((c) => c.method !== 'auth.test'),
    groups,
    on: (method, handler) => void handlers.set(method, handler),
    waitFor(pred, timeoutMs = 5_000) {
      const seen = calls.find(pred);
      if (seen) return Promise.resolve(seen);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`fake Slack: no matching call within ${timeoutMs} ms; calls: ${calls.map((c) => c.method).join(', ')}`)), timeoutMs);
        waiters.push({ pred, resolve: (c) => (clearTimeout(timer), resolve(c)) });
      });
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

function decode(raw: string, contentType: string): Record<string, unknown> {
  if (contentType.includes('application/json')) return JSON.parse(raw || '{}') as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const [k, v] of new URLSearchParams(raw)) out[k] = JSON_ARGS.has(k) ? JSON.parse(v) : v;
  return out;
}
