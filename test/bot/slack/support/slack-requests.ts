import { createHmac } from 'node:crypto';
import { request, type Agent } from 'node:http';

/**
 * Requests as Slack sends them to an app's Request URL: slash commands form-encoded, block
 * actions as `payload=<JSON>` form-encoded, Events API callbacks as JSON; each signed with the
 * app's signing secret (`v0=` HMAC-SHA256 of `v0:<timestamp>:<body>`), see
 * https://docs.slack.dev/authentication/verifying-requests-from-slack.
 */

export const SIGNING_SECRET = '8f742231b10e8888abcd99yyyzzz85a5';

export const FORM = 'application/x-www-form-urlencoded';
export const JSON_TYPE = 'application/json';

/** The signature headers for `body` at `timestamp` (seconds). */
export function signSlackRequest(secret: string, body: string, timestamp = Math.floor(Date.now() / 1000)): Record<string, string> {
  const signature = `v0=${createHmac('sha256', secret).update(`v0:${timestamp}:${body}`).digest('hex')}`;
  return { 'x-slack-request-timestamp': String(timestamp), 'x-slack-signature': signature };
}

export interface SlashCommandFields {
  command: string;
  text: string;
  userId: string;
  channelId: string;
  triggerId: string;
  responseUrl: string;
  userName?: string;
  channelName?: string;
}

/** A slash command body, with the fields in the order Slack sends them. */
export function slashCommandBody(f: SlashCommandFields): string {
  return new URLSearchParams({
    token: 'gIkuvaNzQIHg97ATvDxqgjtO',
    team_id: 'T0ACME',
    team_domain: 'acme',
    channel_id: f.channelId,
    channel_name: f.channelName ?? 'ops',
    user_id: f.userId,
    user_name: f.userName ?? f.userId.toLowerCase(),
    command: f.command,
    text: f.text,
    api_app_id: 'A0QMAPP',
    is_enterprise_install: 'false',
    response_url: f.responseUrl,
    trigger_id: f.triggerId,
  }).toString();
}

export interface BlockActionFields {
  actionId: string;
  value: string;
  userId: string;
  channelId: string;
  /** The message the button is on, as chat.postMessage posted it. */
  message: { ts: string; text?: string; blocks?: unknown };
  triggerId: string;
  actionTs: string;
  responseUrl: string;
}

/** A block_actions interaction from a button on a message, as Slack posts it (`payload=`). */
export function blockActionBody(f: BlockActionFields): string {
  const payload = {
    type: 'block_actions',
    user: { id: f.userId, username: f.userId.toLowerCase(), name: f.userId.toLowerCase(), team_id: 'T0ACME' },
    api_app_id: 'A0QMAPP',
    token: 'gIkuvaNzQIHg97ATvDxqgjtO',
    container: { type: 'message', message_ts: f.message.ts, channel_id: f.channelId, is_ephemeral: false },
    trigger_id: f.triggerId,
    team: { id: 'T0ACME', domain: 'acme' },
    enterprise: null,
    is_enterprise_install: false,
    channel: { id: f.channelId, name: 'ops' },
    message: { type: 'message', subtype: 'bot_message', text: f.message.text ?? '', ts: f.message.ts, bot_id: 'B0QMBOT', blocks: f.message.blocks ?? [] },
    state: { values: {} },
    response_url: f.responseUrl,
    actions: [{ action_id: f.actionId, block_id: 'qm_buttons', text: { type: 'plain_text', text: f.actionId === 'qm_deny' ? 'Deny' : 'Approve', emoji: true }, value: f.value, type: 'button', action_ts: f.actionTs }],
  };
  return new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
}

/** An Events API callback (`app_home_opened`). */
export function appHomeOpenedBody(f: { userId: string; eventId: string }): string {
  return JSON.stringify({
    token: 'gIkuvaNzQIHg97ATvDxqgjtO',
    team_id: 'T0ACME',
    api_app_id: 'A0QMAPP',
    event: { type: 'app_home_opened', user: f.userId, channel: 'D0HOME', tab: 'home', event_ts: '1772370000.000100' },
    type: 'event_callback',
    event_id: f.eventId,
    event_time: 1772370000,
    authorizations: [{ enterprise_id: null, team_id: 'T0ACME', user_id: 'U0QMBOT', is_bot: true, is_enterprise_install: false }],
    is_ext_shared_channel: false,
  });
}

export interface SendOptions {
  contentType: string;
  secret?: string;
  /** Seconds; default now. */
  timestamp?: number;
  /** Replaces the computed signature. */
  signature?: string;
  retryNum?: number;
  /** Default: a new connection per request. */
  agent?: Agent;
}

export interface SlackResponse {
  status: number;
  body: string;
  /** From the request's start to the end of the response. */
  ms: number;
}

/** Posts one signed request to the app, as Slack does, timing the answer. */
export function sendToSlackApp(url: string, body: string, opts: SendOptions): Promise<SlackResponse> {
  const signed = signSlackRequest(opts.secret ?? SIGNING_SECRET, body, opts.timestamp);
  const headers: Record<string, string> = {
    'content-type': opts.contentType,
    'content-length': String(Buffer.byteLength(body)),
    'user-agent': 'Slackbot 1.0 (+https://api.slack.com/robots)',
    ...signed,
    ...(opts.signature ? { 'x-slack-signature': opts.signature } : {}),
    ...(opts.retryNum !== undefined ? { 'x-slack-retry-num': String(opts.retryNum), 'x-slack-retry-reason': 'http_timeout' } : {}),
  };
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const req = request(url, { method: 'POST', headers, agent: opts.agent ?? false }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (text += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text, ms: performance.now() - started }));
    });
    req.on('error', reject);
    req.end(body);
  });
}
