import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Ajv } from 'ajv';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { policyJsonSchema } from '../../src/gates/policy-json-schema.js';
import { FIXTURES } from './policy-fixture.js';

describe('policyJsonSchema', () => {
  const validate = new Ajv({ allErrors: true, strict: false }).compile(policyJsonSchema());

  it.each([path.join(FIXTURES, '..', '..', '..', 'examples', 'fleet', 'policy.yml'), path.join(FIXTURES, 'gates.yml')])('accepts %s', (file) => {
    expect(validate(parse(readFileSync(file, 'utf8'))), JSON.stringify(validate.errors)).toBe(true);
  });

  it('accepts write_back', () => {
    expect(validate({ write_back: { auto_merge: true, labels: ['chatops'] } }), JSON.stringify(validate.errors)).toBe(true);
  });

  it.each([
    ['an unknown top-level field', { permisions: [] }],
    ['a command outside the vocabulary', { permissions: [{ commands: ['aply'], envs: '*', who: ['sre'] }] }],
    ['a malformed duration', { defaults: { expires: '2 hours' } }],
    ['an approval rule without require', { approvals: [{ name: 'x', envs: ['prod'] }] }],
    ['write_back.auto_merge that is not a boolean', { write_back: { auto_merge: 'yes' } }],
    ['a write_back label longer than GitHub allows', { write_back: { labels: ['x'.repeat(51)] } }],
  ])('refuses %s', (_what, doc) => {
    expect(validate(doc)).toBe(false);
  });
});
