import { Pair, Scalar, YAMLMap, YAMLSeq, type Node, type Schema } from 'yaml';

/**
 * The YAML library's nodes (Scalar, Pair, YAMLMap, YAMLSeq) for the fast reader, made without
 * their constructors.
 *
 * Why: each constructor tags its node with `Object.defineProperty` (a hidden node-type symbol,
 * and a collection's schema), which V8 runs through its slow generic path: about half the cost
 * of reading a 10,000-instance repository's 400,000 nodes. Here every node inherits the tag
 * from one node the library made itself, used as its prototype, so `isScalar`/`isMap`/...,
 * `instanceof` and every method (`get`, `toJSON`, `clone`) see a node of the library's own; its
 * own enumerable members are those the constructor would set, in the same order.
 *
 * @example const nodes = createYamlNodes(new Document().schema); isScalar(nodes.scalar('x')) // true
 */
export interface YamlNodes {
  scalar(value: unknown): Scalar;
  pair(key: Node, value: Node): Pair<Node, Node>;
  map(): YAMLMap<Node, Node>;
  seq(): YAMLSeq<Node>;
}

export function createYamlNodes(schema: Schema): YamlNodes {
  // Read only through the prototype chain: the tag, the schema and the methods. Every node gets
  // its own `value`/`key`/`items`, so nothing a node holds is shared.
  const scalarProto = new Scalar(null);
  const pairProto = new Pair(null, null);
  const mapProto = new YAMLMap(schema);
  const seqProto = new YAMLSeq(schema);
  return {
    scalar(value) {
      const node = Object.create(scalarProto) as Scalar;
      node.value = value;
      return node;
    },
    pair(key, value) {
      const node = Object.create(pairProto) as Pair<Node, Node>;
      node.key = key;
      node.value = value;
      return node;
    },
    map() {
      const node = Object.create(mapProto) as YAMLMap<Node, Node>;
      node.items = [];
      return node;
    },
    seq() {
      const node = Object.create(seqProto) as YAMLSeq<Node>;
      node.items = [];
      return node;
    },
  };
}
