import { Document, Scalar, isScalar, type Node, type Pair, type YAMLMap, type YAMLSeq } from 'yaml';
import { createYamlNodes } from './yaml-nodes.js';
import { MAX_NESTING } from './yaml-nesting.js';

/**
 * A reader for the plain block YAML that definitions are almost always written in, ten times
 * faster than the YAML library's lexer, parser and composer (which also read process.env once per
 * token). It builds the same nodes the library composes (YAMLMap, YAMLSeq, Pair, Scalar with the
 * same value, type, source, format and start offset), so validation and its messages cannot tell
 * them apart; test/definitions/fast-yaml.test.ts compares the two trees over every fixture.
 *
 * It answers `undefined` (the caller then parses with the library) at the first thing outside that
 * subset: anchors, aliases, tags, directives, documents markers, tabs or CR in the structure,
 * multi-line plain or quoted scalars, escapes, folded scalars, nested or multi-line flow
 * collections, complex or repeated keys, odd indentation. So every error, warning and refusal
 * stays the library's own, located as before. Ranges: `[start, end, end]`, where the library's
 * third offset also covers trailing comments; the nodes are for reading, never for editing.
 *
 * @example parseFastYaml('resources:\n  - kind: instance\n') // YAMLMap, or undefined to fall back
 */
export function parseFastYaml(text: string): Node | null | undefined {
  try {
    return new FastReader(text).document();
  } catch (e) {
    if (e === FALLBACK) return undefined;
    throw e;
  }
}

/** Thrown (never escapes parseFastYaml) at the first construct the fast reader leaves to the library. */
const FALLBACK = Symbol('fallback');
const fallback = (): never => {
  throw FALLBACK;
};

const SCHEMA = new Document().schema;
/** The core schema's scalar tags in the library's order of trial (findScalarTagByTest). */
type ScalarResolve = (value: string, onError: (message: string) => void, options: object) => unknown;
interface CoreScalarTag {
  test?: RegExp;
  format?: string;
  resolve: ScalarResolve;
}
const asScalarTag = (t: (typeof SCHEMA.tags)[number]): CoreScalarTag => t as unknown as CoreScalarTag;
const SCALAR_TAGS = SCHEMA.tags.filter((t) => t.default === true && t.test !== undefined).map(asScalarTag);
const STRING_TAG = asScalarTag(SCHEMA.tags.find((t) => t.tag === 'tag:yaml.org,2002:str') as (typeof SCHEMA.tags)[number]);
const RESOLVE_OPTIONS = { intAsBigInt: false };
const NODES = createYamlNodes(SCHEMA);

const [COLON, OPEN_BRACKET, CLOSE_BRACKET, OPEN_BRACE, CLOSE_BRACE] = [':', '[', ']', '{', '}'].map((c) => c.charCodeAt(0)) as [number, number, number, number, number];

/** Characters that may start a plain scalar or key without the library reading an indicator. */
const PLAIN_START = /[A-Za-z0-9_./$^(=+~-]/;
/** A simple block mapping key: a word (no quotes, no spaces, no flow or indicator characters). */
const KEY = /[A-Za-z0-9_][A-Za-z0-9_.$/+=()-]*/y;

class FastReader {
  private readonly lines: { start: number; end: number }[] = [];
  private i = 0;
  private depth = 0;

  constructor(private readonly text: string) {
    if (text.charCodeAt(0) === 0xfeff || text.includes('\r')) fallback();
    for (let start = 0; start <= text.length; ) {
      let end = text.indexOf('\n', start);
      if (end === -1) end = text.length;
      this.lines.push({ start, end });
      start = end + 1;
    }
  }

  document(): Node | null {
    this.skipBlank();
    if (this.i >= this.lines.length) return null;
    const indent = this.indentOf(this.i);
    if (indent !== 0) fallback();
    const node = this.blockNode(0);
    this.skipBlank();
    if (this.i < this.lines.length) fallback();
    return node;
  }

  /** Skips empty and comment-only lines; a line with a tab or CR in its structure falls back. */
  private skipBlank(): void {
    while (this.i < this.lines.length) {
      const { start, end } = this.lines[this.i] as { start: number; end: number };
      let p = start;
      while (p < end && this.text.charCodeAt(p) === 32) p++;
      if (p < end && this.text[p] !== '#') return;
      this.i++;
    }
  }

  private indentOf(line: number): number {
    const { start, end } = this.lines[line] as { start: number; end: number };
    let p = start;
    while (p < end && this.text.charCodeAt(p) === 32) p++;
    return p - start;
  }

  /** A block collection starting at the current (content) line, whose indentation is `indent`. */
  private blockNode(indent: number): Node {
    const { start } = this.lines[this.i] as { start: number };
    const at = start + indent;
    return this.isSeqItem(at) ? this.blockSeq(indent) : this.blockMap(indent, at);
  }

  /** Bounded recursion: a file nested deeper than definitions ever are is the library's to refuse. */
  private enter(): void {
    if (++this.depth > MAX_NESTING) fallback();
  }

  private isSeqItem(at: number): boolean {
    if (this.text[at] !== '-') return false;
    const next = this.text[at + 1];
    return next === ' ' || next === '\n' || next === undefined;
  }

  private blockSeq(indent: number): YAMLSeq {
    this.enter();
    const seq = NODES.seq();
    const first = (this.lines[this.i] as { start: number }).start + indent;
    for (;;) {
      const { start, end } = this.lines[this.i] as { start: number; end: number };
      const dash = start + indent;
      if (!this.isSeqItem(dash)) fallback();
      let p = dash + 1;
      while (p < end && this.text.charCodeAt(p) === 32) p++;
      if (p >= end || this.text[p] === '#') fallback();
      if (this.keyAt(p, end) !== undefined) {
        seq.items.push(this.blockMap(p - start, p));
      } else {
        seq.items.push(this.inlineValue(p, end));
        this.i++;
      }
      this.skipBlank();
      if (this.i >= this.lines.length) break;
      const next = this.indentOf(this.i);
      if (next > indent) fallback();
      if (next < indent) break;
      if (!this.isSeqItem((this.lines[this.i] as { start: number }).start + indent)) break;
    }
    seq.range = [first, first, first];
    this.depth--;
    return seq;
  }

  /** The key written at `p` when it is `key:` followed by a space, a comment or the end of the line. */
  private keyAt(p: number, end: number): string | undefined {
    KEY.lastIndex = p;
    if (!KEY.test(this.text)) return undefined;
    const colon = KEY.lastIndex;
    // Past the line, or longer than the library allows an implicit key: not a key here.
    if (colon > end || colon - p > 256 || this.text[colon] !== ':') return undefined;
    return colon + 1 >= end || this.text.charCodeAt(colon + 1) === 32 ? this.text.slice(p, colon) : undefined;
  }

  /** A block mapping whose first key is at offset `at` on the current line (indentation `indent`). */
  private blockMap(indent: number, at: number): YAMLMap {
    this.enter();
    const map = NODES.map();
    // A repeated key is the library's to report. Definitions' mappings have a dozen keys: a scan
    // of those read so far costs less than a Set per mapping; a long mapping gets its Set.
    let long: Set<string> | undefined;
    let keyAt = at;
    for (;;) {
      const { end } = this.lines[this.i] as { end: number };
      const keyText = this.keyAt(keyAt, end) ?? fallback();
      const key = plainScalar(keyText, keyAt);
      // A key the core schema reads as a number, a boolean or null, or a repeated key: the library's business.
      if (typeof key.value !== 'string') fallback();
      if (long) {
        if (long.has(keyText)) fallback();
        long.add(keyText);
      } else if (hasKey(map, keyText)) fallback();
      else if (map.items.length === LONG_MAPPING) long = new Set([...map.items.map(keyOf), keyText]);
      let p = keyAt + keyText.length + 1;
      while (p < end && this.text.charCodeAt(p) === 32) p++;
      let value: Node;
      if (p >= end || this.text[p] === '#') {
        if (p < end && this.text.charCodeAt(p - 1) !== 32) fallback();
        this.i++;
        value = this.nestedValue(indent, end);
      } else if (this.text[p] === '|' || this.text[p] === '>') {
        value = this.blockScalar(p, end, indent);
      } else {
        value = this.inlineValue(p, end);
        this.i++;
      }
      map.items.push(NODES.pair(key, value));
      this.skipBlank();
      if (this.i >= this.lines.length) break;
      const next = this.indentOf(this.i);
      if (next > indent) fallback();
      if (next < indent) break;
      keyAt = (this.lines[this.i] as { start: number }).start + indent;
      // A sequence at the mapping's own indentation belongs to the key before (handled in nestedValue).
      if (this.isSeqItem(keyAt)) break;
    }
    map.range = [at, at, at];
    this.depth--;
    return map;
  }

  /** The value of `key:` with nothing after it: a deeper block, a sequence at the key's indentation, or empty. */
  private nestedValue(indent: number, keyLineEnd: number): Node {
    this.skipBlank();
    if (this.i < this.lines.length) {
      const next = this.indentOf(this.i);
      const at = (this.lines[this.i] as { start: number }).start + next;
      if (next > indent) return this.blockNode(next);
      if (next === indent && this.isSeqItem(at)) return this.blockSeq(next);
    }
    // `key:` alone: the library's empty scalar (readMapping locates it at its key).
    return plainScalar('', keyLineEnd);
  }

  /** A value on the rest of one line: a plain or quoted scalar, or a flat flow collection. */
  private inlineValue(p: number, end: number): Node {
    const c = this.text[p];
    let node: Node;
    let after: number;
    if (c === '"' || c === "'") [node, after] = this.quoted(p, end);
    else if (c === '{' || c === '[') [node, after] = this.flow(p, end);
    else [node, after] = this.plain(p, end, false);
    this.expectLineEnd(after, end);
    return node;
  }

  /** Only spaces, then optionally a comment, until the end of the line. */
  private expectLineEnd(p: number, end: number): void {
    let q = p;
    while (q < end && this.text.charCodeAt(q) === 32) q++;
    if (q < end && (this.text[q] !== '#' || q === p)) fallback();
  }

  /** A plain scalar on one line; in flow, it also ends at `,`, `]` and `}`. */
  private plain(p: number, end: number, inFlow: boolean): [Scalar, number] {
    if (!PLAIN_START.test(this.text[p] ?? '')) fallback();
    if ((this.text[p] === '-' || this.text[p] === '?' || this.text[p] === ':') && this.text.charCodeAt(p + 1) === 32) fallback();
    let q = p;
    let last = p;
    while (q < end) {
      // Letters, and whatever else sorts above ':' but brackets and braces, end nothing: most
      // characters of most values, so they are passed over first, as char codes.
      const code = this.text.charCodeAt(q);
      if (code > COLON && code !== OPEN_BRACKET && code !== CLOSE_BRACKET && code !== OPEN_BRACE && code !== CLOSE_BRACE) {
        last = ++q;
        continue;
      }
      const ch = this.text[q] as string;
      if (ch === '\t' || ch === '\r') fallback();
      if (ch === '#' && this.text.charCodeAt(q - 1) === 32) break;
      // `: ` ends a flow mapping's key; in a block value it would be a nested mapping, the library's to refuse.
      if (ch === ':' && (q + 1 >= end || this.text.charCodeAt(q + 1) === 32 || (inFlow && ',[]{}'.includes(this.text[q + 1] as string)))) {
        if (!inFlow) fallback();
        break;
      }
      if (inFlow && (ch === ',' || ch === ']' || ch === '}')) break;
      if (inFlow && (ch === '[' || ch === '{')) fallback();
      if (ch !== ' ') last = q + 1;
      q++;
    }
    return [plainScalar(this.text.slice(p, last), p), last];
  }

  /** A single- or double-quoted scalar closed on the same line, without escapes. */
  private quoted(p: number, end: number): [Scalar, number] {
    const quote = this.text[p] as string;
    let value = '';
    let q = p + 1;
    for (;;) {
      const close = this.text.indexOf(quote, q);
      if (close === -1 || close >= end) fallback();
      value += this.text.slice(q, close);
      if (quote === "'" && this.text[close + 1] === "'") {
        value += "'";
        q = close + 2;
        continue;
      }
      q = close + 1;
      break;
    }
    if (value.includes('\t') || value.includes('\r') || (quote === '"' && value.includes('\\'))) fallback();
    const node = NODES.scalar(value);
    node.range = [p, q, q];
    node.source = value;
    node.type = quote === '"' ? Scalar.QUOTE_DOUBLE : Scalar.QUOTE_SINGLE;
    ensureString(node);
    return [node, q];
  }

  /** `{ a: b, c: "d" }` or `[a, "b"]` on one line, of scalars only. */
  private flow(p: number, end: number): [Node, number] {
    const isMap = this.text[p] === '{';
    const close = isMap ? '}' : ']';
    const coll = isMap ? NODES.map() : NODES.seq();
    coll.flow = true;
    const seen = new Set<string>();
    let q = p + 1;
    const skip = (): void => {
      while (q < end && this.text.charCodeAt(q) === 32) q++;
    };
    skip();
    while (this.text[q] !== close) {
      const item = this.flowScalar(q, end);
      q = item[1];
      skip();
      if (isMap) {
        if (this.text[q] !== ':' || typeof item[0].value !== 'string' || seen.has(item[0].value)) fallback();
        seen.add(item[0].value as string);
        q++;
        skip();
        if (q >= end || ',}'.includes(this.text[q] as string)) fallback();
        const value = this.flowScalar(q, end);
        (coll as YAMLMap).items.push(NODES.pair(item[0], value[0]));
        q = value[1];
      } else {
        (coll as YAMLSeq).items.push(item[0]);
      }
      skip();
      if (this.text[q] === ',') {
        q++;
        skip();
        if (this.text[q] === close) fallback();
      } else if (this.text[q] !== close) fallback();
    }
    if (q >= end) fallback();
    coll.range = [p, q + 1, q + 1];
    return [coll, q + 1];
  }

  private flowScalar(q: number, end: number): [Scalar, number] {
    if (q >= end) fallback();
    const c = this.text[q];
    return c === '"' || c === "'" ? this.quoted(q, end) : this.plain(q, end, true);
  }

  /**
   * `|`, `|-` or `|+` (literal, no indentation indicator) and the lines under it, as the library
   * reads them; folded scalars (`>`) and anything unusual fall back.
   */
  private blockScalar(p: number, end: number, parentIndent: number): Scalar {
    if (this.text[p] !== '|') fallback();
    let q = p + 1;
    const chomp = this.text[q] === '-' || this.text[q] === '+' ? (this.text[q++] as '-' | '+') : '';
    // Kept trailing lines (`|+`) and indentation indicators (`|2`) are rare: the library reads them.
    if (chomp === '+') fallback();
    this.expectLineEnd(q, end);
    this.i++;
    const contentLines: string[] = [];
    let contentIndent = -1;
    let valueEnd = end;
    while (this.i < this.lines.length) {
      const { start, end: lineEnd } = this.lines[this.i] as { start: number; end: number };
      let s = start;
      while (s < lineEnd && this.text.charCodeAt(s) === 32) s++;
      const blank = s === lineEnd;
      if (blank) {
        // A blank line before the first content line, or one longer than the indentation: the library's rules.
        if (contentIndent === -1 || s - start > contentIndent) fallback();
        // The last line of the file, empty: the end of the text, not a line of the scalar.
        if (this.i === this.lines.length - 1 && start === lineEnd) break;
        contentLines.push('');
        this.i++;
        continue;
      }
      const indent = s - start;
      if (contentIndent === -1) {
        if (indent <= parentIndent) fallback();
        contentIndent = indent;
      }
      if (indent < contentIndent) break;
      const line = this.text.slice(start + contentIndent, lineEnd);
      if (line.includes('\r') || this.text.charCodeAt(start + contentIndent) === 9) fallback();
      contentLines.push(line);
      valueEnd = lineEnd;
      this.i++;
    }
    if (contentIndent === -1) fallback();
    // Clipped (`|`) and stripped (`|-`) scalars drop their trailing blank lines.
    while (contentLines.length > 0 && contentLines[contentLines.length - 1] === '') contentLines.pop();
    let value = contentLines.join('\n');
    if (chomp === '' && value !== '') value += '\n';
    const node = NODES.scalar(value);
    node.range = [p, valueEnd + 1, valueEnd + 1];
    node.source = value;
    node.type = Scalar.BLOCK_LITERAL;
    return node;
  }
}

/** Past this many keys, a block mapping's keys are looked up in a Set. */
const LONG_MAPPING = 16;

/** The key of a pair of a block mapping (always a plain scalar: keyAt). */
const keyOf = (pair: Pair<Node, Node>): string => (pair.key as Scalar).source as string;

function hasKey(map: YAMLMap<Node, Node>, key: string): boolean {
  const items = map.items;
  for (let i = 0; i < items.length; i++) if (keyOf(items[i] as Pair<Node, Node>) === key) return true;
  return false;
}

/**
 * The first characters with which a plain scalar can be anything but a string in the core
 * schema: `~`, null, true, false, numbers, `.inf`, `.nan`. Names, ids and most values start
 * otherwise, and skip eight regular expressions each (test/definitions/fast-yaml.test.ts checks
 * this set against the library's tags).
 */
export const NON_STRING_STARTS = '~nNtTfF0123456789+-.';

/** A plain scalar resolved by the core schema exactly as the library's composer does. */
function plainScalar(source: string, at: number): Scalar {
  // Most plain scalars are strings at a glance (the core schema's string tag keeps them as written).
  if (source !== '' && !NON_STRING_STARTS.includes(source.charAt(0))) return plainNode(NODES.scalar(source), source, at, undefined);
  const tag = SCALAR_TAGS.find((t) => t.test?.test(source)) ?? STRING_TAG;
  const res = tag.resolve(source, () => fallback(), RESOLVE_OPTIONS);
  return plainNode(isScalar(res) ? (res as Scalar) : NODES.scalar(res), source, at, tag.format);
}

/** The members the composer sets on a plain scalar, in its order. */
function plainNode(node: Scalar, source: string, at: number, format: string | undefined): Scalar {
  node.range = [at, at + source.length, at + source.length];
  node.source = source;
  node.type = Scalar.PLAIN;
  if (format) node.format = format;
  return node;
}

function ensureString(node: Scalar): void {
  if (typeof node.value !== 'string') fallback();
}
