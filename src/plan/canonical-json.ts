import { createKeyOrderMemo } from './key-order.js';

/**
 * JSON with object keys sorted at every depth and undefined members dropped, so equal values
 * always serialise to equal text (the basis of fingerprints). Integer-like keys (`"0"`, `"12"`)
 * still print first in numeric order: JavaScript objects always list them so, whatever the
 * insertion order. Deterministic all the same, but not a plain string sort of the keys.
 *
 * @example canonicalJson({ b: 1, a: [2, { d: undefined, c: 3 }] }) // '{"a":[2,{"c":3}],"b":1}'
 */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(canonicalValue(value)) ?? 'null';
}

const order = createKeyOrderMemo((keys, inOrder) => ({ keys, inOrder }));

/**
 * The value with every object's keys in code-unit order, for the native JSON.stringify
 * (which keeps insertion order) to print canonically. Objects and arrays already in order are
 * returned as they are, not copied; `omit` drops one key of the top-level object.
 *
 * Why not a key-sorting replacer: the engine calls a replacer for every member, primitives
 * included, which on a 10,000-resource plan cost more than building these copies; and with the
 * key orders remembered (key-order.ts) no object is sorted twice.
 *
 * @example JSON.stringify(canonicalValue({ b: 1, a: 2, source: 'x' }, 'source')) // '{"a":2,"b":1}'
 */
export function canonicalValue(value: unknown, omit?: string): unknown {
  if (value === null || typeof value !== 'object') return value;
  const json = (value as { toJSON?: unknown }).toJSON;
  // JSON.stringify would print what toJSON returns (a Date's ISO string): canonicalise that, once.
  if (typeof json === 'function') return canonicalMembers((json as () => unknown).call(value), omit);
  return canonicalMembers(value, omit);
}

function canonicalMembers(value: unknown, omit: string | undefined): unknown {
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return canonicalArray(value);

  const obj = value as Record<string, unknown>;
  const { keys, inOrder } = order.of(obj);
  if (inOrder && (omit === undefined || !(omit in obj))) {
    // Keys in order: kept as it is unless a member needs a copy.
    let k = 0;
    for (; k < keys.length; k++) {
      const v = obj[keys[k] as string];
      if (v !== null && typeof v === 'object' && canonicalValue(v) !== v) break;
    }
    if (k === keys.length) return obj;
    // Copy every own key as it is (an own "__proto__" included).
    return copyMembers(obj, keys, omit, Object.create(null) as Record<string, unknown>);
  }
  // Keys out of order: a plain object, as the sorting replacer this replaces built.
  return copyMembers(obj, keys, omit, {});
}

function copyMembers(obj: Record<string, unknown>, keys: readonly string[], omit: string | undefined, out: Record<string, unknown>): Record<string, unknown> {
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i] as string;
    if (key === omit) continue;
    const v = obj[key];
    out[key] = v !== null && typeof v === 'object' ? canonicalValue(v) : v;
  }
  return out;
}

function canonicalArray(xs: readonly unknown[]): readonly unknown[] {
  for (let i = 0; i < xs.length; i++) {
    const x = xs[i];
    if (x === null || typeof x !== 'object') continue;
    const c = canonicalValue(x);
    if (c === x) continue;
    const out = xs.slice(0, i);
    out.push(c);
    for (let j = i + 1; j < xs.length; j++) out.push(canonicalValue(xs[j]));
    return out;
  }
  return xs;
}
