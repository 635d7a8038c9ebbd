import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadDefinitions, setResourceField } from '../../src/definitions/index.js';
import { ErrorCode, isQmError } from '../../src/errors.js';
import type { AutoScalingGroupSpec, Definitions, InstanceSpec } from '../../src/model/resources.js';
import { EXAMPLE_FLEET, copyToTemp } from './fixture-tree.js';

const WEB = { env: 'prod', kind: 'autoscaling-group', name: 'web' } as const;
const read = (root: string, file: string): string => readFileSync(path.join(root, file), 'utf8');

async function load(root: string): Promise<Definitions> {
  const result = await loadDefinitions(root);
  if (!result.ok) throw new Error(JSON.stringify(result.diagnostics));
  return result.definitions;
}

const findWeb = (defs: Definitions) => defs.resources.find((r) => r.env === 'prod' && r.name === 'web') as AutoScalingGroupSpec;

/** The lines that differ between two texts of the same length in lines, or the added/removed ones. */
function diffLines(before: string, after: string): { removed: string[]; added: string[] } {
  const a = before.split('\n');
  const b = after.split('\n');
  return { removed: a.filter((l) => !b.includes(l)), added: b.filter((l) => !a.includes(l)) };
}

describe('setResourceField', () => {
  it('adds desired_capacity (/scale web 5) as one new line, and the model reads it back', async () => {
    const root = copyToTemp(EXAMPLE_FLEET);
    const before = read(root, 'environments/prod/web.yml');
    const result = await setResourceField(root, WEB, ['desired_capacity'], 5);
    expect(result).toEqual({ file: 'environments/prod/web.yml', changed: true });
    const after = read(root, 'environments/prod/web.yml');
    expect(diffLines(before, after)).toEqual({ removed: [], added: ['    desired_capacity: 5'] });
    // Where a person would write it: after max_size, not at the end of the resource.
    expect(after).toContain('    max_size: 5\n    desired_capacity: 5\n    scaling_policies:\n');
    expect(findWeb(await load(root)).desiredCapacity).toBe(5);
  });

  it('changes a nested value in place, keeping its comment (/scale web t3.large)', async () => {
    const root = copyToTemp(EXAMPLE_FLEET);
    const before = read(root, 'environments/prod/web.yml');
    await setResourceField(root, WEB, ['launch_template', 'instance_type'], 't3.large');
    expect(diffLines(before, read(root, 'environments/prod/web.yml'))).toEqual({
      removed: ['      instance_type: t3.medium'],
      added: ['      instance_type: t3.large'],
    });
    expect(findWeb(await load(root)).launchTemplate.instanceType).toBe('t3.large');
  });

  it('round-trips: set, change, then remove leaves the file as it was', async () => {
    const root = copyToTemp(EXAMPLE_FLEET);
    const original = read(root, 'environments/prod/web.yml');
    await setResourceField(root, WEB, ['desired_capacity'], 3);
    await setResourceField(root, WEB, ['desired_capacity'], 4);
    expect(findWeb(await load(root)).desiredCapacity).toBe(4);
    const removed = await setResourceField(root, WEB, ['desired_capacity'], undefined);
    expect(removed.changed).toBe(true);
    expect(read(root, 'environments/prod/web.yml')).toBe(original);
  });

  it('answers changed: false when the value is already there', async () => {
    const root = copyToTemp(EXAMPLE_FLEET);
    expect(await setResourceField(root, WEB, ['max_size'], 5)).toEqual({ file: 'environments/prod/web.yml', changed: false });
    expect(await setResourceField(root, WEB, ['desired_capacity'], undefined)).toEqual({ file: 'environments/prod/web.yml', changed: false });
  });

  it('writes state: stopped for /shutdown, keeping the comment above it', async () => {
    const root = copyToTemp(EXAMPLE_FLEET);
    const address = { env: 'dev', kind: 'instance', name: 'bastion' } as const;
    await setResourceField(root, address, ['state'], 'stopped');
    const text = read(root, 'environments/dev/bastion.yml');
    expect(text).toContain('    # Outside working hours `/shutdown dev` writes state: stopped here.\n    state: stopped\n');
    const bastion = (await load(root)).resources.find((r) => r.env === 'dev' && r.name === 'bastion') as InstanceSpec;
    expect(bastion.state).toBe('stopped');
  });

  it('creates a missing nested mapping (health_check on a group that has none)', async () => {
    const root = copyToTemp(EXAMPLE_FLEET);
    await setResourceField(root, { env: 'dev', kind: 'autoscaling-group', name: 'worker' }, ['health_check', 'grace_period_seconds'], 120);
    const worker = (await load(root)).resources.find((r) => r.env === 'dev' && r.name === 'worker') as AutoScalingGroupSpec;
    expect(worker.healthCheck).toEqual({ type: 'EC2', gracePeriodSeconds: 120 });
    expect(read(root, 'environments/dev/worker.yml')).toContain('    # Security groups and subnets come from environment.yml when not written here.\n');
  });

  it('edits inside a flow mapping and keeps quoting style', async () => {
    const root = copyToTemp(EXAMPLE_FLEET);
    await setResourceField(root, { env: 'staging', kind: 'alarm', name: 'web-high-cpu' }, ['target', 'autoscaling_group'], 'worker');
    expect(read(root, 'environments/staging/alarms.yml')).toContain('    target: { autoscaling_group: worker }\n');
    await setResourceField(root, { env: 'prod', kind: 'autoscaling-group', name: 'worker' }, ['subnets'], ['subnet-0a1b2c3d4e5f60003']);
    const worker = (await load(root)).resources.find((r) => r.env === 'prod' && r.name === 'worker') as AutoScalingGroupSpec;
    expect(worker.subnetIds).toEqual(['subnet-0a1b2c3d4e5f60003']);
  });

  it('refuses an invalid value with the validator\'s message and writes nothing', async () => {
    const root = copyToTemp(EXAMPLE_FLEET);
    const before = read(root, 'environments/prod/web.yml');
    const error = await setResourceField(root, WEB, ['launch_template', 'instance_type'], 't2.mirco').catch((e: unknown) => e);
    expect(isQmError(error, ErrorCode.DefinitionsInvalid)).toBe(true);
    expect((error as Error).message).toContain('launch_template.instance_type "t2.mirco" is not an EC2 instance type (did you mean "t2.micro"?)');
    expect(read(root, 'environments/prod/web.yml')).toBe(before);
  });

  it.each([
    [{ ...WEB, name: 'wbe' }, ['desired_capacity'], ErrorCode.ResourceNotFound, 'no autoscaling-group "wbe" in environment prod (did you mean "web"?)'],
    [{ ...WEB, env: 'prd' }, ['desired_capacity'], ErrorCode.UnknownEnvironment, 'no environment "prd"'],
    [WEB, ['desired_capacty'], ErrorCode.DefinitionsInvalid, '"desired_capacty" is not an editable field of autoscaling-group (did you mean "desired_capacity"?)'],
    [WEB, ['uuid'], ErrorCode.DefinitionsInvalid, '"uuid" is not an editable field'],
    [WEB, ['launch_template', 'colour'], ErrorCode.DefinitionsInvalid, '"colour" is not an editable field of launch_template'],
  ] as const)('refuses %j %j', async (address, fieldPath, code, message) => {
    const root = copyToTemp(EXAMPLE_FLEET);
    const error = await setResourceField(root, address, [...fieldPath], 5).catch((e: unknown) => e);
    expect(isQmError(error, code), String(error)).toBe(true);
    expect((error as Error).message).toContain(message);
  });
});
