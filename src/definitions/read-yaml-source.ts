import { Document, type Alias, type Node } from 'yaml';
import type { DiagnosticBag } from './diagnostic.js';
import { parseFastYaml } from './fast-yaml.js';
import { findBinaryContent } from './text-content.js';
import { lineCounterOf, parseYamlSource, type YamlSource } from './yaml-source.js';

const NO_ALIASES: ReadonlyMap<Alias, Node> = new Map();

/**
 * A YAML file for validation only (never for an edit): plain block YAML is read by the fast
 * reader, without the library's tokens and documents; anything else (errors included) is
 * parsed by parseYamlSource, so every message is the same as it always was.
 *
 * @example const source = readYamlSource('environments/prod/web.yml', text, bag);
 */
export function readYamlSource(file: string, text: string, bag: DiagnosticBag): YamlSource {
  const contents = findBinaryContent(text) ? undefined : parseFastYaml(text);
  if (contents === undefined) return parseYamlSource(file, text, bag);
  const doc = new Document() as Document.Parsed;
  doc.contents = contents as Document.Parsed['contents'];
  return { file, text, doc, lineCounter: lineCounterOf(text), broken: false, aliasTargets: NO_ALIASES };
}
