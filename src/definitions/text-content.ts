/**
 * Where `text` shows it was not text, and what it holds there: a NUL character, or U+FFFD,
 * which reading a file as UTF-8 puts in place of bytes that are not UTF-8. Undefined for text.
 *
 * @example findBinaryContent('a: 1\u0000') // { offset: 4, what: 'a NUL byte' }
 */
export function findBinaryContent(text: string): { offset: number; what: string } | undefined {
  const nul = text.indexOf('\u0000');
  const invalid = text.indexOf('\uFFFD');
  if (nul === -1 && invalid === -1) return undefined;
  if (invalid === -1 || (nul !== -1 && nul < invalid)) return { offset: nul, what: 'a NUL byte' };
  return { offset: invalid, what: 'bytes that are not UTF-8' };
}
