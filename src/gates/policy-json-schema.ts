import type { JsonSchema } from '../definitions/field-types.js';
import { mappingJsonSchema } from '../definitions/read-mapping.js';
import { policySpec } from './policy-spec.js';

/**
 * The JSON Schema (draft-07) of policy.yml, generated from the specs the validator reads
 * with, for editors (yaml-language-server). The shape only: references between names,
 * cycles and duplicate accounts are `qm policy check`'s.
 *
 * @example writeFileSync('schema/policy.schema.json', JSON.stringify(policyJsonSchema(), null, 2))
 */
export function policyJsonSchema(): JsonSchema {
  return {
    $schema: 'http://json-schema.org/draft-07/schema#',
    title: 'Quartermaster policy.yml',
    ...mappingJsonSchema(policySpec({ people: new Set(), groups: new Set() }), {
      description: 'Who may run which commands where, and which changes need approvals. Deny by default. See docs/policy.md.',
    }),
  };
}
