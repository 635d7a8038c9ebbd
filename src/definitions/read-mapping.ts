import { isMap, isScalar, type Node, type Pair, type YAMLMap } from 'yaml';
import type { SourceLocation } from '../model/source-location.js';
import { suggest } from './did-you-mean.js';
import { excerpt, quoteExcerpt } from './excerpt.js';
import { isEmptyNode, reportExpected, resolveNode, type FieldType, type JsonSchema, type ReadContext } from './field-types.js';
import { locate } from './yaml-source.js';

/** One field of a mapping: its type, whether it must be written, and what it is for. */
export interface FieldSpec<T = unknown> {
  type: FieldType<T>;
  required?: boolean;
  /** Shown by editors (JSON Schema `description`) and in docs. */
  description: string;
  /** The documented default, shown in the JSON Schema; the validator applies it. */
  default?: unknown;
}

export type MappingSpec = Record<string, FieldSpec>;

/** The values read from a mapping, by field name; a field is absent when unwritten or invalid. */
export type MappingValues<S extends MappingSpec> = { [K in keyof S]?: S[K] extends FieldSpec<infer T> ? T : never };

export interface MappingOptions {
  /** Prefix of field labels in messages: `root_volume` gives `root_volume.size_gib`; '' at the top level. */
  label: string;
  /** Names the mapping in messages about its keys: `instance "web"`, `environment.yml`. */
  what: string;
  /** Groups of keys of which at most one (or, when `required`, exactly one) may be written. */
  exclusive?: { keys: string[]; required: boolean }[];
  /** What to say is expected when the node is not a mapping at all. */
  expected?: string;
}

export interface MappingResult<S extends MappingSpec> {
  values: MappingValues<S>;
  node: YAMLMap;
  /** Where the mapping starts. */
  loc: SourceLocation;
  /** Whether every written field was valid and every required field present. */
  ok: boolean;
  /** Where a field's value is written, or the mapping's start when it is not. */
  at(key: keyof S & string): SourceLocation;
  /** Whether the field is written (even if invalid). */
  has(key: keyof S & string): boolean;
}

/**
 * Reads a mapping against a spec: refuses unknown keys (with did-you-mean), reports missing
 * required fields and every invalid value, and answers what it could read.
 *
 * @example
 * const spec = { region: { type: regionField(), required: true, description: 'AWS region' } };
 * const env = readMapping(ctx, doc.contents, spec, { label: '', what: 'environment.yml' });
 * env?.values.region // 'eu-west-1'
 */
export function readMapping<S extends MappingSpec>(ctx: ReadContext, raw: Node | null | undefined, spec: S, opts: MappingOptions): MappingResult<S> | undefined {
  const node = raw ? resolveNode(raw, ctx) : raw;
  if (!node || !isMap(node)) {
    const expected = opts.expected ?? 'a mapping of fields';
    if (node) reportExpected(ctx, node, opts.label || opts.what, expected);
    else ctx.bag.error(locate(ctx.source, node), `${opts.what} is empty, expected ${expected}`);
    return undefined;
  }
  const map = node as YAMLMap<Node, Node | null>;
  const { keys, fields, required } = shapeOf(spec);
  const pairs = new Map<string, Pair<Node, Node | null>>();
  const values: Record<string, unknown> = {};
  // A misspelt key already says what it should be; "missing <key>" on top would be noise.
  let suggested: Set<string> | undefined;
  let ok = true;
  const label = (k: string): string => (opts.label ? `${opts.label}.${k}` : k);

  for (const pair of map.items) {
    const key = isScalar(pair.key) ? pair.key.value : undefined;
    if (typeof key !== 'string') {
      ctx.bag.error(locate(ctx.source, pair.key), `field names in ${opts.what} are words like ${keys.slice(0, 3).join(', ')}; ${showKey(pair.key)} is not one`);
      ok = false;
      continue;
    }
    const field = fields.get(key);
    if (!field) {
      const near = suggest(key, keys);
      if (near !== undefined) (suggested ??= new Set()).add(near);
      const hint = near !== undefined ? ` (did you mean "${near}"?)` : ` (expected one of: ${keys.join(', ')})`;
      ctx.bag.error(locate(ctx.source, pair.key), `unknown field ${quoteExcerpt(key)} in ${opts.what}${hint}`);
      ok = false;
      continue;
    }
    pairs.set(key, pair);
    const valueNode = pair.value;
    if (!valueNode || isEmptyNode(valueNode)) {
      // `key:` with nothing after it: point at the key, the value has no position of its own.
      ctx.bag.error(locate(ctx.source, pair.key), `${label(key)} is empty, expected ${field.type.expected}`);
      ok = false;
      continue;
    }
    const value = field.type.read(valueNode, ctx, label(key));
    if (value === undefined) ok = false;
    else values[key] = value;
  }

  const loc = locate(ctx.source, map);
  for (const [key, field] of required) {
    if (!pairs.has(key)) {
      if (!suggested?.has(key)) ctx.bag.error(loc, `${opts.what} is missing ${label(key)} (${field.type.expected})`);
      ok = false;
    }
  }
  for (const group of opts.exclusive ?? []) {
    const written = group.keys.filter((k) => pairs.has(k));
    if (written.length > 1) {
      const second = pairs.get(written[1] as string);
      ctx.bag.error(locate(ctx.source, second), `${opts.what} sets ${written.join(' and ')}; set only one of them`);
      ok = false;
    } else if (group.required && written.length === 0) {
      ctx.bag.error(loc, `${opts.what} needs one of ${group.keys.join(', ')}`);
      ok = false;
    }
  }

  return new ReadMapping(values as MappingValues<S>, map, loc, ok, pairs, ctx);
}

/** What readMapping needs of a spec, worked out once per spec rather than once per mapping read. */
interface SpecShape {
  keys: string[];
  /** By key: a Map, so a key like `constructor` is an unknown field, never Object.prototype's. */
  fields: Map<string, FieldSpec>;
  required: [string, FieldSpec][];
}

const shapes = new WeakMap<MappingSpec, SpecShape>();

function shapeOf(spec: MappingSpec): SpecShape {
  let shape = shapes.get(spec);
  if (!shape) {
    const entries = Object.entries(spec);
    shape = { keys: Object.keys(spec), fields: new Map(entries), required: entries.filter(([, f]) => f.required) };
    shapes.set(spec, shape);
  }
  return shape;
}

/**
 * A MappingResult whose `at` and `has` are methods, not two closures per mapping: a
 * 10,000-instance repository reads some 30,000 mappings.
 */
class ReadMapping<S extends MappingSpec> implements MappingResult<S> {
  constructor(
    readonly values: MappingValues<S>,
    readonly node: YAMLMap,
    readonly loc: SourceLocation,
    readonly ok: boolean,
    private readonly pairs: ReadonlyMap<string, Pair<Node, Node | null>>,
    private readonly ctx: ReadContext,
  ) {}

  at(key: keyof S & string): SourceLocation {
    const pair = this.pairs.get(key);
    return pair ? locate(this.ctx.source, pair.value && !isEmptyNode(pair.value) ? pair.value : pair.key) : this.loc;
  }

  has(key: keyof S & string): boolean {
    return this.pairs.has(key);
  }
}

function showKey(node: unknown): string {
  return isScalar(node) ? excerpt(JSON.stringify(node.value) ?? String(node.value)) : 'a complex key';
}

/**
 * The JSON Schema of a mapping read by `readMapping` with the same spec and options.
 *
 * @example mappingJsonSchema({ region: { type: regionField(), required: true, description: 'AWS region' } })
 */
export function mappingJsonSchema(spec: MappingSpec, opts: Pick<MappingOptions, 'exclusive'> & { description?: string; title?: string } = {}): JsonSchema {
  const properties: Record<string, JsonSchema> = {};
  for (const [key, field] of Object.entries(spec)) {
    const s: JsonSchema = { description: field.description, ...field.type.jsonSchema() };
    if (field.default !== undefined) s.default = field.default;
    properties[key] = s;
  }
  const schema: JsonSchema = {};
  if (opts.title) schema.title = opts.title;
  if (opts.description) schema.description = opts.description;
  schema.type = 'object';
  schema.properties = properties;
  const required = Object.entries(spec).filter(([, f]) => f.required).map(([k]) => k);
  if (required.length) schema.required = required;
  schema.additionalProperties = false;
  const rules: JsonSchema[] = [];
  for (const group of opts.exclusive ?? []) {
    if (group.required) rules.push({ oneOf: group.keys.map((k) => ({ required: [k] })) });
    else for (const pair of pairsOf(group.keys)) rules.push({ not: { required: pair } });
  }
  if (rules.length === 1) Object.assign(schema, rules[0]);
  else if (rules.length > 1) schema.allOf = rules;
  return schema;
}

function pairsOf(keys: string[]): string[][] {
  return keys.flatMap((a, i) => keys.slice(i + 1).map((b) => [a, b]));
}

export interface ObjectFieldOptions {
  /** Names the mapping in messages; defaults to its label. */
  what?: string;
  exclusive?: MappingOptions['exclusive'];
  expected?: string;
}

export type Refine<S extends MappingSpec, R> = (m: MappingResult<S>, ctx: ReadContext, label: string) => R | undefined;

/**
 * A nested mapping as a field type (`root_volume: {size_gib: 20}`). `refine` turns the values
 * into the final shape (defaults, cross-field checks with the locations of the fields).
 *
 * @example objectField(rootVolumeSpec, { what: 'root_volume', refine: (m, ctx, label) => buildRootVolume(m, ctx, label) })
 */
export function objectField<S extends MappingSpec>(spec: S, opts?: ObjectFieldOptions): FieldType<MappingValues<S>>;
export function objectField<S extends MappingSpec, R>(spec: S, opts: ObjectFieldOptions & { refine: Refine<S, R> }): FieldType<R>;
export function objectField<S extends MappingSpec, R>(spec: S, opts: ObjectFieldOptions & { refine?: Refine<S, R> } = {}): FieldType<R | MappingValues<S>> {
  const expected = opts.expected ?? `a mapping with ${Object.keys(spec).join(', ')}`;
  return {
    expected,
    fields: spec,
    read(node, ctx, label) {
      const result = readMapping(ctx, node, spec, { label, what: opts.what ?? label, exclusive: opts.exclusive, expected });
      if (!result?.ok) return undefined;
      return opts.refine ? opts.refine(result, ctx, label) : result.values;
    },
    jsonSchema: () => mappingJsonSchema(spec, { exclusive: opts.exclusive }),
  };
}
