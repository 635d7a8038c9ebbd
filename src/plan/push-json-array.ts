/** Elements per piece: about 100-200 KB of text per piece on a typical fleet. */
const PIECE_ELEMENTS = 400;

/**
 * Appends to `out` the pieces of the JSON text of `items.map(toValue)`: exactly what
 * `JSON.stringify` prints for that array, split into a few strings.
 *
 * Why: the values are built (and printed) a few hundred at a time, so each batch is garbage
 * before the next is built, where one JSON.stringify over ten thousand of them keeps them all
 * alive through several scavenges (copied each time); and a piece of that size is allocated
 * outside the young generation.
 *
 * @example
 * const out: string[] = [];
 * pushJsonArray(out, [1, 2], (n) => ({ n }));
 * out.join('') // '[{"n":1},{"n":2}]'
 */
export function pushJsonArray<T>(out: { push(piece: string): void }, items: readonly T[], toValue: (item: T) => unknown): void {
  out.push('[');
  const piece: unknown[] = [];
  for (let i = 0; i < items.length; i++) {
    piece.push(toValue(items[i] as T));
    if (piece.length === PIECE_ELEMENTS || i === items.length - 1) {
      // `[a,b]` without its brackets: a slice shares the text, it does not copy it.
      out.push(JSON.stringify(piece).slice(1, -1));
      if (i < items.length - 1) out.push(',');
      piece.length = 0;
    }
  }
  out.push(']');
}
