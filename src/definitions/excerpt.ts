/** The most of a line a message ever quotes: a message is read on one terminal line. */
export const MAX_EXCERPT = 120;

/**
 * What a message may quote of text from a file: its first line, at most 120 characters,
 * marked with … when cut. Values of secret fields (user data) are never quoted at all.
 *
 * @example excerpt('#!/bin/bash\nexport A=1') // '#!/bin/bash…'
 */
export function excerpt(text: string): string {
  const newline = text.search(/\r?\n/);
  const line = newline === -1 ? text : text.slice(0, newline);
  if (line.length <= MAX_EXCERPT && newline === -1) return line;
  // Cut by code points, so an emoji is not split in half; a long line is never spread whole.
  return `${[...line.slice(0, MAX_EXCERPT * 2)].slice(0, MAX_EXCERPT).join('')}…`;
}

/**
 * A quoted excerpt, JSON-escaped: `"t2.mirco"`.
 *
 * @example quoteExcerpt('t2.mirco') // '"t2.mirco"'
 */
export function quoteExcerpt(text: string): string {
  return JSON.stringify(excerpt(text));
}
