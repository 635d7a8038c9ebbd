import { Composer, Lexer, LineCounter, Parser, YAMLParseError, parseDocument, isNode, isPair, type Alias, type CST, type Document, type Node, type Pair } from 'yaml';
import type { SourceLocation } from '../model/source-location.js';
import type { DiagnosticBag } from './diagnostic.js';
import { checkPlainYaml } from './plain-yaml.js';
import { findBinaryContent } from './text-content.js';
import { cleanYamlMessage } from './yaml-error-message.js';
import { MAX_NESTING, createNestingCheck } from './yaml-nesting.js';

type Token = CST.Token;

/** One YAML file exactly as written, with a line counter so every node has a line and column. */
export interface YamlSource {
  /** Relative to the repository root, forward slashes: `environments/prod/web.yml`. */
  file: string;
  text: string;
  doc: Document.Parsed;
  lineCounter: LineCounter;
  /**
   * Whether the file has YAML syntax errors, or is not plain YAML data (custom tags, merge
   * keys, too deep, not text): its content is then not validated further.
   */
  broken: boolean;
  /** The node each `*alias` stands for, found in one pass (resolveNode reads it). */
  aliasTargets?: ReadonlyMap<Alias, Node>;
}

/**
 * Parses one YAML document, reporting syntax errors (with their location) into `bag`.
 * Comments and layout are kept in `doc`, so the same source can be edited in place.
 * No message quotes more than a line's first 120 characters of the file, and none quotes
 * source text the YAML library would (user data may hold credentials). A binary file,
 * pathological nesting and what plain YAML does not need (`!Ref`, `<<: *base`, billion laughs)
 * are refused by name before or instead of building values from them.
 *
 * @example
 * const src = parseYamlSource('policy.yml', text, bag);
 * if (!src.broken) readMapping(ctxFor(src, bag), src.doc.contents, spec, { label: '', what: 'policy.yml' });
 */
/** A LineCounter holding every line start of `text`, for locating offsets without parsing. */
export function lineCounterOf(text: string): LineCounter {
  const lineCounter = new LineCounter();
  lineCounter.addNewLine(0);
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) lineCounter.addNewLine(i + 1);
  return lineCounter;
}

export function parseYamlSource(file: string, text: string, bag: DiagnosticBag): YamlSource {
  const refused = (offset: number, message: string): YamlSource => {
    const lineCounter = lineCounterOf(text);
    bag.error(locateIn(file, lineCounter, offset), message);
    return { file, text, doc: parseDocument(''), lineCounter, broken: true };
  };

  const binary = findBinaryContent(text);
  if (binary) return refused(binary.offset, `not a text file: it holds ${binary.what}; definitions are YAML text, so remove the file or save it as UTF-8 text`);
  const parsed = parseBounded(text);
  if ('tooDeep' in parsed) return refused(parsed.tooDeep, `nested too deeply: more than ${MAX_NESTING} levels of lists and mappings; Quartermaster definitions need only a few`);

  const { doc, lineCounter } = parsed;
  for (const e of doc.errors) bag.error(locateIn(file, lineCounter, e.pos[0]), `YAML syntax error: ${cleanYamlMessage(e.message)}`);
  for (const w of doc.warnings) {
    // A custom tag is refused below, by name.
    if (w.code !== 'TAG_RESOLVE_FAILED') bag.warn(locateIn(file, lineCounter, w.pos[0]), `YAML: ${cleanYamlMessage(w.message)}`);
  }
  const plain = parsed.plainOnly ? { problems: [], aliasTargets: new Map<Alias, Node>() } : checkPlainYaml(doc, text);
  for (const p of plain.problems) bag.error(locateIn(file, lineCounter, p.offset), p.message);
  return { file, text, doc, lineCounter, broken: doc.errors.length > 0 || plain.problems.length > 0, aliasTargets: plain.aliasTargets };
}

/**
 * parseDocument, lexing once: each token goes through the nesting check before the parser,
 * and nothing is composed (the composer recurses) when the text nests too deep. `plainOnly`
 * says no token could be a tag, an anchor, an alias or a merge key.
 * uniqueKeys (the default) makes a repeated key a syntax error with its location.
 */
function parseBounded(text: string): { doc: Document.Parsed; lineCounter: LineCounter; plainOnly: boolean } | { tooDeep: number } {
  const lineCounter = new LineCounter();
  const parser = new Parser(lineCounter.addNewLine);
  const check = createNestingCheck();
  const tokens: Token[] = [];
  // Without a tag (!), an anchor (&), an alias (*) or a merge key, checkPlainYaml has nothing to find.
  let plainOnly = true;
  lineCounter.addNewLine(0);
  for (const lexeme of new Lexer().lex(text)) {
    const tooDeep = check(lexeme);
    if (tooDeep !== undefined) return { tooDeep };
    const first = lexeme.charAt(0);
    if (first === '!' || first === '&' || first === '*' || lexeme === '<<') plainOnly = false;
    for (const token of parser.next(lexeme)) tokens.push(token);
  }
  for (const token of parser.end()) tokens.push(token);
  let doc: Document.Parsed | undefined;
  for (const next of new Composer({ keepSourceTokens: false }).compose(tokens, true, text.length)) {
    if (!doc) doc = next;
    else {
      doc.errors.push(new YAMLParseError([next.range[0], next.range[1]], 'MULTIPLE_DOCS', 'Source contains multiple documents; put each in its own file'));
      break;
    }
  }
  return { doc: doc ?? parseDocument(''), lineCounter, plainOnly };
}

function locateIn(file: string, lineCounter: LineCounter, offset: number): SourceLocation {
  const { line, col } = lineCounter.linePos(offset);
  return { file, line, col };
}

/**
 * The location of an offset in the source.
 *
 * @example locateOffset(src, node.range[0]) // { file: 'policy.yml', line: 3, col: 5 }
 */
export function locateOffset(source: YamlSource, offset: number): SourceLocation {
  const { line, col } = source.lineCounter.linePos(offset);
  return { file: source.file, line, col };
}

/**
 * Where a node (or a pair's key) is written; the start of the file when the node has no range.
 * An empty value (`key:` with nothing after it) is located at its key by the caller.
 *
 * @example locate(src, doc.getIn(['resources', 0, 'instance_type'], true))
 */
export function locate(source: YamlSource, node: Node | Pair | null | undefined): SourceLocation {
  const target = isPair(node) ? node.key : node;
  const start = isNode(target) ? target.range?.[0] : undefined;
  return start === undefined ? { file: source.file, line: 1, col: 1 } : locateOffset(source, start);
}
