import { pino, type DestinationStream, type Logger } from 'pino';
import type { LogLevel } from './bot-config.js';

export interface BotLoggerOptions {
  level: LogLevel;
  /** Values never to print (tokens, the private key, secrets, the database password). */
  secrets: readonly string[];
  /** Where the JSON lines go; default stdout. */
  destination?: DestinationStream;
}

/** Keys whose values are secrets wherever they appear in a logged object (one level of nesting). */
const REDACT_PATHS = [
  'token',
  'privateKey',
  'secret',
  'password',
  'authorization',
  '*.token',
  '*.botToken',
  '*.appToken',
  '*.signingSecret',
  '*.webhookSecret',
  '*.privateKey',
  '*.secret',
  '*.password',
  '*.authorization',
  '*.databaseUrl',
  'headers.authorization',
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["x-hub-signature-256"]',
  'req.headers["x-hub-signature"]',
  'req.headers["x-slack-signature"]',
  'request.headers.authorization',
];

const REDACTED = '[redacted]';
/** Shorter values are too likely to occur by chance to be scrubbed from text. */
const MIN_SECRET = 8;

/**
 * The bot's structured JSON logger (pino). Secrets are kept out twice: known secret keys are
 * redacted from logged objects, and every configured secret value (and each line of the
 * private key) is scrubbed from the final line, wherever it hides (an error message, a URL).
 *
 * @example const log = createBotLogger({ level: config.logLevel, secrets: config.secrets }); log.info({ port }, 'listening');
 */
export function createBotLogger(opts: BotLoggerOptions): Logger {
  const destination = opts.destination ?? pino.destination({ dest: 1, sync: false });
  const scrub = secretScrubber(opts.secrets);
  const stream: DestinationStream = { write: (line: string) => destination.write(scrub(line)) };
  return pino(
    {
      level: opts.level,
      // Not `name`: probot and octokit bind their own `name` in child loggers.
      base: { service: 'qm-bot' },
      messageKey: 'msg',
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
      redact: { paths: REDACT_PATHS, censor: REDACTED },
      serializers: { err: errWithoutPayloads },
    },
    stream,
  );
}

/**
 * A function replacing every occurrence of the secrets in a text (a JSON log line): each value
 * as it is, as JSON writes it inside a string, and each long line of a multi-line value (a
 * PEM key's base64 lines), longest first.
 *
 * @example secretScrubber(['xoxb-123-abc'])('{"msg":"token xoxb-123-abc"}') // '{"msg":"token [redacted]"}'
 */
export function secretScrubber(secrets: readonly string[]): (text: string) => string {
  const needles = new Set<string>();
  for (const s of secrets) {
    if (typeof s !== 'string') continue;
    for (const v of [s, s.trim(), ...s.split(/\r?\n/).map((l) => l.trim())]) {
      if (v.length < MIN_SECRET || v.startsWith('-----')) continue;
      needles.add(v);
      needles.add(JSON.stringify(v).slice(1, -1));
      needles.add(encodeURIComponent(v));
    }
  }
  const sorted = [...needles].filter((n) => n.length >= MIN_SECRET).sort((a, b) => b.length - a.length);
  if (sorted.length === 0) return (text) => text;
  return (text) => {
    let out = text;
    for (const n of sorted) if (out.includes(n)) out = out.split(n).join(REDACTED);
    return out;
  };
}

/**
 * pino's error serializer, without the webhook payloads that @octokit/webhooks attaches to its
 * errors (`err.event.payload`): a forged or unreadable delivery is logged by its id and name,
 * not by whatever an unauthenticated sender put in its body.
 */
function errWithoutPayloads(e: Error): unknown {
  return dropPayloads(pino.stdSerializers.err(e), 0);
}

function dropPayloads(v: unknown, depth: number): unknown {
  if (depth > 6 || v === null || typeof v !== 'object') return v;
  if (Array.isArray(v)) return v.map((x) => dropPayloads(x, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [k, x] of Object.entries(v)) out[k] = k === 'payload' ? `[${typeof x === 'string' ? x.length : 'a'} payload omitted]` : dropPayloads(x, depth + 1);
  return out;
}
