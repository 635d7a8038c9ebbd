/**
 * An object's own keys in code-unit order (and what is derived from that order), remembered
 * per key sequence.
 *
 * Why: the differ sorts the keys of tens of thousands of objects that share a handful of key
 * sequences (every definition from the loader, every tag set from one provider). Sorting each
 * costs more than the rest of the work on the object and fills the young generation with
 * garbage; comparing an object's keys against a remembered sequence allocates nothing. The
 * answer never depends on what is remembered, so callers stay pure.
 *
 * @example
 * const order = createKeyOrder();
 * order.sortedKeys({ team: 'a', 'cost-center': 'b' }) // ['cost-center', 'team']
 */
export interface KeyOrder {
  /** Own enumerable keys, sorted by code unit (what `Object.keys(obj).sort()` returns). Do not mutate. */
  sortedKeys(obj: object): readonly string[];
}

export function createKeyOrder(capacity = DEFAULT_CAPACITY): KeyOrder {
  const memo = createKeyOrderMemo((sorted) => sorted, capacity);
  return { sortedKeys: (obj) => memo.of(obj) };
}

/**
 * `derive(sorted keys)` for an object, computed once per key sequence: the field names of a
 * tag set's user tags, say, rather than a `tags.<key>` string per tag of every resource.
 *
 * @example
 * const upper = createKeyOrderMemo((keys) => keys.map((k) => k.toUpperCase()));
 * upper.of({ b: 1, a: 2 }) // ['A', 'B']
 */
export interface KeyOrderMemo<T> {
  /** The derived value (shared between objects with the same keys: do not mutate). */
  of(obj: object): T;
}

interface Shape<T> {
  /** The keys in enumeration order. */
  keys: readonly string[];
  derived: T;
}

/** Enough for the shapes of one model (specs, volumes, tags, policies...); beyond it, the oldest go. */
const DEFAULT_CAPACITY = 24;

/** `inOrder`: the object's keys were in code-unit order already (`sortedKeys` is its own key order). */
export function createKeyOrderMemo<T>(
  derive: (sortedKeys: readonly string[], inOrder: boolean) => T,
  capacity = DEFAULT_CAPACITY,
): KeyOrderMemo<T> {
  const shapes: Shape<T>[] = [];
  const deriveFrom = (keys: string[]): T => (isSortedKeys(keys) ? derive(keys, true) : derive(keys.slice().sort(), false));
  return {
    of(obj) {
      if (!isPlainObject(obj)) return deriveFrom(Object.keys(obj));
      for (let s = 0; s < shapes.length; s++) {
        const shape = shapes[s] as Shape<T>;
        if (!hasKeys(obj, shape.keys)) continue;
        // Recently used shapes first: objects of one kind come in runs.
        if (s > 0) {
          shapes[s] = shapes[s - 1] as Shape<T>;
          shapes[s - 1] = shape;
        }
        return shape.derived;
      }
      const keys = Object.keys(obj);
      const shape = { keys, derived: deriveFrom(keys) };
      if (shapes.length >= capacity) shapes.pop();
      shapes.unshift(shape);
      return shape.derived;
    },
  };
}

/** Whether keys are already in code-unit order. */
export function isSortedKeys(keys: readonly string[]): boolean {
  for (let i = 1; i < keys.length; i++) if ((keys[i - 1] as string) > (keys[i] as string)) return false;
  return true;
}

/** For-in sees exactly the own enumerable keys only when nothing enumerable is inherited. */
function isPlainObject(obj: object): boolean {
  const proto = Object.getPrototypeOf(obj) as unknown;
  return proto === Object.prototype || proto === null;
}

/** Whether obj's keys, in enumeration order, are exactly `keys` (no allocation). */
function hasKeys(obj: object, keys: readonly string[]): boolean {
  let i = 0;
  for (const k in obj) {
    if (keys[i] !== k) return false;
    i++;
  }
  return i === keys.length;
}
