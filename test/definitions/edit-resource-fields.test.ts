import { describe, expect, it } from 'vitest';
import { editResourceField, editResourceFields, loadDefinitionsFrom, memoryFileTree, type FieldChange, type ResourceAddress } from '../../src/definitions/index.js';
import { ErrorCode, isQmError } from '../../src/errors.js';
import type { AutoScalingGroupSpec, Definitions } from '../../src/model/resources.js';
import { EXAMPLE_FLEET, readTree } from './fixture-tree.js';

const WEB = { env: 'prod', kind: 'autoscaling-group', name: 'web' } as const;
const WEB_FILE = 'environments/prod/web.yml';
const SCALE: FieldChange[] = [
  { path: ['min_size'], value: 2 },
  { path: ['max_size'], value: 6 },
  { path: ['desired_capacity'], value: 4 },
];

async function load(files: Record<string, string>): Promise<Definitions> {
  const result = await loadDefinitionsFrom(memoryFileTree(files), 'memory');
  if (!result.ok) throw new Error(JSON.stringify(result.diagnostics));
  return result.definitions;
}

/** The lines of `after` that are not in `before`, and the other way round. */
function diffLines(before: string, after: string): { removed: string[]; added: string[] } {
  const a = before.split('\n');
  const b = after.split('\n');
  return { removed: a.filter((l) => !b.includes(l)), added: b.filter((l) => !a.includes(l)) };
}

describe('editResourceFields', () => {
  it('edits three fields of one group (/scale web min=2 max=6 desired=4) as one edit of its file, writing nothing', async () => {
    const files = readTree(EXAMPLE_FLEET);
    const snapshot = { ...files };
    const edits = await editResourceFields(memoryFileTree(files), WEB, SCALE);

    expect(edits.map((e) => e.file)).toEqual([WEB_FILE]);
    const [edit] = edits;
    if (!edit) throw new Error('no edit');
    expect(edit.before).toBe(files[WEB_FILE]);
    // min_size is already 2: only max_size changes and desired_capacity is added after it.
    expect(diffLines(edit.before, edit.after)).toEqual({ removed: ['    max_size: 5'], added: ['    max_size: 6', '    desired_capacity: 4'] });
    expect(edit.after).toContain('    min_size: 2\n    max_size: 6\n    desired_capacity: 4\n    scaling_policies:\n');
    expect(files).toEqual(snapshot);

    const web = (await load({ ...files, [WEB_FILE]: edit.after })).resources.find((r) => r.env === 'prod' && r.name === 'web') as AutoScalingGroupSpec;
    expect([web.minSize, web.maxSize, web.desiredCapacity]).toEqual([2, 6, 4]);
  });

  it('gives the same text whatever the order of the fields', async () => {
    const tree = memoryFileTree(readTree(EXAMPLE_FLEET));
    const forward = await editResourceFields(tree, WEB, SCALE);
    const backward = await editResourceFields(tree, WEB, [...SCALE].reverse());
    expect(backward).toEqual(forward);
  });

  it('answers no edits when the definitions already say so', async () => {
    const tree = memoryFileTree(readTree(EXAMPLE_FLEET));
    expect(await editResourceFields(tree, WEB, [{ path: ['min_size'], value: 2 }, { path: ['max_size'], value: 5 }])).toEqual([]);
    expect(await editResourceField(tree, WEB, ['desired_capacity'], undefined)).toEqual([]);
  });

  it('keeps every other byte: comments, CRLF line endings, a file without a final newline', async () => {
    const text = [
      'resources:  # the workers',
      '  - kind: autoscaling-group',
      '    name: worker   # queue consumers',
      '    uuid: 3b091c5f-1a0f-48bd-bec4-f855c3ee6600',
      '    launch_template: {ami: ami-0123456789abcdef0, instance_type: "t3.small"}',
      '    min_size: 1 # never zero',
      '    max_size: 3',
    ].join('\r\n');
    const files = { 'environments/dev/environment.yml': 'region: eu-west-1\r\naccount_id: "111122223333"\r\nsubnets: [subnet-0a1b2c3d4e5f60001]\r\n', 'environments/dev/worker.yml': text };
    const address = { env: 'dev', kind: 'autoscaling-group', name: 'worker' } as const;
    const [edit] = await editResourceFields(memoryFileTree(files), address, [
      { path: ['launch_template', 'instance_type'], value: 't3.large' },
      { path: ['min_size'], value: 2 },
      { path: ['desired_capacity'], value: 2 },
    ]);
    expect(edit?.after).toBe(
      [
        'resources:  # the workers',
        '  - kind: autoscaling-group',
        '    name: worker   # queue consumers',
        '    uuid: 3b091c5f-1a0f-48bd-bec4-f855c3ee6600',
        '    launch_template: {ami: ami-0123456789abcdef0, instance_type: "t3.large"}',
        '    min_size: 2 # never zero',
        '    max_size: 3',
        '    desired_capacity: 2',
        '',
      ].join('\r\n'),
    );
  });

  it('follows a rename to the fields after it', async () => {
    const tree = memoryFileTree(readTree(EXAMPLE_FLEET));
    const [edit] = await editResourceFields(tree, WEB, [{ path: ['name'], value: 'frontend' }, { path: ['max_size'], value: 8 }]);
    expect(diffLines(edit?.before ?? '', edit?.after ?? '')).toEqual({ removed: ['    name: web', '    max_size: 5'], added: ['    name: frontend', '    max_size: 8'] });
  });

  it('refuses the whole change when one value is invalid, naming it', async () => {
    const tree = memoryFileTree(readTree(EXAMPLE_FLEET));
    const error = await editResourceFields(tree, WEB, [{ path: ['max_size'], value: 6 }, { path: ['launch_template', 'instance_type'], value: 't2.mirco' }]).catch((e: unknown) => e);
    expect(isQmError(error, ErrorCode.DefinitionsInvalid)).toBe(true);
    expect((error as Error).message).toContain('launch_template.instance_type "t2.mirco" is not an EC2 instance type (did you mean "t2.micro"?)');
  });

  it.each<[ResourceAddress, FieldChange[], ErrorCode, string]>([
    [{ ...WEB, env: 'prd' }, [{ path: ['max_size'], value: 6 }], ErrorCode.UnknownEnvironment, 'no environment "prd" in acme/fleet@main (did you mean "prod"?)'],
    [WEB, [{ path: ['max_size'], value: 6 }, { path: ['uuid'], value: 'x' }], ErrorCode.DefinitionsInvalid, '"uuid" is not an editable field'],
    [WEB, [], ErrorCode.DefinitionsInvalid, 'cannot set no fields'],
  ])('refuses %j %j', async (address, fields, code, message) => {
    const error = await editResourceFields(memoryFileTree(readTree(EXAMPLE_FLEET)), address, fields, 'acme/fleet@main').catch((e: unknown) => e);
    expect(isQmError(error, code), String(error)).toBe(true);
    expect((error as Error).message).toContain(message);
  });
});
