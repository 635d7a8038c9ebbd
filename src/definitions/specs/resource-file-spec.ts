import type { Node } from 'yaml';
import { listField, type FieldType } from '../field-types.js';
import type { MappingSpec } from '../read-mapping.js';

/**
 * An item of `resources:`, handed back as its node: each is read by the spec of its `kind`.
 * The JSON Schema says the same with one `$ref` per kind.
 */
const resourceItem: FieldType<Node> = {
  expected: 'a mapping with kind: instance, autoscaling-group or alarm',
  read: (node) => node,
  jsonSchema: () => ({
    oneOf: [{ $ref: '#/definitions/instance' }, { $ref: '#/definitions/autoscaling-group' }, { $ref: '#/definitions/alarm' }],
  }),
};

/** A resource file: `environments/<env>/<anything>.yml` other than environment.yml. */
export const resourceFileSpec = {
  resources: {
    type: listField(resourceItem, { expected: 'a list of resources, each a mapping with kind: instance, autoscaling-group or alarm' }),
    required: true,
    description: 'The resources of this file: instances, autoscaling-groups and alarms.',
  },
} satisfies MappingSpec;
