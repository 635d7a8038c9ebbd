import { CST, Lexer } from 'yaml';

/**
 * How deep lists and mappings may nest. Definitions and policy.yml need fewer than ten levels;
 * the YAML library's composer recurses (and can run out of memory) on thousands.
 */
export const MAX_NESTING = 64;

/** Zero-length markers the lexer inserts; they are not in the source. */
const MARKERS = new Set([CST.DOCUMENT, CST.FLOW_END, CST.SCALAR]);

/** Fed the lexer's tokens in order; answers the offset of the token that nests too deep. */
export type NestingCheck = (lexeme: string) => number | undefined;

/**
 * Follows nesting over the lexer's flat token stream (linear, no recursion), before anything
 * is composed: flow brackets count one level each, and block collections one level per deeper
 * indentation or compact `- ` / `? ` indicator on a line. Block scalars, quoted strings and
 * comments are single tokens, so brackets inside them do not count.
 *
 * @example const check = createNestingCheck(); for (const t of new Lexer().lex(text)) if (check(t) !== undefined) ...
 */
export function createNestingCheck(max = MAX_NESTING): NestingCheck {
  let offset = 0;
  let flow = 0;
  /** Columns of the open block collections, innermost last. */
  const blocks: number[] = [];
  let lineStart = 0;
  let lineHasContent = false;
  let afterIndicator = false;
  let scalarSourceNext = false;
  const push = (col: number): boolean => {
    const top = blocks[blocks.length - 1];
    if (top === undefined || col > top) blocks.push(col);
    return blocks.length + flow > max;
  };
  return (token) => {
    const at = offset;
    if (MARKERS.has(token)) {
      if (token === CST.SCALAR) scalarSourceNext = true;
      return undefined;
    }
    offset += token.length;
    const type = scalarSourceNext ? 'scalar' : CST.tokenType(token);
    scalarSourceNext = false;
    const newline = token.lastIndexOf('\n');
    const startsLine = !lineHasContent;
    if (type === 'space' || type === 'newline' || type === 'comment' || type === 'byte-order-mark') {
      if (newline !== -1) {
        lineStart = at + newline + 1;
        lineHasContent = false;
        afterIndicator = false;
      }
      return undefined;
    }
    if (flow === 0) {
      const col = at - lineStart;
      if (startsLine) {
        while (blocks.length > 0 && (blocks[blocks.length - 1] as number) > col) blocks.pop();
        if (push(col)) return at;
      } else if (afterIndicator && push(col)) return at;
    }
    lineHasContent = true;
    afterIndicator = flow === 0 && (type === 'seq-item-ind' || type === 'explicit-key-ind');
    if (type === 'flow-seq-start' || type === 'flow-map-start') {
      flow++;
      if (blocks.length + flow > max) return at;
    } else if (type === 'flow-seq-end' || type === 'flow-map-end') {
      flow = Math.max(0, flow - 1);
    }
    // A multi-line scalar ends on a later line; what follows it is not at the start of a line.
    if (newline !== -1) lineStart = at + newline + 1;
    return undefined;
  };
}

/**
 * The offset where `text` nests lists and mappings deeper than `max`, or undefined.
 *
 * @example findExcessiveNesting('['.repeat(10000)) // 64
 */
export function findExcessiveNesting(text: string, max = MAX_NESTING): number | undefined {
  const check = createNestingCheck(max);
  for (const token of new Lexer().lex(text)) {
    const at = check(token);
    if (at !== undefined) return at;
  }
  return undefined;
}
