import type { Diagnostic } from '../definitions/diagnostic.js';
import { formatLocation } from '../model/source-location.js';
import { codeSpan, escapeMarkdown, truncate } from './escape-markdown.js';

/** Longest quoted source text shown: a value quoted in a message may be part of a secret. */
export const QUOTE_MAX = 120;
/** Longest message shown; messages name a value and what is expected, so this is generous. */
const MESSAGE_MAX = 600;

/**
 * Definition or policy errors as markdown list items: `` - ❌ `environments/prod/web.yml:7:18` instance_type "t2.mirco" is not ... ``.
 * Every quoted value is cut to its first 120 characters and the message escaped.
 *
 * @example diagnosticLines([{ file: 'a.yml', line: 1, col: 2, message: 'bad' }]) // ['- ❌ `a.yml:1:2` bad']
 */
export function diagnosticLines(diagnostics: readonly Diagnostic[]): string[] {
  return diagnostics.map((d) => `- ❌ ${codeSpan(formatLocation(d), { max: 300 })} ${escapeMarkdown(capQuotes(truncate(String(d.message), MESSAGE_MAX * 8)), MESSAGE_MAX)}`);
}

/**
 * A message with each double-quoted text cut to `max` characters (an unclosed quote runs to
 * the end of the message and is cut the same way).
 *
 * @example capQuotes(`user_data "${'x'.repeat(500)}" is too long`, 3) // 'user_data "xx…" is too long'
 */
export function capQuotes(message: string, max = QUOTE_MAX): string {
  return message.replace(/"((?:[^"\\]|\\.?)*)("|$)/gs, (_all, inner: string, close: string) => `"${truncate(inner, max)}${close}`);
}
