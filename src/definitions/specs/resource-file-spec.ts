import { isSeq, type Node } from 'yaml';
import { reportExpected, resolveNode, type FieldType } from '../field-types.js';
import type { MappingSpec } from '../read-mapping.js';

/**
 * The list under `resources:`. Items are handed back as nodes: each is read by the spec of
 * its `kind`. The JSON Schema says the same with one `$ref` per kind.
 */
function resourceListField(): FieldType<Node[]> {
  const expected = 'a list of resources, each a mapping with kind: instance, autoscaling-group or alarm';
  return {
    expected,
    read(raw, ctx, label) {
      const node = resolveNode(raw, ctx);
      if (!isSeq(node)) {
        reportExpected(ctx, node, label, expected);
        return undefined;
      }
      return node.items as Node[];
    },
    jsonSchema: () => ({
      type: 'array',
      items: {
        oneOf: [{ $ref: '#/definitions/instance' }, { $ref: '#/definitions/autoscaling-group' }, { $ref: '#/definitions/alarm' }],
      },
    }),
  };
}

/** A resource file: `environments/<env>/<anything>.yml` other than environment.yml. */
export const resourceFileSpec = {
  resources: { type: resourceListField(), required: true, description: 'The resources of this file: instances, autoscaling-groups and alarms.' },
} satisfies MappingSpec;
