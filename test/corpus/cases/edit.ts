/**
 * A file edit for a case: replaces `from` (which must be there, so a case never silently stops
 * breaking anything when the example changes) with `to`.
 *
 * @example files: { 'environments/dev/web.yml': edit('min_size: 1', 'min_size: 3') }
 */
export function edit(from: string, to: string): (current: string) => string {
  return (current) => {
    if (!current.includes(from)) throw new Error(`the corpus edit expects ${JSON.stringify(from)} in the file; update the case`);
    return current.replace(from, to);
  };
}

/** Several edits of one file, in order. */
export function edits(...changes: Array<[from: string, to: string]>): (current: string) => string {
  return (current) => changes.reduce((text, [from, to]) => edit(from, to)(text), current);
}

/** A whole resource file of the dev environment holding one resource written as YAML lines. */
export function devResource(...lines: string[]): string {
  return `resources:\n  - ${lines.join('\n    ')}\n`;
}
