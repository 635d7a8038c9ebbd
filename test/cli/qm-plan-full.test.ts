import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runQm, scratchFleet } from './run-qm.js';

const COUNT = 12;
const name = (i: number) => `batch-${String(i + 1).padStart(2, '0')}`;

/** The example fleet plus 12 dev instances alike but for their names. */
async function fleetWithBatch(): Promise<{ dir: string; env: Record<string, string> }> {
  const fleet = await scratchFleet();
  const resources = Array.from(
    { length: COUNT },
    (_, i) => `  - kind: instance\n    name: ${name(i)}\n    uuid: 0b0c0d0e-0000-4000-8000-${String(i + 1).padStart(12, '0')}\n    instance_type: t3.small\n    ami: ami-0abcdef1234567890\n`,
  );
  await writeFile(path.join(fleet.dir, 'environments/dev/batch.yml'), `resources:\n${resources.join('')}`);
  return fleet;
}

const LISTED = /^ {2}\+ instance (batch-\d\d)$/gm;

describe('qm plan --full and qm apply --full', () => {
  it('groups alike creates by default and lists each with --full, in text and markdown; JSON always lists each', async () => {
    const { dir, env } = await fleetWithBatch();
    const grouped = await runQm(['plan', '--env', 'dev'], env, dir);
    expect(grouped.stderr).toBe('');
    expect(grouped.stdout).toContain(`  + ${COUNT} instances like batch-01 (also batch-02, batch-03, batch-04 and 8 more)\n`);
    expect(grouped.stdout.match(LISTED)).toBeNull();

    const full = await runQm(['plan', '--env', 'dev', '--full'], env, dir);
    expect([...full.stdout.matchAll(LISTED)].map((m) => m[1])).toEqual(Array.from({ length: COUNT }, (_, i) => name(i)));
    expect(full.stdout).not.toContain('instances like');

    const md = await runQm(['plan', '--env', 'dev', '--markdown'], env, dir);
    expect(md.stdout).toContain(`\n+ ${COUNT} instances like batch-01 (also`);
    const mdFull = await runQm(['plan', '--env', 'dev', '--markdown', '--full'], env, dir);
    expect(mdFull.stdout.match(/^\+ instance batch-\d\d$/gm)).toHaveLength(COUNT);

    const json = await runQm(['plan', '--env', 'dev', '--json', '--full'], env, dir);
    const jsonDefault = await runQm(['plan', '--env', 'dev', '--json'], env, dir);
    const names = (out: string) => (JSON.parse(out) as { actions: { resource: { name: string } }[] }).actions.map((a) => a.resource.name).filter((n) => n.startsWith('batch-'));
    expect(names(jsonDefault.stdout)).toHaveLength(COUNT);
    expect(JSON.parse(json.stdout).fingerprint).toBe(JSON.parse(jsonDefault.stdout).fingerprint);
  }, 120_000);

  it('shows the plan it asks about grouped, or whole with --full', async () => {
    const { dir, env } = await fleetWithBatch();
    // Not a terminal: apply shows the plan, then refuses to ask; nothing is applied.
    const grouped = await runQm(['apply', '--env', 'dev'], env, dir);
    expect(grouped.stdout).toContain(`  + ${COUNT} instances like batch-01`);
    const full = await runQm(['apply', '--env', 'dev', '--full'], env, dir);
    expect(full.stdout.match(LISTED)).toHaveLength(COUNT);
    expect(full.code).toBe(grouped.code);
  }, 120_000);
});
