import { describe, expect, it } from 'vitest';
import {
  DiagnosticBag,
  booleanField,
  enumField,
  formatDiagnostic,
  listField,
  locate,
  mappingJsonSchema,
  nameField,
  numberField,
  objectField,
  parseYamlSource,
  readMapping,
  stringField,
  type MappingSpec,
} from '../../src/definitions/index.js';

/**
 * The toolkit is generic: src/gates validates policy.yml with it. This spec is shaped like a
 * policy file to prove it works for something that is not a definition.
 */
const ruleSpec = {
  environments: { type: listField(nameField(), { minItems: 1 }), required: true, description: 'Environments the rule covers.' },
  approvals: { type: numberField({ integer: true, min: 1, max: 10 }), description: 'Approvals needed.' },
  from: { type: stringField({ minLength: 1 }), description: 'Group that may approve.' },
  nobody: { type: booleanField(), description: 'No one may approve.' },
} satisfies MappingSpec;

const policySpec = {
  version: { type: enumField(['1'] as const), required: true, description: 'Policy format version.' },
  rules: { type: listField(objectField(ruleSpec, { what: 'rule', exclusive: [{ keys: ['from', 'nobody'], required: true }] })), description: 'Rules.' },
} satisfies MappingSpec;

function read(text: string) {
  const bag = new DiagnosticBag();
  const source = parseYamlSource('policy.yml', text, bag);
  const result = source.broken ? undefined : readMapping({ source, bag }, source.doc.contents, policySpec, { label: '', what: 'policy.yml' });
  return { result, errors: bag.sortedErrors().map(formatDiagnostic), source };
}

describe('YAML toolkit', () => {
  it('reads typed values, following anchors and aliases', () => {
    const { result, errors } = read(`version: "1"\nrules:\n  - environments: &envs [prod, staging]\n    approvals: 2\n    from: sre\n  - environments: *envs\n    nobody: true\n`);
    expect(errors).toEqual([]);
    expect(result?.values).toEqual({
      version: '1',
      rules: [
        { environments: ['prod', 'staging'], approvals: 2, from: 'sre' },
        { environments: ['prod', 'staging'], nobody: true },
      ],
    });
  });

  it('collects every problem with its line and column', () => {
    const { errors } = read(`version: 2\nrules:\n  - environments: []\n    approvals: 0\n    form: sre\n  - environments: [Prod]\n    from: sre\n    nobody: false\n`);
    expect(errors).toEqual([
      'policy.yml:1:10 version 2 is not one of 1',
      'policy.yml:3:5 rule needs one of from, nobody',
      'policy.yml:3:19 rules[0].environments has 0 items, expected a list of at least 1 item (each a name of lowercase letters, digits and hyphens, starting with a letter (at most 63 characters))',
      'policy.yml:4:16 rules[0].approvals 0 is not a whole number from 1 to 10',
      'policy.yml:5:5 unknown field "form" in rule (did you mean "from"?)',
      'policy.yml:6:20 rules[1].environments[0] "Prod" is not a name of lowercase letters, digits and hyphens, starting with a letter (at most 63 characters)',
      'policy.yml:8:5 rule sets from and nobody; set only one of them',
    ]);
  });

  it('asks to quote a number written where a string is expected', () => {
    expect(read('version: 1\n').errors).toEqual(['policy.yml:1:10 version 1 is not one of 1 (quote it: "1")']);
  });

  it('reports YAML syntax errors with their location', () => {
    const { errors, source } = read('version: "1"\nrules: [a, b\n');
    expect(source.broken).toBe(true);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(/^policy\.yml:\d+:\d+ YAML syntax error: /);
  });

  it('locates any node', () => {
    const bag = new DiagnosticBag();
    const source = parseYamlSource('x.yml', 'a:\n  b: [1, 22]\n', bag);
    expect(locate(source, source.doc.getIn(['a', 'b', 1], true) as never)).toEqual({ file: 'x.yml', line: 2, col: 10 });
    expect(locate(source, null)).toEqual({ file: 'x.yml', line: 1, col: 1 });
  });

  it('points at the key of an empty value', () => {
    const { errors } = read('version:\n');
    expect(errors).toEqual(['policy.yml:1:1 version is empty, expected one of 1']);
  });

  it('describes the same spec as JSON Schema', () => {
    const schema = mappingJsonSchema(ruleSpec, { exclusive: [{ keys: ['from', 'nobody'], required: true }] });
    expect(schema).toMatchObject({
      type: 'object',
      required: ['environments'],
      additionalProperties: false,
      oneOf: [{ required: ['from'] }, { required: ['nobody'] }],
      properties: { approvals: { type: 'integer', minimum: 1, maximum: 10, description: 'Approvals needed.' } },
    });
  });
});
