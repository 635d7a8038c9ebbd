import path from 'node:path';
import { DefinitionsInvalidError } from '../errors.js';
import { writeEditsInPlace } from './definitions-writer.js';
import { editResourceFile, type FieldValue, type ResourceAddress } from './edit-resource-fields.js';
import { nodeFileTree } from './file-tree.js';

export type { FieldValue, ResourceAddress } from './edit-resource-fields.js';

/**
 * Writes one field of one resource back into its YAML file, in place: only the value's text
 * changes (or one key is added or removed), comments and layout stay. The field path uses
 * the YAML names. `undefined` removes the field. The new value is validated first; an invalid
 * one throws and nothing is written. The edit is editResourceFields'; this is its writer for
 * a local directory.
 *
 * @example
 * await setResourceField('defs', { env: 'prod', kind: 'autoscaling-group', name: 'web' }, ['desired_capacity'], 5);
 * await setResourceField('defs', { env: 'prod', kind: 'autoscaling-group', name: 'web' }, ['launch_template', 'instance_type'], 't3.large');
 * // -> { file: 'environments/prod/web.yml', changed: true }
 */
export async function setResourceField(root: string, address: ResourceAddress, fieldPath: string[], value: FieldValue | undefined): Promise<{ file: string; changed: boolean }> {
  const abs = path.resolve(root);
  const edit = await editResourceFile(nodeFileTree(abs), address, [{ path: fieldPath, value }], abs);
  if (edit.after === edit.before) return { file: edit.file, changed: false };
  const written = await writeEditsInPlace(abs, [edit]);
  // Only a write racing this one between its read and its write gets here.
  if (written.kind === 'refused') throw new DefinitionsInvalidError(written.reason);
  return { file: edit.file, changed: true };
}
