/** A replacement of `text[start, end)`; offsets refer to the original text. */
export interface TextEdit {
  start: number;
  end: number;
  text: string;
}

/**
 * Applies non-overlapping edits, last first so earlier offsets stay valid. Editing the text
 * (rather than re-printing the YAML document) keeps every byte the edit does not touch.
 *
 * @example applyTextEdits('a: 1\n', [{ start: 3, end: 4, text: '2' }]) // 'a: 2\n'
 */
export function applyTextEdits(text: string, edits: readonly TextEdit[]): string {
  let out = text;
  for (const e of [...edits].sort((a, b) => b.start - a.start)) out = out.slice(0, e.start) + e.text + out.slice(e.end);
  return out;
}

/**
 * The offset just after the line on which `offset - 1` sits (block values already end there).
 *
 * @example endOfLine('a: 1 # c\nb: 2\n', 4) // 9
 */
export function endOfLine(text: string, offset: number): number {
  if (offset > 0 && text[offset - 1] === '\n') return offset;
  const nl = text.indexOf('\n', offset);
  return nl === -1 ? text.length : nl + 1;
}

/**
 * The offset of the start of the line holding `offset`.
 *
 * @example startOfLine('a: 1\nb: 2\n', 7) // 5
 */
export function startOfLine(text: string, offset: number): number {
  return text.lastIndexOf('\n', offset - 1) + 1;
}

/**
 * The line ending a file already uses, so inserted lines match it.
 *
 * @example lineEnding('a: 1\r\n') // '\r\n'
 */
export function lineEnding(text: string): string {
  return text.includes('\r\n') ? '\r\n' : '\n';
}

/**
 * Inserts whole lines after the line on which `offset - 1` sits, in the file's own line
 * ending; a file that does not end with a newline gets one first.
 *
 * @example insertLinesAfter('a: 1', 4, ['b: 2']) // { start: 4, end: 4, text: '\nb: 2\n' }
 */
export function insertLinesAfter(text: string, offset: number, lines: readonly string[]): TextEdit {
  const eol = lineEnding(text);
  const at = endOfLine(text, offset);
  const newline = at === text.length && !text.endsWith('\n') ? eol : '';
  return { start: at, end: at, text: `${newline}${lines.join(eol)}${eol}` };
}
