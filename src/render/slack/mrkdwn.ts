import { truncate } from '../escape-markdown.js';

/**
 * Making text that users control (resource names, reasons, messages, tag values) safe in Slack's
 * mrkdwn: Slack reads `<...>` as a link, a mention (`<@U1>`, `<!channel>`) or a date, so `&`, `<`
 * and `>` are written as the three entities Slack decodes; control characters and bidirectional
 * overrides become spaces so a value stays on its line. Bare `@here` in text sent through the
 * API notifies nobody (only `<!here>` does), so nothing else needs escaping to stay harmless.
 */

// eslint-disable-next-line no-control-regex -- matching control characters is the point
const UNSAFE_CHARS = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;
const ENTITIES: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;' };

/**
 * User text as one line of mrkdwn, cut to `max` code points (`…` when cut).
 *
 * @example escapeMrkdwn('web <!channel>') // 'web &lt;!channel&gt;'
 */
export function escapeMrkdwn(text: string, max = 300): string {
  return truncate(String(text).replace(UNSAFE_CHARS, ' '), max).replace(/[&<>]/g, (c) => ENTITIES[c] ?? c);
}

/**
 * User text as an inline code span: Slack has no escape for a backtick inside one, so backticks
 * become the look-alike `ˋ` (U+02CB) and the span cannot be closed early.
 *
 * @example code('prod/web') // '`prod/web`'
 */
export function code(text: string, max = 100): string {
  const body = escapeMrkdwn(String(text).replace(/`/g, 'ˋ'), max);
  return `\`${body.trim() === '' ? '\u00a0' : body}\``;
}

/**
 * Text as a `plain_text` object takes it (Slack shows it as it is, no markup): one line, cut.
 *
 * @example plain('Approve scale prod/web t3.large', 75)
 */
export function plain(text: string, max: number): string {
  const one = truncate(String(text).replace(UNSAFE_CHARS, ' '), max);
  return one.trim() === '' ? '-' : one;
}

const SLACK_USER = /^slack:([UW][A-Z0-9]{2,})$/;
const GITHUB_USER = /^github:([A-Za-z0-9][A-Za-z0-9-]{0,38})#\d+$/;

/**
 * An actor as Slack shows people: `slack:U012ABC` as a mention, `github:octocat#583231` as
 * `octocat (GitHub)`, anything else escaped.
 *
 * @example who('slack:U012ABC') // '<@U012ABC>'
 */
export function who(actor: string): string {
  const slack = SLACK_USER.exec(actor);
  if (slack) return `<@${slack[1]}>`;
  const github = GITHUB_USER.exec(actor);
  if (github) return `${github[1]} (GitHub)`;
  return escapeMrkdwn(actor, 100);
}

/**
 * Policy identities inside text as written by the policy explainer (`bob (github:bob#1002,
 * slack:U0BOB)`), escaped, with Slack users and user groups turned into mentions, so approvers
 * see that they are asked.
 *
 * @example principals('bob (slack:U0BOB), slack-group:S0SRE') // 'bob (<@U0BOB>), <!subteam^S0SRE>'
 */
export function principals(text: string, max = 200): string {
  return escapeMrkdwn(text, max)
    .replace(/\bslack-group:(S[A-Z0-9]{2,})\b/g, '<!subteam^$1>')
    .replace(/\bslack:([UW][A-Z0-9]{2,})\b/g, '<@$1>');
}

/**
 * An instant as Slack shows it in each reader's own time zone, with a UTC fallback.
 *
 * @example slackDate('2026-03-01T13:00:00.000Z') // '<!date^1772370000^{date_short_pretty} {time}|2026-03-01 13:00 UTC>'
 */
export function slackDate(iso: string): string {
  const ms = Date.parse(iso);
  if (!Number.isFinite(ms)) return escapeMrkdwn(iso, 40);
  const fallback = new Date(ms).toISOString().slice(0, 16).replace('T', ' ');
  return `<!date^${Math.floor(ms / 1000)}^{date_short_pretty} {time}|${fallback} UTC>`;
}

/**
 * A link, or only its words when the URL is not a plain http(s) URL.
 *
 * @example link('https://github.com/acme/fleet/pull/12', 'pull request #12') // '<https://github.com/acme/fleet/pull/12|pull request #12>'
 */
export function link(url: string | undefined, words: string): string {
  const text = escapeMrkdwn(words, 100).replace(/\|/g, '¦');
  if (typeof url !== 'string' || url.length > 2000 || !/^https?:\/\/[!-~]+$/i.test(url)) return text;
  const safe = url.replace(/[<>|"'`\\]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`);
  return `<${safe}|${text}>`;
}

/**
 * Text cut to at most `max` UTF-16 units (how Slack's limits count), ending in `…` when cut,
 * never inside a surrogate pair.
 *
 * @example cutText('abcdef', 4) // 'abc…'
 */
export function cutText(text: string, max: number): string {
  if (text.length <= max) return text;
  let end = Math.max(0, max - 1);
  const code = text.charCodeAt(end - 1);
  if (code >= 0xd800 && code <= 0xdbff) end--;
  return `${text.slice(0, end)}…`;
}

/**
 * A list of names, the first `shown` of them, then `and N more`.
 *
 * @example listOf(['a', 'b', 'c'], 2) // 'a, b and 1 more'
 */
export function listOf(items: readonly string[], shown = 10): string {
  const head = items.slice(0, shown);
  const left = items.length - head.length;
  if (left > 0) return `${head.join(', ')} and ${left.toLocaleString('en-US')} more`;
  return head.join(', ');
}
