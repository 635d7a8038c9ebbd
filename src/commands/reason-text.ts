import type { RawArg } from './parse-command-text.js';

/** The longest reason kept: enough to explain, short enough that the canonical text fits. */
export const MAX_REASON_LENGTH = 500;

export type ReasonResult = { ok: true; reason: string } | { ok: false; error: string };

/**
 * The reason words of `deny` and `unlock`, quoted or not, as one line: spaces and line breaks
 * between and inside words become one space. '' when there is none.
 *
 * @example reasonFrom([{ text: 'not', quoted: false }, { text: 'during  the sale', quoted: true }]) // { ok: true, reason: 'not during the sale' }
 */
export function reasonFrom(args: readonly RawArg[]): ReasonResult {
  const reason = normalizeReason(args.map((a) => a.text).join(' '));
  const length = [...reason].length;
  if (length > MAX_REASON_LENGTH) return { ok: false, error: `the reason is ${length} characters long; the most is ${MAX_REASON_LENGTH}` };
  return { ok: true, reason };
}

/**
 * A reason as it is kept: trimmed, every run of white space one space.
 *
 * @example normalizeReason('  not\n now ') // 'not now'
 */
export function normalizeReason(text: string): string {
  return text.replace(/\s+/gu, ' ').trim();
}

/**
 * A word in the canonical text, quoted so it reads back as one word exactly: `"say \"no\""`.
 *
 * @example quoteWord('not now') // '"not now"'
 */
export function quoteWord(text: string): string {
  return `"${text.replace(/[\\"]/g, (c) => `\\${c}`)}"`;
}
