import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createSimProvider, loadSimState, SIM_STATE_VERSION } from '../../../src/cloud/sim/index.js';
import { createManualClock } from '../../../src/clock.js';
import { ErrorCode, isQmError } from '../../../src/errors.js';
import { describeProviderContract } from '../contract/provider-contract.js';
import { alarmRequest, groupRequest, instanceRequest, rejectionOf, target } from './sim-fixtures.js';

let dir: string;
let file: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'qm-sim-'));
  file = path.join(dir, 'nested', 'sim-fleet.json');
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('sim state file', () => {
  it('starts empty when the file is missing, and creates it (and its directory) on the first change', async () => {
    const clock = createManualClock();
    const sim = createSimProvider({ clock, statePath: file });
    expect((await sim.readEnvironment(target)).instances).toEqual([]);
    expect(fs.existsSync(file)).toBe(false);
    await sim.runInstance(target, instanceRequest('web'));
    const written = JSON.parse(fs.readFileSync(file, 'utf8'));
    expect(written.version).toBe(SIM_STATE_VERSION);
    expect(written.instances).toHaveLength(1);
  });

  it('round-trips the whole fleet through the file: a new provider sees exactly what the first left', async () => {
    const clock = createManualClock();
    const first = createSimProvider({ clock, statePath: file });
    const { instanceId } = await first.runInstance(target, instanceRequest('bastion'));
    const group = await groupRequest(first, 'web');
    await first.createGroup(target, group);
    await first.putScalingPolicy(target, group.name, { name: 'cpu', metric: 'ASGAverageCPUUtilization', targetValue: 70, disableScaleIn: false });
    await first.putAlarm(target, alarmRequest('cpu-high'));
    const { refreshId } = await first.startInstanceRefresh(target, group.name, { minHealthyPercentage: 90 });
    first.registerImage({ id: 'ami-0aaaabbbbccccdddd', architecture: 'arm64' });

    const second = createSimProvider({ clock, statePath: file });
    expect(await second.readEnvironment(target)).toEqual(await first.readEnvironment(target));
    // Tokens, ids, images and refreshes survive too.
    expect(await second.runInstance(target, instanceRequest('bastion'))).toEqual({ instanceId });
    await expect(second.runInstance(target, instanceRequest('arm', 2, { ami: 'ami-0aaaabbbbccccdddd', instanceType: 't4g.micro' }))).resolves.toBeDefined();
    expect(await second.waitForInstanceRefresh(target, group.name, refreshId, { timeoutMs: 600_000 })).toBe('Successful');
    const ids = second.readState((s) => [...s.instances.keys()]);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it("lets two providers on one file (two qm processes) see each other's changes", async () => {
    const clock = createManualClock();
    const a = createSimProvider({ clock, statePath: file });
    const b = createSimProvider({ clock, statePath: file });
    const { instanceId } = await a.runInstance(target, instanceRequest('one', 1));
    expect((await b.readEnvironment(target)).instances.map((i) => i.id)).toEqual([instanceId]);
    const second = await b.runInstance(target, instanceRequest('two', 2));
    expect(second.instanceId).not.toBe(instanceId);
    expect((await a.readEnvironment(target)).instances.map((i) => i.id).sort()).toEqual([instanceId, second.instanceId].sort());
  });

  it('writes by rename: a new file replaces the old one, and no temporary file is left behind', async () => {
    const clock = createManualClock();
    const sim = createSimProvider({ clock, statePath: file });
    await sim.runInstance(target, instanceRequest('web', 1));
    const before = fs.statSync(file).ino;
    await sim.runInstance(target, instanceRequest('web', 2));
    expect(fs.statSync(file).ino).not.toBe(before);
    expect(fs.readdirSync(path.dirname(file))).toEqual(['sim-fleet.json']);
  });

  it.each([
    ['not JSON', '{"version": 1, "instances": [', 'is unusable: it is not valid JSON'],
    ['not a state file', '{"hello": "world"}', 'is not a Quartermaster sim state file'],
    ['a broken instance', JSON.stringify({ version: 1, nextId: 2, instances: [{ id: 'i-1' }], launchTemplates: [], groups: [], alarms: [], images: [], tokens: [] }), 'instances[0] is not an instance'],
    ['a missing list', JSON.stringify({ version: 1, nextId: 2, instances: [] }), '"launchTemplates" is not a list'],
  ])('refuses a file that is %s, saying to delete it or use another', (_label, content, message) => {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, content);
    const e = (() => {
      try {
        createSimProvider({ clock: createManualClock(), statePath: file });
      } catch (err) {
        return err as Error;
      }
      throw new Error('expected an error');
    })();
    expect(isQmError(e, ErrorCode.SimStateInvalid)).toBe(true);
    expect(e.message).toContain(file);
    expect(e.message).toContain(message);
    expect(e.message).toMatch(/Delete it to start again from an empty sim fleet, or set QM_SIM_STATE to another file$/);
  });

  it('refuses a file written by a newer version, saying to upgrade', () => {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, JSON.stringify({ version: SIM_STATE_VERSION + 1 }));
    expect(() => loadSimState(file)).toThrow(
      `format version ${SIM_STATE_VERSION + 1}, newer than the ${SIM_STATE_VERSION} this qm understands. Upgrade Quartermaster`,
    );
  });

  it('notices a corrupted file at the next call of a running provider', async () => {
    const sim = createSimProvider({ clock: createManualClock(), statePath: file });
    await sim.runInstance(target, instanceRequest('web'));
    fs.writeFileSync(file, 'garbage');
    const e = await rejectionOf(sim.readEnvironment(target));
    expect(e.code).toBe(ErrorCode.SimStateInvalid);
  });

  it('never leaves a torn file when its writer is killed with SIGKILL', async () => {
    const script = path.join(path.dirname(fileURLToPath(import.meta.url)), 'fixtures', 'write-loop.ts');
    const child = spawn(process.execPath, ['--import', 'tsx', script, file], { stdio: ['ignore', 'pipe', 'inherit'] });
    await new Promise<void>((resolve, reject) => {
      child.stdout.on('data', (d: Buffer) => d.toString().includes('ready') && resolve());
      child.on('exit', (code) => reject(new Error(`writer exited early (${code})`)));
    });
    // Let it write a few times, then kill it mid-stride.
    const start = fs.statSync(file).mtimeMs;
    while (fs.statSync(file).mtimeMs === start) await new Promise((r) => setTimeout(r, 10));
    await new Promise((r) => setTimeout(r, 150));
    child.kill('SIGKILL');
    await new Promise((r) => child.on('exit', r));
    const { state } = loadSimState(file);
    expect(state.instances.size).toBeGreaterThanOrEqual(2000);
    expect(state.alarms.size).toBeGreaterThan(0);
  }, 30_000);
});

describeProviderContract('sim (state file)', async () => {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'qm-sim-contract-'));
  const clock = createManualClock('2026-03-01T09:00:00Z');
  return {
    provider: createSimProvider({ clock, statePath: path.join(tmp, 'fleet.json') }),
    target: { env: 'contract', region: 'eu-west-1', accountId: '123456789012' },
    images: { x86_64: 'ami-0abcdef1234567890' },
    advance: (ms) => clock.advance(ms),
    cleanup: () => fs.rmSync(tmp, { recursive: true, force: true }),
  };
});
