import { ConfigInvalidError } from '../../src/errors.js';

/** Everything the Slack door takes from its environment, parsed once at the edge (STYLE.md 2). */
export interface SlackSettings {
  /** `xoxb-…`: the bot's token for the Web API. */
  botToken: string;
  /** Verifies every HTTP request's `x-slack-signature`; needed over HTTP, not in Socket Mode (no public endpoint). */
  signingSecret?: string;
  /** `xapp-…`: when set, the door connects over Socket Mode instead of receiving HTTP. */
  appToken?: string;
  /** Web API base URL (`SLACK_API_URL`): a proxy, Enterprise Grid, or a test server. Default Slack's. */
  apiUrl?: string;
  /** This process, for the engine's locks and claims: `bot-7f9c pid 42`. */
  holder: string;
  /** The slash command and its aliases, as configured in the Slack app. Default `/qm` with `/scale`, `/shutdown`, `/startup`. */
  commands?: { main: string; aliases: readonly string[] };
  /** Calls `auth.test` to check the bot token on the first request. Default true. */
  verifyToken?: boolean;
  /** How long a delivery (a command, a click, an event) is remembered to ignore its repeats. Default 5 minutes. */
  dedupeTtlMs?: number;
}

export const SLACK_ENV = ['SLACK_BOT_TOKEN', 'SLACK_SIGNING_SECRET', 'SLACK_APP_TOKEN', 'SLACK_API_URL'] as const;

/**
 * The Slack door's settings from environment variables, or undefined when no SLACK_BOT_TOKEN,
 * SLACK_SIGNING_SECRET nor SLACK_APP_TOKEN is set (the door is not configured). A half
 * configuration throws ConfigInvalidError naming every missing variable: the bot token always,
 * the signing secret over HTTP (without SLACK_APP_TOKEN).
 *
 * @example const slack = parseSlackSettings(process.env, { holder: `bot-${hostname()} pid ${process.pid}` })
 */
export function parseSlackSettings(env: Record<string, string | undefined>, opts: { holder: string }): SlackSettings | undefined {
  const value = (name: string): string | undefined => (env[name]?.trim() ? env[name]!.trim() : undefined);
  const botToken = value('SLACK_BOT_TOKEN');
  const signingSecret = value('SLACK_SIGNING_SECRET');
  const appToken = value('SLACK_APP_TOKEN');
  if (!botToken && !signingSecret && !appToken) return undefined;
  const missing = [!botToken ? 'SLACK_BOT_TOKEN (the xoxb- bot token of the Slack app)' : '', !signingSecret && !appToken ? "SLACK_SIGNING_SECRET (the app's signing secret, Basic Information page)" : ''].filter(Boolean);
  if (missing.length) throw new ConfigInvalidError(`the Slack door is half configured: ${missing.join(' and ')} ${missing.length === 1 ? 'is' : 'are'} not set`, { fix: 'set them, or unset the SLACK_* variables to run without Slack' });
  const apiUrl = value('SLACK_API_URL');
  if (apiUrl && !/^https?:\/\/[^\s]+$/i.test(apiUrl)) throw new ConfigInvalidError(`SLACK_API_URL "${apiUrl}" is not an http(s) URL`, { fix: 'set it to the Web API base, such as https://slack.com/api/' });
  return { botToken: botToken!, ...(signingSecret ? { signingSecret } : {}), ...(appToken ? { appToken } : {}), ...(apiUrl ? { apiUrl } : {}), holder: opts.holder };
}
