import path from 'node:path';
import { isMap, isScalar, stringify, type Node, type Pair, type YAMLMap } from 'yaml';
import { DefinitionsInvalidError, ResourceNotFoundError, UnknownEnvironmentError } from '../errors.js';
import type { ResourceKind } from '../model/resources.js';
import { DiagnosticBag, formatDiagnostic } from './diagnostic.js';
import { didYouMean } from './did-you-mean.js';
import type { FieldType } from './field-types.js';
import { nodeFileTree } from './file-tree.js';
import { writeAtomically } from './write-atomically.js';
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

type Fields = Readonly<Record<string, { type: FieldType<unknown> }>>;

/** Identity and kind are never edited: a new uuid would make a new resource. */
const FROZEN_FIELDS = new Set(['kind', 'uuid']);

/**
 * Writes one field of one resource back into its YAML file, in place: only the value's text
 * changes (or one key is added or removed), comments and layout stay. The field path uses
 * the YAML names. `undefined` removes the field. The new value is validated first; an invalid
 * one throws and nothing is written.
 *
 * @example
 * await setResourceField('defs', { env: 'prod', kind: 'autoscaling-group', name: 'web' }, ['desired_capacity'], 5);
 * await setResourceField('defs', { env: 'prod', kind: 'autoscaling-group', name: 'web' }, ['launch_template', 'instance_type'], 't3.large');
 * // -> { file: 'environments/prod/web.yml', changed: true }
 */
export async function setResourceField(root: string, address: ResourceAddress, fieldPath: string[], value: FieldValue | undefined): Promise<{ file: string; changed: boolean }> {
  const fieldType = fieldTypeAt(address.kind, fieldPath);
  const abs = path.resolve(root);
  const { env, names, bag } = await readRawEnvironment(nodeFileTree(abs), address.env);
  if (!env) {
    throw new UnknownEnvironmentError(`no environment "${address.env}" in ${abs}${didYouMean(address.env, names)}`, { fix: `Use one of: ${names.join(', ') || '(none)'}` });
  }
  const { source, item } = findResource(env, address, bag);

  const edit = fieldEdit(source, item, RESOURCE_SPECS[address.kind], fieldPath, value);
  if (!edit) return { file: source.file, changed: false };
  const text = applyTextEdits(source.text, [edit]);
  if (text === source.text) return { file: source.file, changed: false };
  checkWritten(source.file, text, address, fieldPath, value, fieldType);
  await writeAtomically(path.join(abs, ...source.file.split('/')), text);
  return { file: source.file, changed: true };
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

function findResource(env: RawEnvironment, address: ResourceAddress, bag: DiagnosticBag): { source: YamlSource; item: YAMLMap<Node, Node | null> } {
  const names: string[] = [];
  for (const source of env.resourceFiles) {
    if (source.broken) continue;
    for (const item of resourceItems(source)) {
      if (!isMap(item) || item.get('kind') !== address.kind) continue;
      const name = item.get('name');
      if (name === address.name) return { source, item: item as YAMLMap<Node, Node | null> };
      if (typeof name === 'string') names.push(name);
    }
  }
  throwIfBroken(env.resourceFiles, bag);
  throw new ResourceNotFoundError(`no ${address.kind} "${address.name}" in environment ${address.env}${didYouMean(address.name, names)}`, {
    fix: names.length ? `Use one of: ${names.join(', ')}` : `Define it under environments/${address.env}/ first`,
  });
}

/** The one text edit that sets (or removes) the value; undefined when nothing changes. */
function fieldEdit(source: YamlSource, item: YAMLMap<Node, Node | null>, spec: Fields, fieldPath: string[], value: FieldValue | undefined): TextEdit | undefined {
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
    map = pair.value as YAMLMap<Node, Node | null>;
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

function removePair(source: YamlSource, map: YAMLMap<Node, Node | null>, pair: Pair<Node, Node | null>): TextEdit {
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
function insertPath(source: YamlSource, map: YAMLMap<Node, Node | null>, order: string[], rest: string[], value: FieldValue): TextEdit {
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

/** The edited file must parse, hold the value, and the value must be valid for the field. */
function checkWritten(file: string, text: string, address: ResourceAddress, fieldPath: string[], value: FieldValue | undefined, type: FieldType<unknown>): void {
  const bag = new DiagnosticBag();
  const source = parseYamlSource(file, text, bag);
  const item = resourceItems(source).find((i) => isMap(i) && i.get('kind') === address.kind && i.get('name') === (fieldPath.length === 1 && fieldPath[0] === 'name' ? value : address.name));
  const node = isMap(item) ? (item.getIn(fieldPath, true) as Node | undefined) : undefined;
  if (!source.broken && node && value !== undefined) type.read(node, { source, bag }, fieldPath.join('.'));
  if (bag.hasErrors) {
    throw new DefinitionsInvalidError(`cannot set ${fieldPath.join('.')} of ${address.kind} "${address.name}": ${bag.sortedErrors().map(formatDiagnostic).join('; ')}`, {
      fix: 'Choose a valid value; nothing was written',
    });
  }
  const written = node && 'toJSON' in node ? (node as { toJSON(): unknown }).toJSON() : undefined;
  if (source.broken || JSON.stringify(written) !== JSON.stringify(value)) {
    throw new DefinitionsInvalidError(`editing ${file} to set ${fieldPath.join('.')} would not give the expected YAML; nothing was written`, {
      fix: 'Edit the file by hand and report this as a bug',
    });
  }
}
