import { isMap, isSeq } from 'yaml';
import type { YamlSource } from './yaml-source.js';

/**
 * The items of a resource file's `resources:` list as written (nodes, unvalidated); none when
 * the file has no such list. For edits that find a resource without validating the file.
 *
 * @example resourceItems(source).filter((i) => isMap(i) && i.get('kind') === 'instance')
 */
export function resourceItems(source: YamlSource): unknown[] {
  const contents = source.doc.contents;
  const list = isMap(contents) ? contents.get('resources', true) : undefined;
  return isSeq(list) ? list.items : [];
}
