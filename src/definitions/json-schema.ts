import type { JsonSchema } from './field-types.js';
import { mappingJsonSchema } from './read-mapping.js';
import { alarmSpec } from './specs/alarm-spec.js';
import { AUTOSCALING_GROUP_EXCLUSIVE, autoscalingGroupSpec } from './specs/autoscaling-group-spec.js';
import { environmentSpec } from './specs/environment-spec.js';
import { instanceSpec } from './specs/instance-spec.js';
import { resourceFileSpec } from './specs/resource-file-spec.js';

/**
 * JSON Schemas (draft-07, the dialect yaml-language-server knows best) generated from the
 * same specs the validator reads with, so the editor and `qm validate` agree. The schema is
 * the shape only: cross-field and cross-file rules (min <= max, references, unique names)
 * are `qm validate`'s.
 */
const DRAFT = 'http://json-schema.org/draft-07/schema#';

/**
 * The schema of a resource file (`environments/<env>/*.yml`).
 *
 * @example writeFileSync('schema/definitions.schema.json', renderJsonSchema(definitionsJsonSchema()))
 */
export function definitionsJsonSchema(): JsonSchema {
  return {
    $schema: DRAFT,
    title: 'Quartermaster resource file',
    ...mappingJsonSchema(resourceFileSpec, {
      description: 'A file under environments/<env>/ holding instances, autoscaling-groups and alarms. See docs/definitions.md.',
    }),
    definitions: {
      instance: mappingJsonSchema(instanceSpec, { title: 'instance', description: 'One EC2 instance.' }),
      'autoscaling-group': mappingJsonSchema(autoscalingGroupSpec, {
        title: 'autoscaling-group',
        description: 'An Auto Scaling group with its launch template and target-tracking policies.',
        exclusive: AUTOSCALING_GROUP_EXCLUSIVE,
      }),
      alarm: mappingJsonSchema(alarmSpec, { title: 'alarm', description: 'A CloudWatch metric alarm, optionally on an instance or group of this environment.' }),
    },
  };
}

/**
 * The schema of `environments/<env>/environment.yml`.
 *
 * @example environmentJsonSchema().required // ['region', 'account_id']
 */
export function environmentJsonSchema(): JsonSchema {
  return {
    $schema: DRAFT,
    title: 'Quartermaster environment',
    ...mappingJsonSchema(environmentSpec, { description: 'Where an environment runs (region, account) and the defaults of its resources. See docs/definitions.md.' }),
  };
}

/** The committed schema files, relative to the repository root, and how each is made. */
export const SCHEMA_FILES: readonly { file: string; schema: () => JsonSchema }[] = [
  { file: 'schema/definitions.schema.json', schema: definitionsJsonSchema },
  { file: 'schema/environment.schema.json', schema: environmentJsonSchema },
];

/** A schema as committed: two-space JSON with a final newline. */
export function renderJsonSchema(schema: JsonSchema): string {
  return `${JSON.stringify(schema, null, 2)}\n`;
}
