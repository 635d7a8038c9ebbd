import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { pushJsonArray } from '../../src/plan/push-json-array.js';

function printed<T>(items: T[], toValue: (item: T) => unknown): string {
  const out: string[] = ['<'];
  pushJsonArray(out, items, toValue);
  out.push('>');
  return out.join('');
}

describe('pushJsonArray', () => {
  it.each<[string, unknown[], string]>([
    ['no elements', [], '<[]>'],
    ['one element', [{ a: 1 }], '<[{"a":1}]>'],
    ['elements JSON cannot print, as null', [undefined, () => 1, 'x'], '<[null,null,"x"]>'],
  ])('prints %s as JSON.stringify does', (_, items, expected) => {
    expect(printed(items, (x) => x)).toBe(expected);
  });

  it.each([399, 400, 401, 800, 801, 1234])('prints %i elements (across pieces) as JSON.stringify does', (n) => {
    const items = Array.from({ length: n }, (_, i) => i);
    expect(printed(items, (i) => ({ i, s: `e${i}` }))).toBe(`<${JSON.stringify(items.map((i) => ({ i, s: `e${i}` })))}>`);
  });

  it('prints any JSON values as JSON.stringify does', () => {
    fc.assert(
      fc.property(fc.array(fc.jsonValue(), { maxLength: 900 }), (items) => {
        expect(printed(items, (x) => x)).toBe(`<${JSON.stringify(items)}>`);
      }),
      { numRuns: 50 },
    );
  });
});
