import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parseEngineSettings, type EngineSettings, type EnvRecord } from '../src/engine/engine-settings.js';
import { ConfigInvalidError, isQmError } from '../src/errors.js';

/** The Slack door's settings: SLACK_BOT_TOKEN and SLACK_SIGNING_SECRET (or SLACK_APP_TOKEN for Socket Mode), or no Slack. */
export interface SlackConfig {
  botToken: string;
  /** Verifies HTTP requests; not needed in Socket Mode (no public endpoint). */
  signingSecret?: string;
  /** Socket Mode when set; HTTP (`/slack/events`) otherwise. */
  appToken?: string;
  /** The Web API base URL (proxies, Enterprise Grid, tests); Slack's own when unset. */
  apiUrl?: string;
}

/** The GitHub App's settings (all of APP_ID, a private key and WEBHOOK_SECRET, or no GitHub). */
export interface GitHubConfig {
  appId: number;
  /** PEM text, from PRIVATE_KEY (PEM, or base64 of it) or the file PRIVATE_KEY_PATH names. */
  privateKey: string;
  webhookSecret: string;
  /** GITHUB_API_URL without a trailing slash; `https://api.github.com` by default. */
  apiUrl: string;
}

/** Where the definitions come from: a repository's default branch through the API, or a directory. */
export type DefinitionsLocation = { kind: 'repository'; owner: string; repo: string } | { kind: 'directory'; dir: string };

export type LogLevel = 'trace' | 'debug' | 'info' | 'warn' | 'error' | 'fatal' | 'silent';

/** Everything `qm bot` takes from its environment and flags, parsed once (STYLE.md 2). */
export interface BotConfig {
  /** PORT; 0 picks a free port (tests). */
  port: number;
  slack?: SlackConfig;
  github?: GitHubConfig;
  definitions: DefinitionsLocation;
  /** The QM_* settings every door shares. */
  engine: EngineSettings;
  logLevel: LogLevel;
  /** Every secret value given, so the logger can scrub it from any line. Never logged itself. */
  secrets: string[];
}

export interface BotFlags {
  /** `--dir`: the definitions directory (instead of QM_DEFINITIONS_REPO). */
  dir?: string;
  /** `--provider`. */
  provider?: string;
  /** `--port`, over PORT. */
  port?: string;
}

export interface ParseBotConfigOptions {
  /** Reads PRIVATE_KEY_PATH; tests pass a fake. */
  readFile?: (file: string) => string;
}

const SLACK_VARIABLES = ['SLACK_BOT_TOKEN', 'SLACK_SIGNING_SECRET', 'SLACK_APP_TOKEN', 'SLACK_API_URL'] as const;
const GITHUB_VARIABLES = ['APP_ID', 'PRIVATE_KEY', 'PRIVATE_KEY_PATH', 'WEBHOOK_SECRET'] as const;
const LOG_LEVELS: readonly LogLevel[] = ['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent'];
const DEFAULT_GITHUB_API = 'https://api.github.com';
const REPO = /^([A-Za-z0-9](?:[A-Za-z0-9-]{0,38}))\/([A-Za-z0-9._-]{1,100})$/;

/**
 * Parses the bot's environment once into a typed config. Every missing or invalid variable is
 * collected and named in one ConfigInvalidError, so a deployment is fixed in one go; values of
 * secrets are never repeated in a message.
 *
 * Either chat door may be configured alone: all of Slack's required variables or none, all of
 * the GitHub App's or none, and at least one door.
 *
 * @example
 * const config = parseBotConfig(process.env, { dir: flags.dir });
 * @throws ConfigInvalidError listing every problem, each with what to set.
 */
export function parseBotConfig(env: EnvRecord, flags: BotFlags = {}, options: ParseBotConfigOptions = {}): BotConfig {
  const problems: string[] = [];
  const secrets: string[] = [];
  const readFile = options.readFile ?? ((file: string) => readFileSync(file, 'utf8'));
  const value = (name: string): string | undefined => {
    const v = env[name];
    return v === undefined || v.trim() === '' ? undefined : v.trim();
  };

  const port = parsePort(flags.port ?? value('PORT'), flags.port !== undefined ? '--port' : 'PORT', problems);
  const slack = parseSlack(value, problems, secrets);
  const github = parseGitHub(value, readFile, problems, secrets);
  const doorVariables = [...SLACK_VARIABLES, ...GITHUB_VARIABLES].filter((name) => value(name) !== undefined);
  if (doorVariables.length === 0) {
    problems.push('no chat door is configured: set SLACK_BOT_TOKEN and SLACK_SIGNING_SECRET (Slack), or APP_ID, PRIVATE_KEY (or PRIVATE_KEY_PATH) and WEBHOOK_SECRET (GitHub comments), or both');
  }

  const definitions = parseDefinitions(value, flags, GITHUB_VARIABLES.some((name) => value(name) !== undefined), problems);
  let engine: EngineSettings | undefined;
  try {
    engine = parseEngineSettings(env, { ...(flags.provider ? { provider: flags.provider } : {}), ...(definitions?.kind === 'directory' ? { dir: definitions.dir } : {}) });
  } catch (e) {
    if (!isQmError(e)) throw e;
    problems.push(e.message);
  }
  const databasePassword = passwordOf(value('QM_DATABASE_URL'));
  if (databasePassword) secrets.push(databasePassword);

  const logLevel = (value('LOG_LEVEL') ?? 'info').toLowerCase();
  if (!LOG_LEVELS.includes(logLevel as LogLevel)) problems.push(`LOG_LEVEL "${logLevel}" is not one of ${LOG_LEVELS.join(', ')}`);

  if (problems.length > 0 || !definitions || !engine) {
    const n = problems.length;
    throw new ConfigInvalidError(`qm bot cannot start: ${n} problem${n === 1 ? '' : 's'} with its configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}\n`, {
      fix: 'Set the variables named above and start it again (docs/bot.md lists every variable)',
      details: { problems },
    });
  }
  return { port, ...(slack ? { slack } : {}), ...(github ? { github } : {}), definitions, engine, logLevel: logLevel as LogLevel, secrets: [...new Set(secrets)] };
}

function parsePort(raw: string | undefined, name: string, problems: string[]): number {
  if (raw === undefined) return 3000;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 0 || n > 65_535) {
    problems.push(`${name} "${raw}" is not a port number (0 to 65535)`);
    return 3000;
  }
  return n;
}

function parseSlack(value: (name: string) => string | undefined, problems: string[], secrets: string[]): SlackConfig | undefined {
  const botToken = value('SLACK_BOT_TOKEN');
  const signingSecret = value('SLACK_SIGNING_SECRET');
  const appToken = value('SLACK_APP_TOKEN');
  const apiUrl = value('SLACK_API_URL');
  for (const s of [botToken, signingSecret, appToken]) if (s) secrets.push(s);
  if (!botToken && !signingSecret && !appToken) {
    if (apiUrl) problems.push('SLACK_API_URL is set but SLACK_BOT_TOKEN and SLACK_SIGNING_SECRET are not: set both for Slack, or unset SLACK_API_URL');
    return undefined;
  }
  const before = problems.length;
  if (!botToken) problems.push('SLACK_BOT_TOKEN is not set: set the Bot User OAuth Token (xoxb-...) from the Slack app\'s "OAuth & Permissions" page, or unset every SLACK_ variable');
  else if (!botToken.startsWith('xoxb-')) problems.push('SLACK_BOT_TOKEN does not start with xoxb-: use the Bot User OAuth Token, not a user or app-level token');
  if (!signingSecret && !appToken) problems.push('SLACK_SIGNING_SECRET is not set: copy the Signing Secret from the Slack app\'s "Basic Information" page (or set SLACK_APP_TOKEN for Socket Mode), or unset every SLACK_ variable');
  if (appToken && !appToken.startsWith('xapp-')) problems.push('SLACK_APP_TOKEN does not start with xapp-: use an app-level token with the connections:write scope (Socket Mode), or unset it to receive events over HTTP');
  if (apiUrl && !isHttpUrl(apiUrl)) problems.push(`SLACK_API_URL "${apiUrl}" is not an http(s) URL`);
  if (problems.length > before || !botToken) return undefined;
  return { botToken, ...(signingSecret ? { signingSecret } : {}), ...(appToken ? { appToken } : {}), ...(apiUrl ? { apiUrl: apiUrl.endsWith('/') ? apiUrl : `${apiUrl}/` } : {}) };
}

function parseGitHub(value: (name: string) => string | undefined, readFile: (file: string) => string, problems: string[], secrets: string[]): GitHubConfig | undefined {
  const appId = value('APP_ID');
  const key = value('PRIVATE_KEY');
  const keyPath = value('PRIVATE_KEY_PATH');
  const webhookSecret = value('WEBHOOK_SECRET');
  const apiUrl = value('GITHUB_API_URL');
  if (key) secrets.push(key);
  if (webhookSecret) secrets.push(webhookSecret);
  if (!appId && !key && !keyPath && !webhookSecret) return undefined;

  const before = problems.length;
  if (!appId) problems.push('APP_ID is not set: set the GitHub App\'s id (its settings page, "App ID"), or unset every GitHub App variable');
  else if (!/^[1-9][0-9]{0,15}$/.test(appId)) problems.push(`APP_ID "${appId}" is not a GitHub App id (a number such as 123456)`);
  if (!webhookSecret) problems.push('WEBHOOK_SECRET is not set: set the webhook secret entered in the GitHub App\'s settings (webhook deliveries are refused without it)');
  let privateKey: string | undefined;
  if (key && keyPath) problems.push('PRIVATE_KEY and PRIVATE_KEY_PATH are both set: keep one');
  else if (!key && !keyPath) problems.push('PRIVATE_KEY (or PRIVATE_KEY_PATH) is not set: set the GitHub App\'s private key (PEM, or base64 of it), or PRIVATE_KEY_PATH to its .pem file');
  else if (key) {
    privateKey = pemOf(key);
    if (!privateKey) problems.push('PRIVATE_KEY is not a PEM private key (nor base64 of one): paste the whole .pem file generated in the GitHub App\'s settings');
  } else if (keyPath) {
    let text: string | undefined;
    try {
      text = readFile(keyPath);
    } catch (e) {
      problems.push(`PRIVATE_KEY_PATH ${keyPath} cannot be read (${(e as NodeJS.ErrnoException).code ?? 'error'}): point it at the GitHub App's .pem file`);
    }
    if (text !== undefined) {
      privateKey = pemOf(text);
      if (!privateKey) problems.push(`PRIVATE_KEY_PATH ${keyPath} does not hold a PEM private key`);
    }
  }
  if (privateKey) secrets.push(privateKey);
  if (apiUrl && !isHttpUrl(apiUrl)) problems.push(`GITHUB_API_URL "${apiUrl}" is not an http(s) URL (GitHub Enterprise Server: https://<host>/api/v3)`);
  if (problems.length > before || !appId || !privateKey || !webhookSecret) return undefined;
  return { appId: Number(appId), privateKey, webhookSecret, apiUrl: (apiUrl ?? DEFAULT_GITHUB_API).replace(/\/+$/, '') };
}

function parseDefinitions(value: (name: string) => string | undefined, flags: BotFlags, githubGiven: boolean, problems: string[]): DefinitionsLocation | undefined {
  const repo = value('QM_DEFINITIONS_REPO');
  const dir = flags.dir ?? value('QM_DEFINITIONS_DIR');
  if (repo && dir) {
    problems.push(`QM_DEFINITIONS_REPO and ${flags.dir ? '--dir' : 'QM_DEFINITIONS_DIR'} are both set: keep the repository (read through the API) or the directory`);
    return undefined;
  }
  if (!repo && !dir) {
    problems.push('no definitions: set QM_DEFINITIONS_REPO=owner/name (read from its default branch through the GitHub App), or pass --dir <path> (or QM_DEFINITIONS_DIR) for a local checkout');
    return undefined;
  }
  if (dir) return { kind: 'directory', dir: path.resolve(dir) };
  const m = REPO.exec(repo as string);
  if (!m) {
    problems.push(`QM_DEFINITIONS_REPO "${repo}" is not owner/name (e.g. acme/fleet)`);
    return undefined;
  }
  // When some GitHub App variable is set, its own messages already say what is missing.
  if (!githubGiven) problems.push('QM_DEFINITIONS_REPO needs the GitHub App to read it: set APP_ID, PRIVATE_KEY (or PRIVATE_KEY_PATH) and WEBHOOK_SECRET, or use --dir');
  return { kind: 'repository', owner: m[1] as string, repo: m[2] as string };
}

/** A PEM key from the text given: PEM itself (with `\n` written as two characters, as some platforms store it), or base64 of PEM. */
function pemOf(text: string): string | undefined {
  const unescaped = text.includes('\\n') && !text.includes('\n') ? text.replace(/\\n/g, '\n') : text;
  if (/-----BEGIN [A-Z ]*PRIVATE KEY-----/.test(unescaped)) return `${unescaped.trim()}\n`;
  if (!/^[A-Za-z0-9+/=\s]+$/.test(text)) return undefined;
  const decoded = Buffer.from(text, 'base64').toString('utf8');
  return /-----BEGIN [A-Z ]*PRIVATE KEY-----/.test(decoded) ? `${decoded.trim()}\n` : undefined;
}

function passwordOf(url: string | undefined): string | undefined {
  if (!url) return undefined;
  try {
    const password = new URL(url).password;
    return password ? decodeURIComponent(password) : undefined;
  } catch {
    return undefined;
  }
}

function isHttpUrl(s: string): boolean {
  try {
    const u = new URL(s);
    return u.protocol === 'http:' || u.protocol === 'https:';
  } catch {
    return false;
  }
}
