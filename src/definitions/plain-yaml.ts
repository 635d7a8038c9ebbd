import { isAlias, isMap, isPair, isScalar, isSeq, type Alias, type Document, type Node } from 'yaml';
import { excerpt } from './excerpt.js';

/**
 * How many values aliases may add to a file, counted expanded (an alias of an anchor holding
 * aliases counts everything it stands for). Ten thousand instances each aliasing a dozen tags
 * stay well under; "billion laughs" (anchors of anchors, ten times each) does not.
 */
export const MAX_ALIAS_EXPANSION = 1_000_000;

/** The tags of YAML's core schema: `!!str 5` is plain YAML, `!Ref` is not. */
const CORE_TAGS = new Set(['!', ...['str', 'int', 'float', 'bool', 'null', 'map', 'seq'].map((t) => `tag:yaml.org,2002:${t}`)]);

export interface PlainYamlProblem {
  offset: number;
  message: string;
}

/** What checkPlainYaml answers: the problems, and the node each alias stands for. */
export interface PlainYamlCheck {
  problems: PlainYamlProblem[];
  aliasTargets: Map<Alias, Node>;
}

const PLAIN = 'Quartermaster definitions are plain YAML';

/**
 * Keys whose values may hold credentials (the fields specs mark `secret: true`): a tag or an
 * alias written in their value is not named in a message either.
 */
export const SECRET_KEYS: ReadonlySet<string> = new Set(['user_data']);

/**
 * Refuses what plain YAML data does not need, by name: custom tags (`!Ref`, `!Sub`: nothing
 * would evaluate them), merge keys (`<<: *base`: readers would see a field named "<<"),
 * aliases with no anchor, and aliases that expand beyond MAX_ALIAS_EXPANSION values. Resolves
 * every alias once, in one pass (the library's own lookup walks the whole document per alias).
 * Call it only on a document whose nesting is bounded (findExcessiveNesting): it recurses.
 *
 * @example checkPlainYaml(doc, text).problems // [{ offset: 8, message: 'custom tag !Ref is not supported: ...' }]
 */
export function checkPlainYaml(doc: Document.Parsed, text: string): PlainYamlCheck {
  const problems: PlainYamlProblem[] = [];
  const aliasTargets = new Map<Alias, Node>();
  const anchors = new Map<string, Node>();
  const sizes = new Map<Node, number>();
  /** The collections around the node being walked: an alias to one of them would be a loop. */
  const open = new Set<Node>();
  let expanded = 0;
  let tooMany = false;

  const size = (node: Node): number => {
    const known = sizes.get(node);
    if (known !== undefined) return known;
    // An alias inside its own anchor would loop: count the node once while it is measured.
    sizes.set(node, 1);
    let total = 1;
    if (isAlias(node)) total = aliasTargets.has(node) ? size(aliasTargets.get(node) as Node) : 1;
    else if (isMap(node)) for (const pair of node.items) total += (isNodeLike(pair.key) ? size(pair.key) : 0) + (isNodeLike(pair.value) ? size(pair.value) : 0);
    else if (isSeq(node)) for (const item of node.items) total += isNodeLike(item) ? size(item) : 0;
    total = Math.min(total, MAX_ALIAS_EXPANSION + 1);
    sizes.set(node, total);
    return total;
  };

  const walk = (node: unknown, secret: boolean): void => {
    if (!isNodeLike(node)) return;
    const start = node.range?.[0] ?? 0;
    if (node.anchor) anchors.set(node.anchor, node);
    if (isAlias(node)) {
      const target = anchors.get(node.source);
      if (!target) {
        const name = excerpt(node.source);
        const message = secret ? 'an alias in user data names no anchor: write its anchor (&name) on a value before it' : `alias *${name} names no anchor: write &${name} on a value before it`;
        problems.push({ offset: start, message });
        return;
      }
      if (open.has(target)) {
        const message = secret ? 'an alias in user data stands for the value that holds it' : `alias *${excerpt(node.source)} stands for the value that holds it`;
        problems.push({ offset: start, message: `${message}, which would never end; write the value out` });
        return;
      }
      aliasTargets.set(node, target);
      expanded += size(target);
      if (expanded > MAX_ALIAS_EXPANSION && !tooMany) {
        tooMany = true;
        problems.push({ offset: start, message: `aliases expand to more than ${MAX_ALIAS_EXPANSION} values (anchors that hold aliases multiply); write the values out` });
      }
      return;
    }
    if (node.tag !== undefined && !CORE_TAGS.has(node.tag)) {
      const tag = shownTag(node.tag);
      const name = secret ? 'in user data' : excerpt(tag);
      problems.push({ offset: tagOffset(text, tag, start), message: `custom tag ${name} is not supported: ${PLAIN}; write the value itself` });
    }
    open.add(node);
    if (isMap(node)) {
      for (const pair of node.items) {
        if (isScalar(pair.key) && pair.key.value === '<<' && pair.key.type === 'PLAIN') {
          problems.push({ offset: pair.key.range?.[0] ?? start, message: `merge key "<<" is not supported: ${PLAIN}; write the fields out (an alias like *base still stands for a whole value)` });
        }
        walk(pair.key, secret);
        walk(pair.value, secret || (isScalar(pair.key) && SECRET_KEYS.has(String(pair.key.value))));
      }
    } else if (isSeq(node)) {
      for (const item of node.items) walk(item, secret);
    }
    open.delete(node);
  };
  walk(doc.contents, false);
  return { problems, aliasTargets };
}

function isNodeLike(value: unknown): value is Node {
  return value !== null && typeof value === 'object' && !isPair(value) && (isScalar(value) || isMap(value) || isSeq(value) || isAlias(value));
}

/** `tag:yaml.org,2002:binary` is written `!!binary`. */
function shownTag(tag: string): string {
  return tag.startsWith('tag:yaml.org,2002:') ? `!!${tag.slice('tag:yaml.org,2002:'.length)}` : tag;
}

/** A node's range starts after its tag: find the tag as written just before it, else the value. */
function tagOffset(text: string, tag: string, start: number): number {
  const at = text.lastIndexOf(tag, start);
  return at !== -1 && start - at <= tag.length + 200 ? at : start;
}
