import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { systemClock } from '../../src/clock.js';
import { createSimProvider, simulateManualChange } from '../../src/cloud/sim/index.js';
import { EXAMPLE_FLEET, runQm, scratchFleet } from './run-qm.js';

describe('qm validate', () => {
  it('accepts the example fleet', async () => {
    const { dir, env } = await scratchFleet();
    const r = await runQm(['validate'], env, dir);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Valid: 14 resources in 3 environments');
  });

  it('names file:line:col, the bad value and a did-you-mean, and exits 1', async () => {
    const { dir, env } = await scratchFleet();
    const file = path.join(dir, 'environments/prod/bastion.yml');
    await writeFile(file, (await readFile(file, 'utf8')).replace('instance_type: t3.micro', 'instance_type: t3.mirco'));
    const r = await runQm(['validate'], env, dir);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/environments\/prod\/bastion\.yml:\d+:\d+ .*"t3\.mirco".*did you mean "t3\.micro"/);
    expect(r.stderr).toContain('[QM_DEFINITIONS_INVALID]');
  });
});

describe('qm plan and apply on the sim', () => {
  it('plans creates, applies them, then plans nothing', async () => {
    const { dir, env } = await scratchFleet();
    const before = await runQm(['plan', '--env', 'dev', '--detailed-exitcode'], env, dir);
    expect(before.code).toBe(2);
    expect(before.stdout).toMatch(/Plan: \d+ to add, 0 to change, 0 to destroy\./);

    const applied = await runQm(['apply', '--env', 'dev', '--auto-approve'], env, dir);
    expect(applied.stderr).not.toContain('error');
    expect(applied.code).toBe(0);
    expect(applied.stdout).toMatch(/Apply complete: \d+ applied, 0 failed/);

    const after = await runQm(['plan', '--env', 'dev', '--detailed-exitcode'], env, dir);
    expect(after.code).toBe(0);
    expect(after.stdout).toContain('No changes');
  });

  it('refuses to apply without confirmation when not on a terminal, and changes nothing', async () => {
    const { dir, env } = await scratchFleet();
    const r = await runQm(['apply', '--env', 'dev'], env, dir);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('--auto-approve');
    const plan = JSON.parse((await runQm(['plan', '--env', 'dev', '--json'], env, dir)).stdout);
    expect(plan.summary.add).toBeGreaterThan(0);
  });

  it('applies a saved plan, and refuses one that went stale', async () => {
    const { dir, env } = await scratchFleet();
    const saved = path.join(dir, 'dev.plan.json');
    expect((await runQm(['plan', '--env', 'dev', '--out', saved], env, dir)).code).toBe(0);
    const stale = path.join(dir, 'stale.plan.json');
    await writeFile(stale, await readFile(saved, 'utf8'));

    expect((await runQm(['apply', saved], env, dir)).code).toBe(0);
    // The fleet changed since stale.plan.json was made (it was just applied): refused.
    const r = await runQm(['apply', stale], env, dir);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('[QM_PLAN_STALE]');
    expect(r.stderr).toContain('qm plan');
  });

  it('prints versioned JSON with the provider call counts', async () => {
    const { dir, env } = await scratchFleet();
    const plan = JSON.parse((await runQm(['plan', '--json'], env, dir)).stdout);
    expect(plan.formatVersion).toBe(1);
    expect(plan.envs).toEqual(['dev', 'prod', 'staging']);
    expect(plan.stats.totalProviderCalls).toBeGreaterThanOrEqual(3);
    expect(plan.stats.providerCalls.DescribeInstances).toBe(3);
  });

  it('says which environments exist when asked for an unknown one', async () => {
    const { dir, env } = await scratchFleet();
    const r = await runQm(['plan', '--env', 'prd'], env, dir);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('environment "prd" is not defined (did you mean "prod"?)');
  });
});

describe('qm drift', () => {
  it('calls resources never applied "not yet applied", not drift: a fresh environment exits 0', async () => {
    const { dir, env } = await scratchFleet();
    const r = await runQm(['drift', '--env', 'dev'], env, dir);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^No drift in dev: nothing was changed outside Quartermaster\.\nNot yet applied \(run qm apply\): 4 resources defined but not in the cloud; not drift\.\n {2}dev: /);
    const json = JSON.parse((await runQm(['drift', '--env', 'dev', '--json'], env, dir)).stdout);
    expect(json).toMatchObject({ hasDrift: false, items: [], notices: [] });
    expect(json.notApplied).toHaveLength(4);
  });

  it('finds a change made by hand, exits 2, and names live and defined values', async () => {
    const { dir, env } = await scratchFleet();
    expect((await runQm(['apply', '--env', 'dev', '--auto-approve'], env, dir)).code).toBe(0);
    expect((await runQm(['drift', '--env', 'dev'], env, dir)).code).toBe(0);

    const plan = JSON.parse((await runQm(['plan', '--env', 'dev', '--json'], env, dir)).stdout);
    const bastion = plan.actions.find((a: { resource: { name: string } }) => a.resource.name === 'bastion');
    const sim = createSimProvider({ statePath: env.QM_SIM_STATE!, clock: systemClock });
    simulateManualChange(sim, { kind: 'instance-type', instanceId: bastion.resource.physicalId, instanceType: 't3.large' });

    const r = await runQm(['drift', '--env', 'dev'], env, dir);
    expect(r.code).toBe(2);
    expect(r.stdout).toContain('dev/instance/bastion');
    expect(r.stdout).toContain('instance_type: live "t3.large", definitions "t3.nano"');
  });
});

describe('qm fmt, schema, help, config errors', () => {
  it('fmt --check exits 2 when a uuid is missing; fmt writes it; then --check passes', async () => {
    const { dir, env } = await scratchFleet();
    const file = path.join(dir, 'environments/dev/bastion.yml');
    await writeFile(file, (await readFile(file, 'utf8')).replace(/\n\s+uuid: [0-9a-f-]+/, ''));
    expect((await runQm(['validate'], env, dir)).code).toBe(1);
    const check = await runQm(['fmt', '--check'], env, dir);
    expect(check.code).toBe(2);
    expect(check.stdout).toContain('environments/dev/bastion.yml: would add 1 uuid');
    expect((await runQm(['fmt'], env, dir)).code).toBe(0);
    expect((await runQm(['fmt', '--check'], env, dir)).code).toBe(0);
    expect((await runQm(['validate'], env, dir)).code).toBe(0);
  });

  it('schema prints a JSON Schema', async () => {
    const { env } = await scratchFleet();
    const schema = JSON.parse((await runQm(['schema'], env)).stdout);
    expect(schema.$schema).toMatch(/json-schema\.org/);
  });

  it.each(['validate', 'plan', 'apply', 'drift', 'fmt', 'init', 'schema', 'iam-policy', 'demo'])('%s --help shows examples', async (cmd) => {
    const r = await runQm([cmd, '--help'], {});
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Examples:');
  });

  it('refuses an unknown provider with the fix', async () => {
    const r = await runQm(['plan'], { QM_PROVIDER: 'azure' });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('provider "azure" is not known');
    expect(r.stderr).toContain('QM_PROVIDER');
  });
});

describe('qm iam-policy', () => {
  it('allows assuming every environment role when run in a definitions repo', async () => {
    const { dir, env } = await scratchFleet();
    const r = await runQm(['iam-policy', '--apply'], env, dir);
    expect(r.code).toBe(0);
    const policy = JSON.parse(r.stdout);
    const actions = policy.Statement.flatMap((s: { Action: string | string[] }) => [s.Action].flat());
    expect(actions).toContain('ec2:RunInstances');
    const assume = policy.Statement.find((s: { Action: string | string[] }) => [s.Action].flat().includes('sts:AssumeRole'));
    expect([assume.Resource].flat().sort()).toEqual([
      'arn:aws:iam::444455556666:role/quartermaster',
      'arn:aws:iam::777788889999:role/quartermaster',
    ]);
  });

  it('the plan policy has no write actions', async () => {
    const r = await runQm(['iam-policy', '--plan'], {}, path.join(EXAMPLE_FLEET, '..'));
    const actions: string[] = JSON.parse(r.stdout).Statement.flatMap((s: { Action: string | string[] }) => [s.Action].flat());
    expect(actions).toContain('ec2:DescribeInstances');
    expect(actions.filter((a) => /:(Run|Terminate|Stop|Start|Put|Create|Update|Delete|Modify)/.test(a))).toEqual([]);
  });
});

describe('qm demo', () => {
  it('walks through plan, apply, a change, drift and a gated prod change, and exits 0', async () => {
    const { dir } = await scratchFleet();
    const workdir = path.join(dir, 'demo');
    const r = await runQm(['demo', '--workdir', workdir], {});
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Plan: 14 to add, 0 to change, 0 to destroy.');
    expect(r.stdout).toContain('instance_type: live "t3.large", definitions "t3.micro"');
    expect(r.stdout).toMatch(/refused: github:alice-ops#583231 requested req-[0-9a-f]{12} and cannot approve it/);
    expect(r.stdout).toMatch(/req-[0-9a-f]{12}: applied\./);
    // The copy is left for the newcomer to try qm on, with its sim fleet.
    expect((await runQm(['plan', '--detailed-exitcode'], {}, workdir)).code).toBe(0);
  });
});
