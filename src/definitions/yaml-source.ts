import { LineCounter, parseDocument, isNode, isPair, type Document, type Node, type Pair } from 'yaml';
import type { SourceLocation } from '../model/source-location.js';
import type { DiagnosticBag } from './diagnostic.js';

/** One YAML file exactly as written, with a line counter so every node has a line and column. */
export interface YamlSource {
  /** Relative to the repository root, forward slashes: `environments/prod/web.yml`. */
  file: string;
  text: string;
  doc: Document.Parsed;
  lineCounter: LineCounter;
  /** Whether the file has YAML syntax errors (its content is then not validated further). */
  broken: boolean;
}

/**
 * Parses one YAML document, reporting syntax errors (with their location) into `bag`.
 * Comments and layout are kept in `doc`, so the same source can be edited in place.
 *
 * @example
 * const src = parseYamlSource('policy.yml', text, bag);
 * if (!src.broken) readMapping(ctxFor(src, bag), src.doc.contents, spec, { label: '', what: 'policy.yml' });
 */
export function parseYamlSource(file: string, text: string, bag: DiagnosticBag): YamlSource {
  const lineCounter = new LineCounter();
  // uniqueKeys (the default) makes a repeated key a syntax error with its location.
  const doc = parseDocument(text, { lineCounter, prettyErrors: true, keepSourceTokens: false });
  for (const e of doc.errors) {
    const at = e.linePos?.[0] ?? { line: 1, col: 1 };
    bag.error({ file, line: at.line, col: at.col }, `YAML syntax error: ${cleanYamlMessage(e.message)}`);
  }
  for (const w of doc.warnings) {
    const at = w.linePos?.[0] ?? { line: 1, col: 1 };
    bag.warn({ file, line: at.line, col: at.col }, `YAML: ${cleanYamlMessage(w.message)}`);
  }
  return { file, text, doc, lineCounter, broken: doc.errors.length > 0 };
}

/** yaml's messages end with ` at line 7, column 3:` and a code excerpt; the location is already in the diagnostic. */
function cleanYamlMessage(message: string): string {
  const first = message.split('\n')[0] ?? message;
  return first.replace(/ at line \d+, column \d+:?$/, '');
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
