/**
 * Making text that users control (resource names, messages, reasons, tag values) safe to put
 * in GitHub markdown: it cannot start a heading, a list or a table cell, close a `<details>`
 * block, open or forge an HTML comment marker, mention people, or run past its line.
 */

/** Line breaks, other control characters and bidirectional overrides ("Trojan source"). */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const UNSAFE_CHARS = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

const ENTITIES: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '\\': '&#92;',
  '`': '&#96;',
  '*': '&#42;',
  _: '&#95;',
  '[': '&#91;',
  ']': '&#93;',
  '|': '&#124;',
  '~': '&#126;',
  '@': '&#64;',
};
const SHORT_ESCAPES: Readonly<Record<string, string>> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };

const MARKDOWN_SPECIAL = /[&<>\\`*_[\]|~@]/g;

/**
 * User text as inline markdown: one line, every character that markdown or HTML would read as
 * syntax written as an HTML entity (but an underscore inside a word, which is no syntax). Entities are understood both in markdown paragraphs, lists
 * and table cells and inside HTML blocks such as `<summary>`, so one escape fits every place
 * except code spans and fences (use codeSpan / codeLine there). `@` is escaped so a name never
 * notifies anyone. With `max`, text longer than `max` code points is cut and ends with `…`.
 *
 * @example escapeMarkdown('web|</details>') // 'web&#124;&lt;/details&gt;'
 */
export function escapeMarkdown(text: string, max?: number): string {
  return truncate(oneLine(text), max).replace(MARKDOWN_SPECIAL, (c, at: number, all: string) =>
    // An underscore inside a word never starts emphasis on GitHub: `instance_type` stays readable.
    c === '_' && /[\p{L}\p{N}]/u.test(all[at - 1] ?? '') && /[\p{L}\p{N}]/u.test(all[at + 1] ?? '') ? c : (ENTITIES[c] ?? c),
  );
}

/**
 * User text as an inline code span (where entities are not decoded): delimited by more
 * backticks than it contains, on one line, with `|` escaped when it sits in a table cell
 * (GitHub splits cells before it reads code spans).
 *
 * @example codeSpan('a`b') // '``a`b``'
 */
export function codeSpan(text: string, opts: { max?: number; inTable?: boolean } = {}): string {
  let body = defuseComments(truncate(oneLine(text), opts.max));
  if (opts.inTable) body = body.replace(/\|/g, '\\|');
  const fence = '`'.repeat(longestBacktickRun(body) + 1);
  const pad = body.startsWith('`') || body.endsWith('`') || (body.startsWith(' ') && body.endsWith(' ') && body.trim() !== '') ? ' ' : '';
  return `${fence}${pad}${body}${pad}${fence}`;
}

/**
 * A line for a fenced code block: control characters shown as escapes (a name cannot add a
 * line of its own), and `<!--` split so that even a search of the raw body for a hidden marker
 * cannot find one inside a value.
 *
 * @example codeLine('web\n<!-- x -->') // 'web\\n<!-\u200b- x -->'
 */
export function codeLine(text: string): string {
  return defuseComments(text.replace(UNSAFE_CHARS, (c) => SHORT_ESCAPES[c] ?? `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`));
}

/** A code fence longer than any run of backticks in the content, so values cannot close it. */
export function fenceFor(blocks: readonly string[]): string {
  let longest = 0;
  for (const b of blocks) longest = Math.max(longest, longestBacktickRun(b));
  return '`'.repeat(Math.max(3, longest + 1));
}

/** At most `max` code points, the last one `…` when cut. */
export function truncate(text: string, max: number | undefined): string {
  if (max === undefined || text.length <= max) return text;
  const points = Array.from(text);
  return points.length <= max ? text : `${points.slice(0, Math.max(0, max - 1)).join('')}…`;
}

function oneLine(text: string): string {
  return String(text).replace(UNSAFE_CHARS, ' ');
}

function defuseComments(text: string): string {
  return text.replace(/<!--/g, '<!-\u200b-');
}

function longestBacktickRun(text: string): number {
  let longest = 0;
  for (const m of text.matchAll(/`+/g)) longest = Math.max(longest, m[0].length);
  return longest;
}
