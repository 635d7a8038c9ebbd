import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createKeyOrder, createKeyOrderMemo, isSortedKeys } from '../../src/plan/key-order.js';

class WithInherited {
  own = 1;
}
Object.defineProperty(WithInherited.prototype, 'inherited', { value: 2, enumerable: true });

describe('createKeyOrder().sortedKeys', () => {
  it.each<[string, object, string[]]>([
    ['an empty object', {}, []],
    ['keys out of order', { team: 'a', 'cost-center': 'b' }, ['cost-center', 'team']],
    ['keys in order', { a: 1, b: 2 }, ['a', 'b']],
    ['upper case before lower case (code units, not locale)', { b: 1, B: 2, a: 3 }, ['B', 'a', 'b']],
    ['integer-like keys as strings', { 10: 'x', 9: 'y', a: 'z' }, ['10', '9', 'a']],
    ['a null-prototype object', Object.assign(Object.create(null) as object, { z: 1, y: 2 }), ['y', 'z']],
    ['own keys only, never inherited ones', new WithInherited(), ['own']],
  ])('sorts %s', (_, obj, expected) => {
    expect(createKeyOrder().sortedKeys(obj)).toEqual(expected);
  });

  it('answers for each object, not for the key order it remembered', () => {
    const order = createKeyOrder();
    expect(order.sortedKeys({ b: 1, a: 1 })).toEqual(['a', 'b']);
    expect(order.sortedKeys({ a: 1, b: 1 })).toEqual(['a', 'b']);
    expect(order.sortedKeys({ b: 1, a: 1, c: 1 })).toEqual(['a', 'b', 'c']);
    expect(order.sortedKeys({ b: 1 })).toEqual(['b']);
    expect(order.sortedKeys({ b: 1, a: 1 })).toEqual(['a', 'b']);
  });

  it('equals Object.keys(o).sort() over any sequence of objects, with any capacity', () => {
    const key = fc.constantFrom('a', 'b', 'c', 'team', 'qm:env', 'Name', '1', '20', '__proto__');
    const obj = fc.array(fc.tuple(key, fc.integer()), { maxLength: 6 }).map((pairs) => {
      const o: Record<string, number> = {};
      for (const [k, v] of pairs) Object.defineProperty(o, k, { value: v, enumerable: true, writable: true, configurable: true });
      return o;
    });
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 4 }), fc.array(obj, { maxLength: 30 }), (capacity, objects) => {
        const order = createKeyOrder(capacity);
        for (const o of objects) expect(order.sortedKeys(o)).toEqual(Object.keys(o).sort());
      }),
      { numRuns: 300 },
    );
  });
});

describe('createKeyOrderMemo', () => {
  it('derives once per key sequence, from the sorted keys and whether they were in order', () => {
    const calls: [readonly string[], boolean][] = [];
    const memo = createKeyOrderMemo((keys, inOrder) => {
      calls.push([keys, inOrder]);
      return keys.join('+');
    });
    expect(memo.of({ team: 'a', 'cost-center': 'b' })).toBe('cost-center+team');
    expect(memo.of({ team: 'x', 'cost-center': 'y' })).toBe('cost-center+team');
    expect(memo.of({ a: 1, b: 2 })).toBe('a+b');
    expect(memo.of({ 'cost-center': 'y', team: 'x' })).toBe('cost-center+team');
    expect(calls).toEqual([
      [['cost-center', 'team'], false],
      [['a', 'b'], true],
      [['cost-center', 'team'], true],
    ]);
  });

  it('derives afresh for objects that inherit enumerable keys', () => {
    let calls = 0;
    const memo = createKeyOrderMemo((keys) => (calls++, keys));
    memo.of(new WithInherited());
    memo.of(new WithInherited());
    expect(calls).toBe(2);
  });
});

describe('isSortedKeys', () => {
  it.each<[string[], boolean]>([
    [[], true],
    [['a'], true],
    [['a', 'b', 'b'], true],
    [['b', 'a'], false],
    [['a', 'B'], false],
  ])('%j -> %s', (keys, expected) => {
    expect(isSortedKeys(keys)).toBe(expected);
  });
});
