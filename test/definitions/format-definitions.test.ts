import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatDefinitions, loadDefinitions } from '../../src/definitions/index.js';
import { isQmError, ErrorCode } from '../../src/errors.js';
import { EXAMPLE_FLEET, copyToTemp } from './fixture-tree.js';

function repo(files: Record<string, string>): string {
  const root = mkdtempSync(path.join(tmpdir(), 'qm-fmt-'));
  const all = { 'environments/dev/environment.yml': 'region: us-east-1\naccount_id: "111122223333"\ndefault_subnets: [subnet-0a1b2c3d4e5f60001]\n', ...files };
  for (const [file, text] of Object.entries(all)) {
    mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
    writeFileSync(path.join(root, file), text);
  }
  return root;
}

function counter(): () => string {
  let n = 0;
  return () => `00000000-0000-4000-8000-${String(++n).padStart(12, '0')}`;
}

const read = (root: string, file: string): string => readFileSync(path.join(root, file), 'utf8');

const BEFORE = `# yaml-language-server: $schema=../../schema/definitions.schema.json
# The web tier.
resources:
  # first the group
  - kind: autoscaling-group
    name: web # the public site
    launch_template:
      ami: ami-0123456789abcdef0
      instance_type: "t3.micro"   # quoted, and aligned comment

    min_size: 1
    max_size: 2

  - name: bastion
    kind: instance
    uuid: 00000000-0000-4000-8000-0000000000aa
    instance_type: t3.micro
    ami: ami-0123456789abcdef0
  - {kind: instance, name: flow, instance_type: t3.micro, ami: ami-0123456789abcdef0}
  - name: first
    kind: instance
    instance_type: t3.micro
    ami: ami-0123456789abcdef0
# trailing comment
`;

const AFTER = `# yaml-language-server: $schema=../../schema/definitions.schema.json
# The web tier.
resources:
  # first the group
  - kind: autoscaling-group
    name: web # the public site
    uuid: 00000000-0000-4000-8000-000000000001
    launch_template:
      ami: ami-0123456789abcdef0
      instance_type: "t3.micro"   # quoted, and aligned comment

    min_size: 1
    max_size: 2

  - name: bastion
    kind: instance
    uuid: 00000000-0000-4000-8000-0000000000aa
    instance_type: t3.micro
    ami: ami-0123456789abcdef0
  - {kind: instance, name: flow, uuid: 00000000-0000-4000-8000-000000000002, instance_type: t3.micro, ami: ami-0123456789abcdef0}
  - name: first
    uuid: 00000000-0000-4000-8000-000000000003
    kind: instance
    instance_type: t3.micro
    ami: ami-0123456789abcdef0
# trailing comment
`;

describe('formatDefinitions', () => {
  it('adds a uuid under each name and leaves every other byte alone', async () => {
    const root = repo({ 'environments/dev/web.yml': BEFORE });
    const result = await formatDefinitions(root, { newUuid: counter() });
    expect(result.changed).toEqual([{ file: 'environments/dev/web.yml', added: 3 }]);
    expect(read(root, 'environments/dev/web.yml')).toBe(AFTER);
    const loaded = await loadDefinitions(root);
    expect(loaded.ok).toBe(true);
  });

  it('is idempotent: a second run changes nothing', async () => {
    const root = repo({ 'environments/dev/web.yml': BEFORE });
    await formatDefinitions(root, { newUuid: counter() });
    const again = await formatDefinitions(root, { newUuid: counter() });
    expect(again.changed).toEqual([]);
    expect(read(root, 'environments/dev/web.yml')).toBe(AFTER);
  });

  it('with check, reports what it would add and writes nothing', async () => {
    const root = repo({ 'environments/dev/web.yml': BEFORE });
    const result = await formatDefinitions(root, { check: true });
    expect(result.changed).toEqual([{ file: 'environments/dev/web.yml', added: 3 }]);
    expect(read(root, 'environments/dev/web.yml')).toBe(BEFORE);
  });

  it('uses crypto.randomUUID by default, one new uuid per resource', async () => {
    const root = repo({ 'environments/dev/web.yml': BEFORE });
    await formatDefinitions(root);
    const loaded = await loadDefinitions(root);
    if (!loaded.ok) throw new Error('did not load');
    const uuids = loaded.definitions.resources.map((r) => r.uuid);
    expect(new Set(uuids).size).toBe(4);
    for (const u of uuids) expect(u).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });

  it('handles a file with no final newline', async () => {
    const root = repo({ 'environments/dev/a.yml': 'resources:\n  - kind: instance\n    name: a' });
    await formatDefinitions(root, { newUuid: counter() });
    expect(read(root, 'environments/dev/a.yml')).toBe('resources:\n  - kind: instance\n    name: a\n    uuid: 00000000-0000-4000-8000-000000000001\n');
  });

  it('keeps Windows line endings', async () => {
    const root = repo({ 'environments/dev/a.yml': 'resources:\r\n  - kind: instance # c\r\n    name: a\r\n    ami: ami-0123456789abcdef0\r\n' });
    await formatDefinitions(root, { newUuid: counter() });
    expect(read(root, 'environments/dev/a.yml')).toBe('resources:\r\n  - kind: instance # c\r\n    name: a\r\n    uuid: 00000000-0000-4000-8000-000000000001\r\n    ami: ami-0123456789abcdef0\r\n');
  });

  it('refuses to touch a file with YAML syntax errors, naming where', async () => {
    const root = repo({ 'environments/dev/a.yml': 'resources:\n  - kind: instance\n    name: a\n   ami: x\n' });
    const error = await formatDefinitions(root).catch((e: unknown) => e);
    expect(isQmError(error, ErrorCode.DefinitionsInvalid)).toBe(true);
    expect(String((error as Error).message)).toContain('environments/dev/a.yml:4:1 YAML syntax error');
    expect(read(root, 'environments/dev/a.yml')).toBe('resources:\n  - kind: instance\n    name: a\n   ami: x\n');
  });

  it('refuses a directory that is not a definitions repository', async () => {
    const root = mkdtempSync(path.join(tmpdir(), 'qm-fmt-empty-'));
    const error = await formatDefinitions(root).catch((e: unknown) => e);
    expect(isQmError(error, ErrorCode.DefinitionsInvalid)).toBe(true);
    expect((error as Error).message).toContain('environments:1:1 no environments/ directory');
  });

  it('leaves the example fleet unchanged: every resource there has its uuid', async () => {
    const root = copyToTemp(EXAMPLE_FLEET);
    expect((await formatDefinitions(root, { check: true })).changed).toEqual([]);
  });
});
