import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { canonicalJson } from '../../src/plan/index.js';
import { canonicalValue } from '../../src/plan/canonical-json.js';

/** The definition, written plainly: keys sorted at every depth by the replacer. */
function reference(value: unknown): string {
  return (
    JSON.stringify(value, (_k, v: unknown) => {
      if (v === null || typeof v !== 'object' || Array.isArray(v)) return v;
      const sorted: Record<string, unknown> = {};
      for (const k of Object.keys(v).sort()) sorted[k] = (v as Record<string, unknown>)[k];
      return sorted;
    }) ?? 'null'
  );
}

describe('canonicalJson', () => {
  it.each<[string, unknown, string]>([
    ['nested objects in arrays', [1, { b: 2, a: [{ d: 1, c: 2 }] }], '[1,{"a":[{"c":2,"d":1}],"b":2}]'],
    ['a Date, as its ISO string', { when: new Date('2026-03-01T12:00:00Z'), a: 1 }, '{"a":1,"when":"2026-03-01T12:00:00.000Z"}'],
    ['undefined at the top', undefined, 'null'],
    ['undefined and function members dropped', { b: undefined, a: () => 1, c: [undefined] }, '{"c":[null]}'],
    ['an own "__proto__" key kept', JSON.parse('{"__proto__":{"b":1,"a":2},"x":1}'), '{"__proto__":{"a":2,"b":1},"x":1}'],
  ])('prints %s', (_, value, expected) => {
    expect(canonicalJson(value)).toBe(expected);
  });

  it('prints what the key-sorting replacer prints, for any JSON value', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (v) => {
        expect(canonicalJson(v)).toBe(reference(v));
      }),
      { numRuns: 1000 },
    );
  });
});

describe('canonicalValue', () => {
  it('returns a value already in order as it is, without copying', () => {
    const value = { a: [1, { x: 1, y: [2] }], b: { c: null } };
    expect(canonicalValue(value)).toBe(value);
  });

  it('copies what is out of order and leaves the input untouched', () => {
    const value = { b: 1, a: { d: 1, c: 2 } };
    const copy = canonicalValue(value);
    expect(Object.keys(copy as object)).toEqual(['a', 'b']);
    expect(Object.keys(value)).toEqual(['b', 'a']);
    expect(Object.keys(value.a)).toEqual(['d', 'c']);
  });

  it('omits the named key of the top-level object only', () => {
    const value = { source: 'x', b: { source: 'kept' }, a: 1 };
    expect(JSON.stringify(canonicalValue(value, 'source'))).toBe('{"a":1,"b":{"source":"kept"}}');
  });
});
