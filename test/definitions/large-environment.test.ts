import { describe, expect, it } from 'vitest';
import { formatDiagnostic, loadDefinitionsFrom, memoryFileTree } from '../../src/definitions/index.js';

const ENV = 'environments/big/environment.yml';
const ENV_YAML = 'region: us-east-1\naccount_id: "123456789012"\ndefault_subnets: [subnet-0aaaaaaaaaaaaaaa1]\ndefault_security_groups: [sg-0aaaaaaaaaaaaaaa1]\n';

/** `count` instances in one resource file; a uuid per instance from its number. */
function instancesFile(from: number, count: number): string {
  const items: string[] = [];
  for (let i = from; i < from + count; i++) {
    const hex = i.toString(16).padStart(12, '0');
    items.push(`  - kind: instance\n    name: app-${i}\n    uuid: 00000000-0000-4000-8000-${hex}\n    instance_type: t3.micro\n    ami: ami-0abcdef1234567890\n`);
  }
  return `resources:\n${items.join('')}`;
}

describe('a very large environment', () => {
  it('validates 200,000 resources in four files without overflowing the stack (issue 9)', async () => {
    const files: Record<string, string> = { [ENV]: ENV_YAML };
    for (let f = 0; f < 4; f++) files[`environments/big/part-${f}.yml`] = instancesFile(f * 50_000, 50_000);
    const result = await loadDefinitionsFrom(memoryFileTree(files), 'big');
    if (!result.ok) throw new Error(result.diagnostics.slice(0, 5).map(formatDiagnostic).join('\n'));
    expect(result.definitions.resources).toHaveLength(200_000);
    expect(result.definitions.resources[199_999]).toMatchObject({ name: 'app-199999', source: { file: 'environments/big/part-3.yml', line: 249_998, col: 11 } });
  }, 180_000);

  it('still reports a duplicate among them, located', async () => {
    const files: Record<string, string> = { [ENV]: ENV_YAML, 'environments/big/a.yml': instancesFile(0, 100_000), 'environments/big/b.yml': instancesFile(99_999, 1) };
    const result = await loadDefinitionsFrom(memoryFileTree(files), 'big');
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.diagnostics.map(formatDiagnostic)).toEqual([
      'environments/big/b.yml:3:11 instance "app-99999" is defined twice in environment big (first at environments/big/a.yml:499998:11); names are unique per kind in an environment',
      'environments/big/b.yml:4:11 uuid "00000000-0000-4000-8000-00000001869f" of instance "app-99999" is already used by instance "app-99999" in big (environments/big/a.yml:499999:11); every resource needs its own: delete this uuid line and run `qm fmt`',
    ]);
  }, 180_000);
});
