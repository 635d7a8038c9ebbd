import { isAlias, isMap, isScalar, isSeq, type Node, type YAMLMap } from 'yaml';
import type { DiagnosticBag } from './diagnostic.js';
import { didYouMean } from './did-you-mean.js';
import { excerpt, quoteExcerpt } from './excerpt.js';
import { locate, type YamlSource } from './yaml-source.js';

/**
 * A small toolkit to read typed values out of YAML nodes with diagnostics, and to describe the
 * same types as JSON Schema, so the validator and the editor schema never disagree.
 * Definitions and policy.yml are both read with it.
 */

/** A JSON Schema fragment (draft-07). */
export type JsonSchema = Record<string, unknown>;

export interface ReadContext {
  source: YamlSource;
  bag: DiagnosticBag;
}

/**
 * One type of YAML value. `read` reports what is wrong (naming `label`, the value and
 * `expected`) and answers undefined, so the caller carries on and finds the next problem.
 */
export interface FieldType<T> {
  /** What a correct value looks like, as the end of a sentence: `a whole number from 1 to 16384`. */
  readonly expected: string;
  read(node: Node, ctx: ReadContext, label: string): T | undefined;
  jsonSchema(): JsonSchema;
  /** For a nested mapping: its fields (lets an edit check a field path like `launch_template.instance_type`). */
  readonly fields?: Readonly<Record<string, { type: FieldType<unknown> }>>;
}

/**
 * Follows `*alias` to its anchored node.
 *
 * @example resolveNode(node, ctx) // the `&envs [prod]` list for `*envs`
 */
export function resolveNode(node: Node, ctx: ReadContext): Node {
  if (!isAlias(node)) return node;
  const target = ctx.source.aliasTargets ? ctx.source.aliasTargets.get(node) : node.resolve(ctx.source.doc);
  return target ?? node;
}

/**
 * How a value is shown in a message: strings quoted, numbers as written, never more than
 * the first line's first 120 characters. Never call it on a secret field's value.
 *
 * @example showValue(scalarOf('t2.mirco')) // '"t2.mirco"'
 */
export function showValue(node: Node): string {
  if (isMap(node)) return 'a mapping';
  if (isSeq(node)) return 'a list';
  if (isScalar(node)) {
    if (node.value === null) return 'empty';
    if (typeof node.value === 'string') return quoteExcerpt(node.value);
    return excerpt(node.source ?? String(node.value));
  }
  return 'an unsupported value';
}

/**
 * Whether a node is an empty value (`key:` or `key: ~`).
 *
 * @example isEmptyNode(doc.get('version', true)) // true for `version:`
 */
export function isEmptyNode(node: Node): boolean {
  return isScalar(node) && node.value === null;
}

/**
 * Reports that `node` is not what `expected` says: `min_size "two" is not a whole number from 0 to 10000`.
 * `secret` values (user data) are never repeated in a message.
 */
export function reportExpected(ctx: ReadContext, node: Node, label: string, expected: string, opts: { suffix?: string; secret?: boolean } = {}): void {
  const suffix = opts.suffix ?? '';
  const at = locate(ctx.source, node);
  if (isScalar(node) && node.value !== null) {
    const shown = opts.secret ? '' : ` ${showValue(node)}`;
    ctx.bag.error(at, `${label}${shown} is not ${expected}${suffix}`);
  } else {
    ctx.bag.error(at, `${label} is ${showValue(node)}, expected ${expected}${suffix}`);
  }
}

/**
 * Runs a field's further `check`; its problem is reported after the value as written
 * (`period_seconds 45 is not a CloudWatch period`), the value left out when `secret`.
 */
function failsCheck<V>(ctx: ReadContext, node: Node, label: string, value: V, check: ((value: V) => string | undefined) | undefined, secret = false): boolean {
  const problem = check?.(value);
  if (problem === undefined) return false;
  ctx.bag.error(locate(ctx.source, node), `${label} ${secret ? '' : `${showValue(node)} `}${problem}`);
  return true;
}

export interface StringOptions {
  expected?: string;
  minLength?: number;
  maxLength?: number;
  pattern?: RegExp;
  /** Never echo the value in messages (user data may hold secrets). */
  secret?: boolean;
  /** A further check: answers the problem (`is reserved for Quartermaster`) or undefined. */
  check?: (value: string) => string | undefined;
}

/**
 * A string, optionally with a length range, a pattern and a further check.
 *
 * @example stringField({ pattern: /^ami-[0-9a-f]{17}$/, expected: 'an AMI id like ami-0abcdef1234567890' })
 */
export function stringField(opts: StringOptions = {}): FieldType<string> {
  const expected = opts.expected ?? 'a string';
  return {
    expected,
    read(raw, ctx, label) {
      const node = resolveNode(raw, ctx);
      if (!isScalar(node) || typeof node.value !== 'string') {
        reportExpected(ctx, node, label, expected, { secret: opts.secret });
        return undefined;
      }
      const value = node.value;
      const tooShort = opts.minLength !== undefined && value.length < opts.minLength;
      const tooLong = opts.maxLength !== undefined && value.length > opts.maxLength;
      if (tooShort || tooLong || (opts.pattern && !opts.pattern.test(value))) {
        reportExpected(ctx, node, label, expected, { secret: opts.secret });
        return undefined;
      }
      return failsCheck(ctx, node, label, value, opts.check, opts.secret) ? undefined : value;
    },
    jsonSchema() {
      const s: JsonSchema = { type: 'string' };
      if (opts.minLength !== undefined) s.minLength = opts.minLength;
      if (opts.maxLength !== undefined) s.maxLength = opts.maxLength;
      if (opts.pattern) s.pattern = opts.pattern.source;
      return s;
    },
  };
}

export interface NumberOptions {
  min?: number;
  max?: number;
  /** The value must be greater than `min`, not equal to it. */
  exclusiveMin?: boolean;
  integer?: boolean;
  /** Replaces the generated description of the range. */
  expected?: string;
  /** A further check: answers the problem or undefined. */
  check?: (value: number) => string | undefined;
}

/**
 * A number; `integer: true` for counts and sizes.
 *
 * @example numberField({ integer: true, min: 0, max: 10000 }) // "a whole number from 0 to 10000"
 */
export function numberField(opts: NumberOptions = {}): FieldType<number> {
  const noun = opts.integer ? 'a whole number' : 'a number';
  const lower = opts.min === undefined ? '' : opts.exclusiveMin ? `greater than ${opts.min}` : `${opts.min}`;
  let expected = noun;
  if (opts.min !== undefined && opts.max !== undefined && !opts.exclusiveMin) expected = `${noun} from ${opts.min} to ${opts.max}`;
  else if (opts.min !== undefined && opts.max !== undefined) expected = `${noun} ${lower} and at most ${opts.max}`;
  else if (opts.min !== undefined) expected = opts.exclusiveMin ? `${noun} ${lower}` : `${noun} of at least ${opts.min}`;
  else if (opts.max !== undefined) expected = `${noun} of at most ${opts.max}`;
  expected = opts.expected ?? expected;
  return {
    expected,
    read(raw, ctx, label) {
      const node = resolveNode(raw, ctx);
      if (!isScalar(node) || typeof node.value !== 'number' || !Number.isFinite(node.value)) {
        reportExpected(ctx, node, label, expected);
        return undefined;
      }
      const v = node.value;
      const belowMin = opts.min !== undefined && (opts.exclusiveMin ? v <= opts.min : v < opts.min);
      const aboveMax = opts.max !== undefined && v > opts.max;
      if ((opts.integer && !Number.isInteger(v)) || belowMin || aboveMax) {
        reportExpected(ctx, node, label, expected);
        return undefined;
      }
      return failsCheck(ctx, node, label, v, opts.check) ? undefined : v;
    },
    jsonSchema() {
      const s: JsonSchema = { type: opts.integer ? 'integer' : 'number' };
      if (opts.min !== undefined) s[opts.exclusiveMin ? 'exclusiveMinimum' : 'minimum'] = opts.min;
      if (opts.max !== undefined) s.maximum = opts.max;
      return s;
    },
  };
}

/**
 * `true` or `false` (YAML 1.2: `yes`/`no` are strings, so they are refused).
 *
 * @example booleanField().read(node, ctx, 'monitoring') // true
 */
export function booleanField(): FieldType<boolean> {
  const expected = 'true or false';
  return {
    expected,
    read(raw, ctx, label) {
      const node = resolveNode(raw, ctx);
      if (!isScalar(node) || typeof node.value !== 'boolean') {
        reportExpected(ctx, node, label, expected);
        return undefined;
      }
      return node.value;
    },
    jsonSchema: () => ({ type: 'boolean' }),
  };
}

/**
 * One of a fixed set of strings, with did-you-mean. Long sets (instance types, regions) say
 * `expected` instead of listing every value.
 *
 * @example enumField(['running', 'stopped']) // state "runing" is not one of running, stopped (did you mean "running"?)
 */
export function enumField<T extends string>(values: readonly T[], opts: { expected?: string } = {}): FieldType<T> {
  const expected = opts.expected ?? `one of ${values.join(', ')}`;
  const set = new Set<string>(values);
  return {
    expected,
    read(raw, ctx, label) {
      const node = resolveNode(raw, ctx);
      const value = isScalar(node) && node.value !== null ? String(node.value) : undefined;
      // A number or boolean written where a name is expected is shown with its suggestion too (`t3: 2`).
      if (value === undefined || !isScalar(node) || typeof node.value !== 'string' || !set.has(value)) {
        const quote = value !== undefined && set.has(value) ? ` (quote it: "${value}")` : undefined;
        reportExpected(ctx, node, label, expected, { suffix: value === undefined ? '' : (quote ?? didYouMean(value, values)) });
        return undefined;
      }
      return value as T;
    },
    jsonSchema: () => (values.length === 1 ? { const: values[0] } : { enum: [...values] }),
  };
}

/**
 * A list of values of one type; `unique` refuses the same value twice. `expected` replaces
 * the generated description.
 *
 * @example listField(stringField(), { unique: true, minItems: 1 })
 */
export function listField<T>(item: FieldType<T>, opts: { minItems?: number; maxItems?: number; unique?: boolean; expected?: string } = {}): FieldType<T[]> {
  const bounds = opts.minItems ? ` of at least ${opts.minItems} item${opts.minItems === 1 ? '' : 's'}` : '';
  const expected = opts.expected ?? `a list${bounds} (each ${item.expected})`;
  return {
    expected,
    read(raw, ctx, label) {
      const node = resolveNode(raw, ctx);
      if (!isSeq(node)) {
        reportExpected(ctx, node, label, expected);
        return undefined;
      }
      const out: T[] = [];
      let ok = true;
      const seen = new Set<string>();
      node.items.forEach((child, i) => {
        const itemNode = child as Node;
        const value = item.read(itemNode, ctx, `${label}[${i}]`);
        if (value === undefined) {
          ok = false;
          return;
        }
        if (opts.unique) {
          const key = JSON.stringify(value);
          if (seen.has(key)) {
            // As written (`"alice"`), not the parsed value's JSON (`{"kind":"person","name":"alice"}`).
            ctx.bag.error(locate(ctx.source, itemNode), `${label} lists ${showValue(resolveNode(itemNode, ctx))} more than once`);
            ok = false;
            return;
          }
          seen.add(key);
        }
        out.push(value);
      });
      if (opts.minItems !== undefined && node.items.length < opts.minItems) {
        ctx.bag.error(locate(ctx.source, node), `${label} has ${node.items.length} item${node.items.length === 1 ? '' : 's'}, expected ${expected}`);
        ok = false;
      }
      if (opts.maxItems !== undefined && node.items.length > opts.maxItems) {
        ctx.bag.error(locate(ctx.source, node), `${label} has ${node.items.length} items, expected at most ${opts.maxItems}`);
        ok = false;
      }
      return ok ? out : undefined;
    },
    jsonSchema() {
      const s: JsonSchema = { type: 'array', items: item.jsonSchema() };
      if (opts.minItems !== undefined) s.minItems = opts.minItems;
      if (opts.maxItems !== undefined) s.maxItems = opts.maxItems;
      if (opts.unique) s.uniqueItems = true;
      return s;
    },
  };
}

/**
 * A mapping of free keys to values of one type (tags, dimensions); keys are checked by `key`.
 *
 * @example mapField(stringField({ maxLength: 128 }), stringField({ maxLength: 256 }))
 */
export function mapField<T>(key: FieldType<string>, value: FieldType<T>, opts: { maxEntries?: number } = {}): FieldType<Record<string, T>> {
  const expected = `a mapping (keys: ${key.expected}; values: ${value.expected})`;
  return {
    expected,
    read(raw, ctx, label) {
      const node = resolveNode(raw, ctx);
      if (!isMap(node)) {
        reportExpected(ctx, node, label, expected);
        return undefined;
      }
      const out: Record<string, T> = {};
      let ok = true;
      for (const pair of (node as YAMLMap<Node, Node>).items) {
        const k = key.read(pair.key, ctx, `${label} key`);
        if (k === undefined) {
          ok = false;
          continue;
        }
        const valueNode = pair.value ?? pair.key;
        const v = value.read(valueNode, ctx, `${label}.${k}`);
        if (v === undefined) ok = false;
        else out[k] = v;
      }
      if (opts.maxEntries !== undefined && node.items.length > opts.maxEntries) {
        ctx.bag.error(locate(ctx.source, node), `${label} has ${node.items.length} entries, expected at most ${opts.maxEntries}`);
        ok = false;
      }
      return ok ? out : undefined;
    },
    jsonSchema() {
      const s: JsonSchema = { type: 'object', propertyNames: key.jsonSchema(), additionalProperties: value.jsonSchema() };
      if (opts.maxEntries !== undefined) s.maxProperties = opts.maxEntries;
      return s;
    },
  };
}
