import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { isMap, isScalar, type Pair, type Node, type YAMLMap } from 'yaml';
import { DefinitionsInvalidError } from '../errors.js';
import { DiagnosticBag } from './diagnostic.js';
import { nodeFileTree } from './file-tree.js';
import { definitionsInvalidError, throwIfBroken } from './load-definitions.js';
import { ENVIRONMENTS_DIR, readRawDefinitions } from './read-raw-definitions.js';
import { resourceItems } from './resource-items.js';
import { applyTextEdits, insertLinesAfter, type TextEdit } from './text-edit.js';
import { writeAtomically } from './write-atomically.js';
import { locate, parseYamlSource, type YamlSource } from './yaml-source.js';

export interface FormatOptions {
  /** Makes new uuids; crypto.randomUUID by default (tests pass a counter). */
  newUuid?: () => string;
  /** Report what would change, write nothing (`qm fmt --check`). */
  check?: boolean;
}

export interface FormatResult {
  /** Files that got (or, with `check`, would get) uuids, and how many. */
  changed: { file: string; added: number }[];
}

/**
 * `qm fmt` / `qm init`: writes a `uuid:` line under the `name:` of every resource that has
 * none. Only those lines are inserted; comments, order, quoting and blank lines are left
 * byte for byte. Running it again changes nothing.
 *
 * @example
 * const { changed } = await formatDefinitions('examples/fleet', { check: true });
 * // [{ file: 'environments/dev/web.yml', added: 1 }]
 */
export async function formatDefinitions(root: string, opts: FormatOptions = {}): Promise<FormatResult> {
  const abs = path.resolve(root);
  const raw = await readRawDefinitions(nodeFileTree(abs), abs);
  // Not a definitions repository at all: saying "nothing to change" would mislead.
  const layout = raw.bag.errors.filter((d) => d.file === ENVIRONMENTS_DIR);
  if (layout.length > 0) throw definitionsInvalidError(layout);
  const files = raw.environments.flatMap((e) => e.resourceFiles);
  throwIfBroken(files, raw.bag);

  const newUuid = opts.newUuid ?? randomUUID;
  const changed: FormatResult['changed'] = [];
  for (const source of files) {
    const edits = uuidInsertions(source, newUuid);
    if (edits.length === 0) continue;
    changed.push({ file: source.file, added: edits.length });
    if (opts.check) continue;
    const text = applyTextEdits(source.text, edits);
    assertStillValid(source.file, text, edits.length);
    await writeAtomically(path.join(abs, ...source.file.split('/')), text);
  }
  return { changed };
}

/** One insertion per resource item without a `uuid` key. */
function uuidInsertions(source: YamlSource, newUuid: () => string): TextEdit[] {
  const edits: TextEdit[] = [];
  for (const item of resourceItems(source)) {
    if (!isMap(item) || item.has('uuid') || item.items.length === 0) continue;
    const edit = insertAfterAnchor(source, item as YAMLMap<Node, Node | null>, `uuid: ${newUuid()}`);
    if (edit) edits.push(edit);
  }
  return edits;
}

/**
 * Inserts `line` as a new pair right after the item's `name` (or `kind`, or first) pair:
 * a new line with the key's indentation in a block mapping, `, line` in a flow mapping.
 */
function insertAfterAnchor(source: YamlSource, map: YAMLMap<Node, Node | null>, line: string, anchorKeys = ['name', 'kind']): TextEdit | undefined {
  const anchor = anchorKeys.map((k) => map.items.find((p) => isScalar(p.key) && p.key.value === k)).find(Boolean) ?? map.items[map.items.length - 1];
  if (!anchor) return undefined;
  const end = pairEnd(anchor);
  if (end === undefined) return undefined;
  if (map.flow) return { start: end, end, text: `, ${line}` };
  const indent = locate(source, anchor.key).col - 1;
  return insertLinesAfter(source.text, end, [`${' '.repeat(indent)}${line}`]);
}

/** Where a pair's value (or its key, when empty) ends. */
function pairEnd(pair: Pair<Node, Node | null>): number | undefined {
  return pair.value?.range?.[1] ?? pair.key.range?.[1];
}

/** A guard against a bad edit: the result must parse and every item must now have a uuid. */
function assertStillValid(file: string, text: string, added: number): void {
  const after = parseYamlSource(file, text, new DiagnosticBag());
  if (after.broken || uuidInsertions(after, () => 'x').length > 0) {
    throw new DefinitionsInvalidError(`adding ${added} uuid(s) to ${file} would not give valid YAML; the file was left unchanged`, {
      fix: 'Add the uuid lines by hand and report this as a bug',
    });
  }
}
