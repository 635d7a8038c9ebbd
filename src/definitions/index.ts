/**
 * Definitions: YAML under environments/<env>/ -> raw documents -> the validated model.
 * Also the generic YAML-with-locations toolkit src/gates uses for policy.yml.
 */
export { loadDefinitions, loadDefinitionsFrom, loadDefinitionsOrThrow, definitionsInvalidError } from './load-definitions.js';
export { validateDefinitions, type LoadResult } from './validate-definitions.js';
export { readRawDefinitions, ENVIRONMENTS_DIR, POLICY_FILE } from './read-raw-definitions.js';
export type { RawDefinitions, RawEnvironment } from './raw.js';
export { nodeFileTree, memoryFileTree, type FileTree } from './file-tree.js';
export { formatDefinitions, type FormatOptions, type FormatResult } from './format-definitions.js';
export { setResourceField, type FieldValue, type ResourceAddress } from './set-resource-field.js';
export { editResourceFields, editResourceField, type FieldChange, type FileEdit } from './edit-resource-fields.js';
export { localDefinitionsWriter, writeEditsInPlace, type DefinitionsWriter, type DefinitionsChange, type DefinitionsWriteResult } from './definitions-writer.js';
export { definitionsJsonSchema, environmentJsonSchema, SCHEMA_FILES, renderJsonSchema } from './json-schema.js';
export { DEFAULTS } from './defaults.js';
export { secretValuesOf } from './secret-values.js';
export { AWS_REGIONS } from './aws-regions.js';

// Generic toolkit (policy.yml is validated with these).
export { formatDiagnostic, compareDiagnostics, DiagnosticBag, type Diagnostic } from './diagnostic.js';
export { suggest, didYouMean, editDistance } from './did-you-mean.js';
export { parseYamlSource, locate, locateOffset, type YamlSource } from './yaml-source.js';
export {
  stringField,
  numberField,
  booleanField,
  enumField,
  listField,
  mapField,
  reportExpected,
  showValue,
  type FieldType,
  type JsonSchema,
  type ReadContext,
  type StringOptions,
  type NumberOptions,
} from './field-types.js';
export { readMapping, mappingJsonSchema, objectField, type FieldSpec, type MappingSpec, type MappingValues, type MappingResult, type MappingOptions } from './read-mapping.js';
export { nameField, uuidField, tagsField, instanceTypeField, regionField, NAME_PATTERN, UUID_PATTERN } from './aws-fields.js';
