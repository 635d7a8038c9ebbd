import { isMap, isScalar, stringify, type Node, type Pair, type YAMLMap } from 'yaml';
import { DefinitionsInvalidError, ResourceNotFoundError, UnknownEnvironmentError } from '../errors.js';
import type { ResourceKind } from '../model/resources.js';
import { DiagnosticBag, formatDiagnostic } from './diagnostic.js';
import { didYouMean } from './did-you-mean.js';
import type { FieldType } from './field-types.js';
import type { FileTree } from './file-tree.js';
import { throwIfBroken } from './load-definitions.js';
import type { RawEnvironment } from './raw.js';
import { readRawEnvironment } from './read-raw-definitions.js';
import { resourceItems } from './resource-items.js';
import { RESOURCE_SPECS } from './resource-specs.js';
import { applyTextEdits, endOfLine, insertLinesAfter, lineEnding, startOfLine, type TextEdit } from './text-edit.js';
import { locate, parseYamlSource, type YamlSource } from './yaml-source.js';

/** A value a chat command writes: `/scale web 5`, `/scale web t3.large`, `/shutdown dev`. */
export type FieldValue = string | number | boolean | string[];

export interface ResourceAddress {
  env: string;
  kind: ResourceKind;
  name: string;
}

/** One field to set: its path in YAML names, and the value (`undefined` removes the field). */
export interface FieldChange {
  path: string[];
  value: FieldValue | undefined;
}

/** One file's text before and after an edit: what a DefinitionsWriter writes, and checks was not edited meanwhile. */
export interface FileEdit {
  /** Relative to the definitions root, forward slashes: `environments/prod/web.yml`. */
  file: string;
  before: string;
  after: string;
}

type Fields = Readonly<Record<string, { type: FieldType<unknown> }>>;
type Item = YAMLMap<Node, Node | null>;

/** Identity and kind are never edited: a new uuid would make a new resource. */
const FROZEN_FIELDS = new Set(['kind', 'uuid']);

/**
 * The edit that sets fields of one resource, as text: only the values' text changes (or a key
 * is added or removed), every other byte of the file stays, comments and layout included.
 * Reads the resource's environment through `tree` and writes nothing: a DefinitionsWriter
 * writes the result (a local file, a pull request). Each new value is validated first; an
 * invalid one throws. No edit when the file already says so.
 *
 * @example
 * const web = { env: 'prod', kind: 'autoscaling-group', name: 'web' } as const;
 * await editResourceFields(tree, web, [{ path: ['min_size'], value: 2 }, { path: ['max_size'], value: 6 }, { path: ['desired_capacity'], value: 4 }]);
 * // -> [{ file: 'environments/prod/web.yml', before: '...', after: '...' }]
 */
export async function editResourceFields(tree: FileTree, address: ResourceAddress, fields: readonly FieldChange[], root = 'the definitions'): Promise<FileEdit[]> {
  const edit = await editResourceFile(tree, address, fields, root);
  return edit.after === edit.before ? [] : [edit];
}

/**
 * The same for one field.
 *
 * @example await editResourceField(tree, web, ['launch_template', 'instance_type'], 't3.large')
 */
export function editResourceField(tree: FileTree, address: ResourceAddress, fieldPath: string[], value: FieldValue | undefined, root?: string): Promise<FileEdit[]> {
  return editResourceFields(tree, address, [{ path: fieldPath, value }], root);
}

/**
 * The resource's file before and after the fields are set; `after === before` when nothing
 * changes. For writers that name the file either way (setResourceField).
 *
 * @example const { file, before, after } = await editResourceFile(nodeFileTree('/repo'), web, [{ path: ['desired_capacity'], value: 5 }], '/repo');
 */
export async function editResourceFile(tree: FileTree, address: ResourceAddress, fields: readonly FieldChange[], root = 'the definitions'): Promise<FileEdit> {
  if (fields.length === 0) throw new DefinitionsInvalidError('cannot set no fields', { fix: 'Name a field, e.g. ["desired_capacity"]' });
  const types = fields.map((f) => fieldTypeAt(address.kind, f.path));
  const { env, names, bag } = await readRawEnvironment(tree, address.env);
  if (!env) {
    throw new UnknownEnvironmentError(`no environment "${address.env}" in ${root}${didYouMean(address.env, names)}`, { fix: `Use one of: ${names.join(', ') || '(none)'}` });
  }
  const found = findResource(env, address, bag);
  let { source, item } = found;
  let name = address.name;
  // One field at a time on the text the previous one left, so edits of the same mapping
  // (min_size, then a new desired_capacity after max_size) never overlap.
  for (const [i, { path, value }] of fields.entries()) {
    const edit = fieldEdit(source, item, RESOURCE_SPECS[address.kind], path, value);
    if (!edit) continue;
    const text = applyTextEdits(source.text, [edit]);
    if (text === source.text) continue;
    if (path.length === 1 && path[0] === 'name' && typeof value === 'string') name = value;
    ({ source, item } = checkWritten(source.file, text, address, name, path, value, types[i] as FieldType<unknown>));
  }
  return { file: source.file, before: found.source.text, after: source.text };
}

/** The type of the field at `fieldPath`, or a thrown error naming the fields there are. */
function fieldTypeAt(kind: ResourceKind, fieldPath: string[]): FieldType<unknown> {
  let fields: Fields | undefined = RESOURCE_SPECS[kind];
  let type: FieldType<unknown> | undefined;
  for (const [i, segment] of fieldPath.entries()) {
    const known: string[] = Object.keys(fields ?? {});
    type = fields?.[segment]?.type;
    if (!type || (i === 0 && FROZEN_FIELDS.has(segment))) {
      const where = fieldPath.slice(0, i).join('.') || kind;
      throw new DefinitionsInvalidError(`cannot set ${fieldPath.join('.')}: "${segment}" is not an editable field of ${where}${didYouMean(segment, known)}`, {
        fix: `Use one of: ${known.filter((k) => !FROZEN_FIELDS.has(k)).join(', ')}`,
      });
    }
    fields = type.fields;
  }
  if (!type) throw new DefinitionsInvalidError('cannot set an empty field path', { fix: 'Name a field, e.g. ["desired_capacity"]' });
  return type;
}

function findResource(env: RawEnvironment, address: ResourceAddress, bag: DiagnosticBag): { source: YamlSource; item: Item } {
  const names: string[] = [];
  for (const source of env.resourceFiles) {
    if (source.broken) continue;
    for (const item of resourceItems(source)) {
      if (!isMap(item) || item.get('kind') !== address.kind) continue;
      const name = item.get('name');
      if (name === address.name) return { source, item: item as Item };
      if (typeof name === 'string') names.push(name);
    }
  }
  throwIfBroken(env.resourceFiles, bag);
  throw new ResourceNotFoundError(`no ${address.kind} "${address.name}" in environment ${address.env}${didYouMean(address.name, names)}`, {
    fix: names.length ? `Use one of: ${names.join(', ')}` : `Define it under environments/${address.env}/ first`,
  });
}

/** The one text edit that sets (or removes) the value; undefined when nothing changes. */
function fieldEdit(source: YamlSource, item: Item, spec: Fields, fieldPath: string[], value: FieldValue | undefined): TextEdit | undefined {
  let map = item;
  let fields: Fields | undefined = spec;
  for (const [i, segment] of fieldPath.entries()) {
    const pair = map.items.find((p) => isScalar(p.key) && p.key.value === segment);
    const last = i === fieldPath.length - 1;
    if (!pair) return value === undefined ? undefined : insertPath(source, map, Object.keys(fields ?? {}), fieldPath.slice(i), value);
    fields = fields?.[segment]?.type.fields;
    if (last) return value === undefined ? removePair(source, map, pair) : replaceValue(source, pair, value);
    if (!isMap(pair.value)) {
      throw new DefinitionsInvalidError(`cannot set ${fieldPath.join('.')}: ${fieldPath.slice(0, i + 1).join('.')} in ${source.file} is not a mapping`, {
        fix: 'Write it as a block mapping first',
      });
    }
    map = pair.value as Item;
  }
  return undefined;
}

function replaceValue(source: YamlSource, pair: Pair<Node, Node | null>, value: FieldValue): TextEdit {
  const node = pair.value;
  const range = node?.range;
  if (!node || !range) {
    const end = pair.key.range?.[1] ?? 0;
    return { start: end, end, text: `: ${render(value)}` };
  }
  const original = source.text.slice(range[0], range[1]);
  if (isScalar(node) && node.value === null && original === '') return { start: range[0], end: range[1], text: ` ${render(value, node)}` };
  // Block collections and block scalars end with their newline; keep it.
  const newline = original.endsWith('\n') ? lineEnding(source.text) : '';
  return { start: range[0], end: range[1], text: render(value, node) + newline };
}

function removePair(source: YamlSource, map: Item, pair: Pair<Node, Node | null>): TextEdit {
  const keyStart = pair.key.range?.[0] ?? 0;
  const lineStart = startOfLine(source.text, keyStart);
  if (map.flow || source.text.slice(lineStart, keyStart).trim() !== '') {
    throw new DefinitionsInvalidError(`cannot remove ${String((pair.key as { value?: unknown }).value)} from ${source.file}:${locate(source, pair.key).line}: it shares its line with other YAML`, {
      fix: 'Put the field on its own line and retry',
    });
  }
  const valueEnd = pair.value?.range?.[1] ?? pair.key.range?.[1] ?? keyStart;
  return { start: lineStart, end: endOfLine(source.text, valueEnd), text: '' };
}

/**
 * Adds `a:\n  b: value` (block) or `, a: {b: value}` (flow) where a person would put it: after
 * the written field closest before it in the spec's order (desired_capacity after max_size).
 */
function insertPath(source: YamlSource, map: Item, order: string[], rest: string[], value: FieldValue): TextEdit {
  const rank = (p: Pair<Node, Node | null>): number => (isScalar(p.key) ? order.indexOf(String(p.key.value)) : -1);
  const newRank = order.indexOf(rest[0] as string);
  const before = map.items.filter((p) => rank(p) !== -1 && rank(p) < newRank).sort((a, b) => rank(b) - rank(a));
  const lastPair = before[0] ?? map.items[map.items.length - 1];
  const end = lastPair ? (lastPair.value?.range?.[1] ?? lastPair.key.range?.[1]) : undefined;
  if (map.flow || !lastPair || end === undefined) {
    const nested = rest.slice(1).reduceRight((acc, k) => `{${k}: ${acc}}`, render(value));
    const text = `${rest[0]}: ${nested}`;
    if (lastPair && end !== undefined) return { start: end, end, text: `, ${text}` };
    const open = (map.range?.[0] ?? 0) + 1;
    return { start: open, end: open, text };
  }
  const indent = locate(source, map.items[0]?.key ?? lastPair.key).col - 1;
  const lines = rest.map((k, i) => `${' '.repeat(indent + 2 * i)}${k}:${i === rest.length - 1 ? ` ${render(value)}` : ''}`);
  return insertLinesAfter(source.text, end, lines);
}

/** YAML text of a value, keeping the quoting style of the value it replaces. */
function render(value: FieldValue, replacing?: Node): string {
  if (Array.isArray(value)) return `[${value.map((v) => render(v)).join(', ')}]`;
  if (typeof value !== 'string') return String(value);
  if (value.includes('\n')) return JSON.stringify(value);
  if (isScalar(replacing) && replacing.type === 'QUOTE_DOUBLE') return JSON.stringify(value);
  if (isScalar(replacing) && replacing.type === 'QUOTE_SINGLE') return `'${value.replace(/'/g, "''")}'`;
  return stringify(value).trimEnd();
}

/**
 * The edited file must parse, hold the value, and the value must be valid for the field.
 * Answers the edited file and the resource in it (now called `name`), for the next field.
 */
function checkWritten(file: string, text: string, address: ResourceAddress, name: string, fieldPath: string[], value: FieldValue | undefined, type: FieldType<unknown>): { source: YamlSource; item: Item } {
  const bag = new DiagnosticBag();
  const source = parseYamlSource(file, text, bag);
  const item = resourceItems(source).find((i) => isMap(i) && i.get('kind') === address.kind && i.get('name') === name);
  const node = isMap(item) ? (item.getIn(fieldPath, true) as Node | undefined) : undefined;
  if (!source.broken && node && value !== undefined) type.read(node, { source, bag }, fieldPath.join('.'));
  if (bag.hasErrors) {
    throw new DefinitionsInvalidError(`cannot set ${fieldPath.join('.')} of ${address.kind} "${address.name}": ${bag.sortedErrors().map(formatDiagnostic).join('; ')}`, {
      fix: 'Choose a valid value; nothing was written',
    });
  }
  const written = node && 'toJSON' in node ? (node as { toJSON(): unknown }).toJSON() : undefined;
  if (source.broken || !isMap(item) || JSON.stringify(written) !== JSON.stringify(value)) {
    throw new DefinitionsInvalidError(`editing ${file} to set ${fieldPath.join('.')} would not give the expected YAML; nothing was written`, {
      fix: 'Edit the file by hand and report this as a bug',
    });
  }
  return { source, item: item as Item };
}
