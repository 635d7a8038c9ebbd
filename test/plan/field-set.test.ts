import { describe, expect, it } from 'vitest';
import { diffFieldSets, emptyFieldSet, sortedList, type FieldSet } from '../../src/plan/field-set.js';

const fields = (values: Record<string, unknown>, ignore: string[] = []): FieldSet => ({ values, ignore });

describe('diffFieldSets', () => {
  it.each<[string, FieldSet, FieldSet, { field: string; old: unknown; new: unknown }[]]>([
    ['equal sets', fields({ a: 1, b: [1, 2] }), fields({ b: [1, 2], a: 1 }), []],
    [
      'changes sorted by field, whatever order the sets were built in',
      fields({ z: 1, 'tags.b': 'x', m: true }),
      fields({ m: false, z: 2, 'tags.b': 'y' }),
      [
        { field: 'm', old: false, new: true },
        { field: 'tags.b', old: 'y', new: 'x' },
        { field: 'z', old: 2, new: 1 },
      ],
    ],
    [
      'a field only one side has',
      fields({ a: 1, 'tags.new': 'n' }),
      fields({ a: 1, 'tags.gone': 'g' }),
      [
        { field: 'tags.gone', old: 'g', new: undefined },
        { field: 'tags.new', old: undefined, new: 'n' },
      ],
    ],
    ['a field the desired side ignores', fields({ a: 1 }, ['desired_capacity']), fields({ a: 1, desired_capacity: 4 }), []],
    ['a prefix the observed side ignores', fields({ 'root_volume.size_gib': 8, a: 1 }), fields({ a: 1 }, ['root_volume.']), []],
    ['an empty list against no list', fields({ ok_actions: [] }), fields({}), []],
    ['a list in another order', fields({ sg: ['a', 'b'] }), fields({ sg: ['b', 'a'] }), [{ field: 'sg', old: ['b', 'a'], new: ['a', 'b'] }]],
    ['equal lists (other arrays, same elements)', fields({ sg: ['a', 'b'], n: [[1], []] }), fields({ sg: ['a', 'b'], n: [[1], []] }), []],
    ['an empty list observed, none desired', fields({}), fields({ ok_actions: [] }), []],
    ['a longer list', fields({ sg: ['a'] }), fields({ sg: ['a', 'b'] }), [{ field: 'sg', old: ['a', 'b'], new: ['a'] }]],
    ['a list against a value', fields({ sg: ['a'] }), fields({ sg: 'a' }), [{ field: 'sg', old: 'a', new: ['a'] }]],
    ['an empty list against a value', fields({ sg: [] }), fields({ sg: 'a' }), [{ field: 'sg', old: 'a', new: [] }]],
    ['nested lists differing inside', fields({ n: [[1, 2]] }), fields({ n: [[1, 3]] }), [{ field: 'n', old: [[1, 3]], new: [[1, 2]] }]],
  ])('%s', (_, desired, observed, expected) => {
    expect(diffFieldSets(desired, observed)).toEqual(expected);
  });

  it('lists every desired field of a create, sorted', () => {
    expect(diffFieldSets(fields({ b: 2, a: 1, c: [] }), emptyFieldSet()).map((c) => c.field)).toEqual(['a', 'b']);
  });
});

describe('sortedList', () => {
  it.each<[string[], string[]]>([
    [[], []],
    [['sg-b', 'sg-a'], ['sg-a', 'sg-b']],
    [['sg-a', 'sg-b'], ['sg-a', 'sg-b']],
  ])('%j -> %j, a copy', (xs, expected) => {
    const sorted = sortedList(xs);
    expect(sorted).toEqual(expected);
    expect(sorted).not.toBe(xs);
  });
});
