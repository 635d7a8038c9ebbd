/**
 * The first step of the chat grammar: text -> words. Total: any string gives tokens or one
 * error sentence, never an exception.
 */

/** The longest command text read at all; longer text is refused before any work. */
export const MAX_COMMAND_LENGTH = 2000;

export interface Token {
  /** The word, with the quotes and their escapes removed. */
  text: string;
  /** Written in quotes: never a flag nor a `key=value`, and kept whole. */
  quoted: boolean;
}

export interface TokenizeOptions {
  /**
   * The text comes from Slack, which writes a typed `&`, `<` and `>` as `&amp;`, `&lt;` and
   * `&gt;`: decode them. Mentions (`<@U123|bob>`) are left as written, so a reason quoting
   * someone still renders as a mention when shown back in Slack.
   */
  slack?: boolean;
}

export type TokenizeResult = { ok: true; tokens: Token[] } | { ok: false; error: string };

/** Opening quote -> its closing quote. Phones and macOS turn `"` into curly quotes as people type. */
const QUOTES: Readonly<Record<string, string>> = { '"': '"', '\u201c': '\u201d' };

// C0 controls but tab, line feed and carriage return; DEL and C1; and the bidirectional
// overrides and isolates, which can make a reason or a target read differently from what it is.
// eslint-disable-next-line no-control-regex -- matching control characters is the point.
const FORBIDDEN = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/u;

const SPACE = /^\s$/u;

/**
 * Splits a command into words: runs of non-space, or quoted text (`"..."` with `\"` and `\\`,
 * or `“...”`). A quote opens only at the start of a word, so `it's` is one word.
 *
 * @example tokenize('deny req-0123456789ab "not now"') // { ok: true, tokens: [{ text: 'deny', quoted: false }, ..., { text: 'not now', quoted: true }] }
 */
export function tokenize(text: string, opts: TokenizeOptions = {}): TokenizeResult {
  if (typeof text !== 'string') return { ok: true, tokens: [] };
  if (text.length > MAX_COMMAND_LENGTH) {
    return { ok: false, error: `the command is ${text.length} characters long; the most is ${MAX_COMMAND_LENGTH}` };
  }
  const source = opts.slack ? decodeSlackEscapes(text) : text;
  const bad = FORBIDDEN.exec(source);
  if (bad) {
    const code = (bad[0].codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0');
    return { ok: false, error: `the command contains the invisible character U+${code}; type it again without it` };
  }
  const chars = [...source];
  const tokens: Token[] = [];
  let i = 0;
  while (i < chars.length) {
    const c = chars[i] as string;
    if (SPACE.test(c)) {
      i++;
      continue;
    }
    const close = QUOTES[c];
    if (close !== undefined) {
      let word = '';
      let j = i + 1;
      let closed = false;
      while (j < chars.length) {
        const d = chars[j] as string;
        if (d === close) {
          closed = true;
          break;
        }
        // Escapes only in straight quotes, and only of what would otherwise end or escape:
        // `"C:\temp"` keeps its backslash.
        const next = chars[j + 1];
        if (c === '"' && d === '\\' && (next === '"' || next === '\\')) {
          word += next;
          j += 2;
          continue;
        }
        word += d;
        j++;
      }
      if (!closed) return { ok: false, error: `the quote ${c}${preview(word)} is not closed; close it with ${close}` };
      const after = chars[j + 1];
      if (after !== undefined && !SPACE.test(after)) {
        return { ok: false, error: `${c}${preview(word)}${close} is followed by ${after} with no space; put a space after the closing quote` };
      }
      tokens.push({ text: word, quoted: true });
      i = j + 1;
      continue;
    }
    let word = '';
    while (i < chars.length && !SPACE.test(chars[i] as string)) word += chars[i++];
    tokens.push({ text: word, quoted: false });
  }
  return { ok: true, tokens };
}

/**
 * Slack's three escapes, decoded (`&amp;` last, so `&amp;lt;` stays `&lt;`).
 *
 * @example decodeSlackEscapes('R&amp;D &lt;3') // 'R&D <3'
 */
export function decodeSlackEscapes(text: string): string {
  return text.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
}

/** The start of a long word, for a message. */
function preview(word: string): string {
  const cps = [...word];
  return cps.length > 24 ? `${cps.slice(0, 24).join('')}…` : word;
}
