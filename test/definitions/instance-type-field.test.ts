import { describe, expect, it } from 'vitest';
import { formatDiagnostic, loadDefinitionsFrom, memoryFileTree } from '../../src/definitions/index.js';

const ENV = 'region: eu-west-1\naccount_id: "111122223333"\ndefault_subnets: [subnet-0a1b2c3d4e5f60001]\n';
const U1 = '00000000-0000-4000-8000-000000000001';

/** Loads one instance of `type` (line 5, column 20 of environments/dev/a.yml). */
async function load(type: string) {
  const file = [
    'resources:',
    '  - kind: instance',
    '    name: a',
    `    uuid: ${U1}`,
    `    instance_type: ${type}`,
    '    ami: ami-0123456789abcdef0',
  ].join('\n');
  const result = await loadDefinitionsFrom(memoryFileTree({ 'environments/dev/environment.yml': ENV, 'environments/dev/a.yml': `${file}\n` }), 'mem');
  return { result, errors: result.ok ? [] : result.diagnostics.map(formatDiagnostic), warnings: result.ok ? result.warnings.map(formatDiagnostic) : [] };
}

describe('instance_type', () => {
  it.each([
    ['g5.xlarge', "g5 is a GPU (accelerated computing) family Quartermaster's catalogue does not price or validate yet"],
    ['p4d.24xlarge', "p4d is a GPU (accelerated computing) family Quartermaster's catalogue does not price or validate yet"],
    ['inf2.xlarge', 'inf2 is a machine learning accelerator (accelerated computing) family'],
    ['i4i.large', 'i4i is a storage optimized family'],
    ['x2idn.16xlarge', 'x2idn is a high memory family'],
    ['m4.large', 'm4 is a previous generation family'],
    ['m5.metal', 'm5.metal is a bare metal size'],
  ])('accepts the real AWS type %s with a located warning that names its family and the fix', async (type, what) => {
    const { result, errors, warnings } = await load(type);
    expect(errors).toEqual([]);
    expect(result.ok && result.definitions.resources[0]).toMatchObject({ instanceType: type });
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain(`environments/dev/a.yml:5:20 instance_type "${type}": ${what}`);
    expect(warnings[0]).toContain('plans show its cost as not priced (counted as $0)');
    expect(warnings[0]).toContain(`aws ec2 describe-instance-types --instance-types ${type}`);
    expect(warnings[0]).not.toContain('did you mean');
  });

  it.each([
    ['t3.micor', 'environments/dev/a.yml:5:20 instance_type "t3.micor" is not an EC2 instance type (did you mean "t3.micro"?)'],
    ['m5.largee', 'environments/dev/a.yml:5:20 instance_type "m5.largee" is not an EC2 instance type (did you mean "m5.large"?)'],
    // Not an AWS family: the catalogue's closest name, as for any typo.
    ['zz9.large', 'environments/dev/a.yml:5:20 instance_type "zz9.large" is not an EC2 instance type (did you mean "t2.large"?)'],
    ['zz9.enormous', 'environments/dev/a.yml:5:20 instance_type "zz9.enormous" is not an EC2 instance type'],
    // A GPU family with a mistyped size: its own size, not another family's.
    ['g5.xlargee', 'environments/dev/a.yml:5:20 instance_type "g5.xlargee" is not an EC2 instance type (did you mean "g5.xlarge"?)'],
  ])('refuses %s, with did-you-mean when a name is close', async (type, message) => {
    const { errors } = await load(type);
    expect(errors).toEqual([message]);
  });

  it('warns about nothing for a catalogue type', async () => {
    const { errors, warnings } = await load('t3.micro');
    expect([...errors, ...warnings]).toEqual([]);
  });
});
