import { booleanField, enumField } from '../field-types.js';
import { nameField, tagsField, uuidField } from '../aws-fields.js';
import type { ResourceKind } from '../../model/resources.js';
import type { MappingSpec } from '../read-mapping.js';
import { DEFAULTS } from '../defaults.js';

/** The fields every resource has, whatever its kind. */
export function commonSpec<K extends ResourceKind>(kind: K) {
  return {
    kind: { type: enumField([kind]), required: true, description: 'What this resource is: instance, autoscaling-group or alarm.' },
    name: {
      type: nameField(),
      required: true,
      description: 'Unique per kind within the environment; used in AWS names (<env>-<name>) and chat commands. May be renamed: the uuid keeps the identity.',
    },
    uuid: {
      type: uuidField(),
      description: 'Identity written once by `qm fmt`; tagged qm:uuid in AWS. Never edit or copy it: a rename keeps it, a new uuid means a new resource.',
    },
    deleted: {
      type: booleanField(),
      description: 'true destroys the resource in AWS on the next apply; the only way Quartermaster ever deletes something.',
      default: DEFAULTS.deleted,
    },
    tags: { type: tagsField(), description: 'Tags merged over the environment\'s default_tags. Keys starting with qm: or aws: are reserved.', default: {} },
  } satisfies MappingSpec;
}

export const RESOURCE_KINDS: readonly ResourceKind[] = ['instance', 'autoscaling-group', 'alarm'];
