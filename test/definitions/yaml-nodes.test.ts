import { describe, expect, it } from 'vitest';
import { Document, Pair, Scalar, YAMLMap, YAMLSeq, isMap, isNode, isPair, isScalar, isSeq } from 'yaml';
import { createYamlNodes } from '../../src/definitions/yaml-nodes.js';

const schema = new Document().schema;
const nodes = createYamlNodes(schema);

/** `{ name: web, ports: [80, 443] }` built with the factory, and with the library's constructors. */
function built(make: { scalar(v: unknown): Scalar; pair(k: Scalar, v: Scalar | YAMLSeq): Pair; map(): YAMLMap; seq(): YAMLSeq }): YAMLMap {
  const map = make.map();
  const ports = make.seq();
  ports.items.push(make.scalar(80), make.scalar(443));
  map.items.push(make.pair(make.scalar('name'), make.scalar('web')), make.pair(make.scalar('ports'), ports));
  return map;
}

const library = {
  scalar: (v: unknown) => new Scalar(v),
  pair: (k: Scalar, v: Scalar | YAMLSeq) => new Pair(k, v),
  map: () => new YAMLMap(schema),
  seq: () => new YAMLSeq(schema),
};

describe('createYamlNodes makes nodes the library cannot tell from its own', () => {
  it('answers to the library\'s type tests and classes', () => {
    const map = built(nodes);
    expect(isMap(map) && map instanceof YAMLMap && isNode(map)).toBe(true);
    const [first, second] = map.items as Pair<Scalar, Scalar | YAMLSeq>[];
    expect(isPair(first) && first instanceof Pair).toBe(true);
    expect(isScalar(first?.key) && first?.key instanceof Scalar).toBe(true);
    expect(isSeq(second?.value) && second?.value instanceof YAMLSeq).toBe(true);
    expect([isMap(first?.key), isSeq(map), isPair(map), isScalar(map)]).toEqual([false, false, false, false]);
  });

  it('reads, converts and clones as the library\'s own nodes do', () => {
    const fast = built(nodes);
    const own = built(library);
    expect(fast.toJSON()).toEqual({ name: 'web', ports: [80, 443] });
    expect(fast.toJSON()).toEqual(own.toJSON());
    expect((fast.get('name', true) as Scalar).value).toBe('web');
    expect(fast.has('ports')).toBe(true);
    expect(fast.clone().toJSON()).toEqual(own.toJSON());
    expect(String(new Document(fast))).toBe(String(new Document(own)));
  });

  it('has the own members the constructors set, in their order, and shares none', () => {
    expect(Object.keys(nodes.scalar('x'))).toEqual(Object.keys(new Scalar('x')));
    expect(Object.keys(nodes.pair(nodes.scalar('k'), nodes.scalar('v')))).toEqual(Object.keys(new Pair(new Scalar('k'), new Scalar('v'))));
    expect(Object.keys(nodes.map())).toEqual(Object.keys(new YAMLMap(schema)));
    const a = nodes.seq();
    const b = nodes.seq();
    a.items.push(nodes.scalar(1));
    expect(b.items).toEqual([]);
  });
});
