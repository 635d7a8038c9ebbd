import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Ajv } from 'ajv';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { SCHEMA_FILES, definitionsJsonSchema, environmentJsonSchema, renderJsonSchema, type JsonSchema } from '../../src/definitions/index.js';
import { EXAMPLE_FLEET, REPO_ROOT, readTree } from './fixture-tree.js';

// Strict mode catches unknown keywords; strictRequired is off because `not: { required: [a, b] }`
// (subnets XOR availability_zones) names properties defined by the parent, which is valid JSON Schema.
const ajv = new Ajv({ allErrors: true, strict: true, strictRequired: false });
const validateResources = ajv.compile(definitionsJsonSchema());
const validateEnvironment = ajv.compile(environmentJsonSchema());
const examples = Object.entries(readTree(path.join(EXAMPLE_FLEET, 'environments'))).map(([file, text]) => ({ file: `environments/${file}`, text }));

describe('JSON Schema', () => {
  it.each(SCHEMA_FILES.map((f) => [f.file, f] as const))('committed %s is what the code generates', (file, f) => {
    const committed = readFileSync(path.join(REPO_ROOT, file), 'utf8');
    // On failure regenerate: npm run qm -- schema > schema/definitions.schema.json (add --environment for environment.schema.json).
    expect(committed).toBe(renderJsonSchema(f.schema()));
  });

  it('has a description on every field, for editors', () => {
    const missing: string[] = [];
    const walk = (s: unknown, at: string): void => {
      if (!s || typeof s !== 'object') return;
      const props = (s as JsonSchema).properties as Record<string, JsonSchema> | undefined;
      for (const [k, v] of Object.entries(props ?? {})) {
        if (typeof v.description !== 'string' || v.description.length < 10) missing.push(`${at}.${k}`);
      }
      for (const [k, v] of Object.entries(s)) walk(v, `${at}.${k}`);
    };
    walk(definitionsJsonSchema(), 'definitions');
    walk(environmentJsonSchema(), 'environment');
    expect(missing).toEqual([]);
  });

  it.each(examples.map((e) => [e.file, e] as const))('example %s validates against its schema', (file, e) => {
    const doc = parse(e.text) as unknown;
    const validate = file.endsWith('/environment.yml') ? validateEnvironment : validateResources;
    expect(validate(doc), JSON.stringify(validate.errors)).toBe(true);
  });

  it.each(examples.map((e) => [e.file, e] as const))('example %s starts with a modeline that points at the committed schema', (file, e) => {
    const first = e.text.split('\n')[0] ?? '';
    const match = /^# yaml-language-server: \$schema=(\S+)$/.exec(first);
    expect(match, first).not.toBeNull();
    const target = path.resolve(path.dirname(path.join(EXAMPLE_FLEET, file)), match?.[1] ?? '');
    const expected = file.endsWith('/environment.yml') ? 'schema/environment.schema.json' : 'schema/definitions.schema.json';
    expect(path.relative(REPO_ROOT, target)).toBe(expected);
  });

  it.each([
    ['an unknown field', { resources: [{ kind: 'instance', name: 'a', instance_type: 't3.micro', ami: 'ami-0123456789abcdef0', colour: 'red' }] }],
    ['an unknown instance type', { resources: [{ kind: 'instance', name: 'a', instance_type: 't2.mirco', ami: 'ami-0123456789abcdef0' }] }],
    ['an unknown kind', { resources: [{ kind: 'bucket', name: 'a' }] }],
    ['subnets and availability zones', { resources: [{ kind: 'autoscaling-group', name: 'a', launch_template: { ami: 'ami-0123456789abcdef0', instance_type: 't3.micro' }, min_size: 1, max_size: 2, subnets: ['subnet-0a1b2c3d4e5f60001'], availability_zones: ['eu-west-1a'] }] }],
    ['an alarm target naming two resources', { resources: [{ kind: 'alarm', name: 'a', metric: 'm', threshold: 1, comparison: 'LessThanThreshold', target: { instance: 'a', autoscaling_group: 'b' } }] }],
  ])('refuses %s', (_what, doc) => {
    expect(validateResources(doc)).toBe(false);
  });

  it('refuses a bad environment and accepts an unquoted account id', () => {
    expect(validateEnvironment({ region: 'eu-west1', account_id: '123456789012' })).toBe(false);
    expect(validateEnvironment({ region: 'eu-west-1', account_id: 123456789012 })).toBe(true);
  });
});
