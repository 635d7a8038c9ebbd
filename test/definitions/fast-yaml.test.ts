import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { Document, isMap, isPair, isScalar, isSeq, parseDocument, type Node } from 'yaml';
import { syntheticRepository } from '../../bench/synthetic-repository.js';
import { createManualClock } from '../../src/clock.js';
import { createSimProvider } from '../../src/cloud/sim/index.js';
import { NON_STRING_STARTS, parseFastYaml } from '../../src/definitions/fast-yaml.js';
import { VARIETY_FILES } from '../plan/golden/variety-files.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** What validation reads of a node: its kind, value, how it was written and where it starts. */
function shape(node: unknown): unknown {
  if (isScalar(node)) {
    const empty = node.value === null && node.source === '';
    return { scalar: node.value, type: node.type, source: node.source, format: node.format, tag: node.tag, anchor: node.anchor, ...(empty ? {} : { at: node.range?.[0], end: node.range?.[1] }) };
  }
  if (isMap(node)) return { map: node.items.map((p) => [shape(p.key), shape(p.value)]), flow: Boolean(node.flow), at: node.range?.[0], tag: node.tag, anchor: node.anchor };
  if (isSeq(node)) return { seq: node.items.map(shape), flow: Boolean(node.flow), at: node.range?.[0], tag: node.tag, anchor: node.anchor };
  if (isPair(node)) return { pair: true };
  return node === null || node === undefined ? node : { other: String(node) };
}

function library(text: string): { ok: boolean; contents: Node | null } {
  const doc = parseDocument(text);
  return { ok: doc.errors.length === 0 && doc.warnings.length === 0, contents: doc.contents as Node | null };
}

function yamlFilesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const file = path.join(dir, name);
    if (statSync(file).isDirectory()) return yamlFilesUnder(file);
    return /\.ya?ml$/.test(name) ? [file] : [];
  });
}

const TRICKY: Record<string, string> = {
  longMap: `${Array.from({ length: 40 }, (_, i) => `k${i}: ${i}`).join('\n')}\n`,
  longDuplicate: `${Array.from({ length: 40 }, (_, i) => `k${i}: ${i}`).join('\n')}\nk3: again\n`,
  lateDuplicate: `${Array.from({ length: 16 }, (_, i) => `k${i}: ${i}`).join('\n')}\nk15: again\n`,
  setDuplicate: `${Array.from({ length: 17 }, (_, i) => `k${i}: ${i}`).join('\n')}\nk16: again\n`,
  notStrings: 's: nullx\nt: truex\nu: .5\nv: -.inf\nw: +12\nx: 0x\ny: Nope\nz: f\n',
  scalars: 'a: 1\nb: -2\nc: 0o17\nd: 0x1F\ne: 1.50\nf: 1e3\ng: .inf\nh: .NaN\ni: ~\nj: null\nk: True\nl: FALSE\nm: yes\nn: "7"\no: \'it\'\'s\'\np: 012\nq: +5\nr: 1_000\n',
  comments: '# head\na: b # trailing\n\n  # indented comment\nc:   d   \ne: x#y\n',
  nested: 'a:\n  b:\n    c: 1\n  d: [1, "two", three]\n  e: {x: 1, "y": two}\nf:\n- 1\n- x\n',
  seqInSeq: 'a:\n- - 2\n',
  seqs: 'l:\n  - a\n  - b: 1\n    c: 2\n  -   d: 3\n',
  literal: 'a: |\n  one\n\n  two\n    three\n\n\nb: |-\n  x\nc: |\n  last\n',
  keepAndFolded: 'a: |+\n  kept\n\nb: >\n  folded\n  text\n',
  indicatorLike: 'a: http://example.com/x?y=z\nb: arn:aws:sns:eu-west-1:123:topic\nc: -x\nd: a-b:c\n',
  emptyValues: 'a:\nb:\n  # only a comment\nc: {}\nd: []\n',
  anchors: 'a: &x 1\nb: *x\n',
  tags: 'a: !Ref b\n',
  duplicate: 'a: 1\na: 2\n',
  badIndent: 'a:\n  b: 1\n c: 2\n',
  tabs: 'a:\n\tb: 1\n',
  multiLinePlain: 'a: one\n  two\n',
  multiDoc: 'a: 1\n---\nb: 2\n',
  quotedEscapes: 'a: "x\\ty"\n',
  nestedMapInValue: 'a: b: c\n',
  numberKey: '1: a\n',
  noFinalNewline: 'a: 1\nb: two',
  onlyComments: '# nothing\n',
  empty: '',
  crlf: 'a: 1\r\nb: 2\r\n',
  flowTrailing: 'a: [1, 2,]\n',
  flowNested: 'a: [[1], {b: 2}]\n',
  quotedKey: '"a": 1\n',
  colonsInFlow: 'a: {b: "c:d", e: f:g}\n',
  deep: `${Array.from({ length: 80 }, (_, i) => `${'  '.repeat(i)}k${i}:`).join('\n')} 1\n`,
};

function generated(): Record<string, string> {
  const sim = createSimProvider({ clock: createManualClock() });
  return syntheticRepository(sim, { instances: 400, seed: 3 }).files;
}

describe('parseFastYaml reads what the YAML library reads, or leaves it to the library', () => {
  const inputs: Record<string, string> = { ...TRICKY, ...VARIETY_FILES, ...generated() };
  for (const file of [...yamlFilesUnder(path.join(ROOT, 'examples')), ...yamlFilesUnder(path.join(ROOT, 'test/fixtures'))]) {
    inputs[path.relative(ROOT, file)] = readFileSync(file, 'utf8');
  }

  it.each(Object.entries(inputs))('%s', (_name, text) => {
    const fast = parseFastYaml(text);
    if (fast === undefined) return;
    const lib = library(text);
    // Whatever the fast reader accepts, the library reads without an error or a warning, to the same nodes.
    expect(lib.ok).toBe(true);
    expect(shape(fast)).toEqual(shape(lib.contents));
  });

  it('reads the common shapes itself and leaves the rest to the library', () => {
    const taken = (text: string): boolean => parseFastYaml(text) !== undefined;
    for (const [name, text] of Object.entries(generated())) expect(taken(text), name).toBe(true);
    for (const name of ['longMap', 'notStrings', 'scalars', 'comments', 'nested', 'seqs', 'literal', 'indicatorLike', 'emptyValues', 'noFinalNewline', 'onlyComments', 'empty', 'colonsInFlow']) {
      expect(taken(TRICKY[name] as string), name).toBe(true);
    }
    for (const name of ['longDuplicate', 'lateDuplicate', 'setDuplicate', 'keepAndFolded', 'anchors', 'tags', 'duplicate', 'badIndent', 'tabs', 'multiLinePlain', 'multiDoc', 'quotedEscapes', 'nestedMapInValue', 'numberKey', 'crlf', 'flowTrailing', 'flowNested', 'quotedKey', 'deep', 'seqInSeq']) {
      expect(taken(TRICKY[name] as string), name).toBe(false);
    }
  });
});

describe('NON_STRING_STARTS (plain scalars starting otherwise skip the core schema\'s tests)', () => {
  const tests = new Document().schema.tags.filter((t) => t.default === true && t.test !== undefined).map((t) => t.test as RegExp);
  // Every shape the core schema's numbers, booleans and nulls take after their first character.
  const tails = ['', 'rue', 'RUE', 'alse', 'ull', 'ULL', '0', '12', '.5', '5.', 'e3', '1e3', 'x1F', 'o17', 'inf', 'nan', 'NaN', 'Inf'];
  const firsts = [...Array.from({ length: 95 }, (_, i) => String.fromCharCode(32 + i)), 'é', '\u00a0'];

  it('a plain scalar starting with any other character matches no tag but the string one', () => {
    for (const c of firsts.filter((ch) => !NON_STRING_STARTS.includes(ch))) {
      for (const tail of tails) expect(tests.some((t) => t.test(c + tail)), JSON.stringify(c + tail)).toBe(false);
    }
  });

  it('each character of the set starts some scalar that is not a string', () => {
    for (const c of NON_STRING_STARTS) expect(tails.some((tail) => tests.some((t) => t.test(c + tail))), c).toBe(true);
  });
});
