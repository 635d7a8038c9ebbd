import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createSimProvider, loadSimState, seedInstances, SIM_STATE_VERSION, type SimProvider, type SimState } from '../../../src/cloud/sim/index.js';
import { createManualClock, type ManualClock } from '../../../src/clock.js';
import { ErrorCode } from '../../../src/errors.js';
import { managedTags } from '../../../src/model/identity.js';
import { alarmRequest, groupRequest, instanceRequest, rejectionOf, target, uuidFor, X86_AMI } from './sim-fixtures.js';

/**
 * The sim's state file with its journal (sim-fleet-store.ts): what one process writes, another
 * sees; what a crash leaves behind, the next process reads. Fleets here are seeded past the
 * size at which each change is journalled instead of rewriting the whole file.
 */

let dir: string;
let file: string;
let journal: string;
let clock: ManualClock;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'qm-sim-journal-'));
  file = path.join(dir, 'sim-fleet.json');
  journal = `${file}.journal`;
  clock = createManualClock('2026-03-01T09:00:00Z');
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

const notices: string[] = [];
const open = (): SimProvider => createSimProvider({ clock, statePath: file, onNotice: (m) => notices.push(m) });

/** A provider on a fleet of `count` running instances, big enough that changes go to the journal. */
function seeded(count = 100): SimProvider {
  const sim = open();
  seedInstances(
    sim,
    Array.from({ length: count }, (_, i) => ({ region: target.region, tags: managedTags({ team: 'seed' }, { env: target.env, name: `seed-${i}`, uuid: uuidFor(10_000 + i) }) })),
  );
  return sim;
}

/** Every record, in a form that compares equal whatever the maps' insertion order. */
function canonical(state: SimState): Record<string, unknown> {
  const sorted = <V>(m: Map<string, V>) => [...m.entries()].sort(([a], [b]) => a.localeCompare(b));
  return {
    nextId: state.nextId,
    instances: sorted(state.instances),
    launchTemplates: sorted(state.launchTemplates),
    groups: sorted(state.groups),
    alarms: sorted(state.alarms),
    images: sorted(state.images),
    tokens: sorted(state.tokens),
  };
}

const lines = (p: string) => fs.readFileSync(p, 'utf8').split('\n').filter(Boolean);

describe('sim journal', () => {
  beforeEach(() => {
    notices.length = 0;
  });

  it('journals a call as one line holding only the records it changed, not the fleet', async () => {
    const sim = seeded(200);
    const snapshot = fs.readFileSync(file, 'utf8');
    const { instanceId } = await sim.runInstance(target, instanceRequest('web'));
    expect(fs.readFileSync(file, 'utf8')).toBe(snapshot);
    const [header, entry, ...rest] = lines(journal).map((l) => JSON.parse(l));
    expect(rest).toEqual([]);
    expect(header).toEqual({ journal: 'quartermaster sim', version: SIM_STATE_VERSION, generation: JSON.parse(snapshot).generation });
    expect(entry.put.instances.map((i: { id: string }) => i.id)).toEqual([instanceId]);
    expect(entry.put.tokens).toHaveLength(1);
    expect(Object.keys(entry.put)).toEqual(['instances', 'tokens']);
  });

  it('settles only what is due: a later call journals the instance whose transition ended, and no other', async () => {
    const sim = seeded(200);
    const { instanceId: first } = await sim.runInstance(target, instanceRequest('a', 1));
    clock.advance(sim.timings.pendingMs);
    const { instanceId: second } = await sim.runInstance(target, instanceRequest('b', 2));
    const last = JSON.parse(lines(journal).at(-1)!);
    const put = last.put.instances as { id: string; state: string }[];
    expect(put.map((i) => [i.id, i.state]).sort()).toEqual([
      [first, 'running'],
      [second, 'pending'],
    ].sort());
  });

  it('loses no update when two providers on one file interleave writes, and each sees the other\'s', async () => {
    const a = seeded(100);
    const b = open();
    const made: string[] = [];
    for (let i = 0; i < 30; i++) {
      made.push((await a.runInstance(target, instanceRequest(`a${i}`, 100 + i))).instanceId);
      made.push((await b.runInstance(target, instanceRequest(`b${i}`, 200 + i))).instanceId);
      // Both change one shared instance's tags: neither write may undo the other's.
      await a.updateTags(target, 'instance', [made[0]!], { [`a${i}`]: 'x' }, []);
      await b.updateTags(target, 'instance', [made[0]!], { [`b${i}`]: 'x' }, []);
    }
    expect(new Set(made).size).toBe(60);
    expect(fs.existsSync(journal)).toBe(true);
    const fresh = loadSimState(file).state;
    for (const id of made) expect(fresh.instances.has(id)).toBe(true);
    const tags = fresh.instances.get(made[0]!)!.tags;
    for (let i = 0; i < 30; i++) expect([tags[`a${i}`], tags[`b${i}`]]).toEqual(['x', 'x']);
    expect(canonical(a.readState((s) => s))).toEqual(canonical(fresh));
    expect(canonical(b.readState((s) => s))).toEqual(canonical(fresh));
  });

  it('loses no update when two processes append to one journal at the same time', async () => {
    seeded(100);
    const writer = fileURLToPath(new URL('./children/sim-writer.ts', import.meta.url));
    const run = (label: string) =>
      new Promise<number | null>((resolve) => {
        spawn(process.execPath, ['--import', 'tsx', writer, file, label, '60'], { stdio: 'inherit' }).on('close', resolve);
      });
    expect(await Promise.all([run('a'), run('b')])).toEqual([0, 0]);
    const fresh = loadSimState(file).state;
    expect(fresh.instances.size).toBe(220);
    expect(new Set([...fresh.instances.values()].map((i) => i.tags['qm:name'])).size).toBe(220);
  }, 60_000);

  it('keeps the journal smaller than the snapshot: past it, the next write folds it into a new snapshot', async () => {
    const sim = seeded(60);
    const generation = () => JSON.parse(fs.readFileSync(file, 'utf8')).generation as number;
    const before = generation();
    for (let i = 0; i < 300; i++) {
      await sim.updateTags(target, 'instance', [sim.readState((s) => [...s.instances.keys()][i % 60]!)], { round: String(i) }, []);
      const journalBytes = fs.statSync(journal, { throwIfNoEntry: false })?.size ?? 0;
      expect(journalBytes).toBeLessThanOrEqual(fs.statSync(file).size);
    }
    expect(generation()).toBeGreaterThan(before);
    expect(canonical(loadSimState(file).state)).toEqual(canonical(sim.readState((s) => s)));
  });

  it('recovers from a crash between the journal append and the compaction: the journalled change is there', async () => {
    const sim = seeded();
    const { instanceId } = await sim.runInstance(target, instanceRequest('late'));
    // The process dies here: its change is in the journal only.
    const snapshotIds = JSON.parse(fs.readFileSync(file, 'utf8')).instances.map((i: { id: string }) => i.id);
    expect(snapshotIds).not.toContain(instanceId);
    const next = open();
    expect(next.readState((s) => s.instances.get(instanceId)?.state)).toBe('pending');
  });

  it('recovers from a crash between a compaction and the journal removal: the old journal is not replayed over the new snapshot', async () => {
    const sim = seeded();
    const [id] = sim.readState((s) => [...s.instances.keys()]);
    await sim.updateTags(target, 'instance', [id!], { owner: 'journal' }, []);
    const oldJournal = fs.readFileSync(journal);
    // A compaction (editState writes a whole snapshot) changes the same instance again...
    sim.editState((s) => {
      s.instances.get(id!)!.tags.owner = 'snapshot';
    });
    expect(fs.existsSync(journal)).toBe(false);
    // ...and the process dies before removing the journal it folded in.
    fs.writeFileSync(journal, oldJournal);
    const next = open();
    expect(next.readState((s) => s.instances.get(id!)!.tags.owner)).toBe('snapshot');
    // The next write starts the journal afresh, and everyone agrees.
    await next.updateTags(target, 'instance', [id!], { after: 'crash' }, []);
    expect(JSON.parse(lines(journal)[0]!).generation).toBe(JSON.parse(fs.readFileSync(file, 'utf8')).generation);
    const fresh = loadSimState(file).state;
    expect(fresh.instances.get(id!)!.tags).toMatchObject({ owner: 'snapshot', after: 'crash' });
    expect(canonical(fresh)).toEqual(canonical(next.readState((s) => s)));
  });

  it('ignores a torn last journal line with a notice, and the next write cuts it off', async () => {
    const sim = seeded();
    const { instanceId } = await sim.runInstance(target, instanceRequest('kept', 1));
    // A writer killed mid-line: half a line, no newline.
    const whole = `${JSON.stringify({ nextId: 999, put: { instances: [{ id: 'i-000000000000000ff', state: 'running', since: 0, tags: {} }] } })}\n`;
    fs.appendFileSync(journal, whole.slice(0, 40));

    const next = open();
    expect(notices).toHaveLength(1);
    expect(notices[0]).toMatch(/^The sim journal .*sim-fleet\.json\.journal ends in a line torn by a writer that stopped mid-write \(40 bytes after byte \d+\); it is ignored/);
    expect(next.readState((s) => [s.instances.has(instanceId), s.instances.has('i-000000000000000ff')])).toEqual([true, false]);

    const { instanceId: after } = await next.runInstance(target, instanceRequest('after', 2));
    expect(lines(journal).every((l) => JSON.parse(l) !== undefined)).toBe(true);
    notices.length = 0;
    const fresh = loadSimState(file, (m) => notices.push(m)).state;
    expect(notices).toEqual([]);
    expect(fresh.instances.has(after)).toBe(true);
    // The provider that was running all along catches up without a notice of its own.
    expect(sim.readState((s) => s.instances.has(after))).toBe(true);
  });

  it('a running provider ignores a torn tail another process left, once, without failing its calls', async () => {
    const sim = seeded();
    await sim.runInstance(target, instanceRequest('one', 1));
    fs.appendFileSync(journal, '{"nextId":5,"put":{"inst');
    await expect(sim.runInstance(target, instanceRequest('two', 2))).resolves.toBeDefined();
    await sim.readEnvironment(target);
    expect(notices).toHaveLength(1);
    expect(loadSimState(file).state.instances.size).toBe(102);
  });

  it('answers a read without the lock while nothing is due, with every complete line other processes wrote', async () => {
    const writer = seeded();
    const reader = open();
    const { instanceId } = await writer.runInstance(target, instanceRequest('new', 1));
    // Another process holds the lock, mid-append: half a line is on disk.
    fs.writeFileSync(`${file}.lock`, '');
    fs.appendFileSync(journal, '{"nextId":7,"put":{"insta');
    try {
      const found = await reader.readEnvironment(target);
      expect(found.instances.map((i) => i.id)).toContain(instanceId);
      expect(found.instances).toHaveLength(101);
      // Being written is not torn: only a process holding the lock may say so.
      expect(notices).toEqual([]);
    } finally {
      fs.rmSync(`${file}.lock`);
    }
  });

  it('refuses a journal with a broken line in its middle, naming the line and how to recover', async () => {
    const sim = seeded();
    await sim.runInstance(target, instanceRequest('one', 1));
    await sim.runInstance(target, instanceRequest('two', 2));
    const [header, first, second] = lines(journal);
    fs.writeFileSync(journal, `${header}\n${first}\n{"nextId": "not a number"}\n${second}\n`);
    const e = await rejectionOf(Promise.resolve().then(() => open()));
    expect(e.code).toBe(ErrorCode.SimStateInvalid);
    expect(e.message).toBe(
      `The sim journal ${journal} is unusable: line 3 is not a journal entry (no "nextId"). ` +
        `Delete ${journal} to go back to the last snapshot (the changes since are lost), or delete it and the state file beside it to start again from an empty sim fleet`,
    );
  });

  it('reads a version-1 state file, and rewrites it as the current version at the first change', async () => {
    const v1 = { version: 1, nextId: 2, instances: [], launchTemplates: [], groups: [], alarms: [], images: [], tokens: [] };
    fs.writeFileSync(file, JSON.stringify(v1));
    const sim = open();
    expect((await sim.readEnvironment(target)).instances).toEqual([]);
    const { instanceId } = await sim.runInstance(target, instanceRequest('web'));
    expect(instanceId).toBe('i-00000000000000002');
    const written = JSON.parse(fs.readFileSync(file, 'utf8'));
    expect([written.version, written.generation, written.instances.length]).toEqual([SIM_STATE_VERSION, 1, 1]);
  });

  it('replays every kind of call exactly: a fresh reader of the files has the writer\'s fleet after each call', async () => {
    const sim = seeded(80);
    const check = async (step: string) => {
      expect(canonical(loadSimState(file).state), step).toEqual(canonical(sim.readState((s) => s)));
    };
    const { instanceId } = await sim.runInstance(target, instanceRequest('web', 1));
    await check('run');
    clock.advance(sim.timings.pendingMs);
    await sim.stopInstances(target, [instanceId]);
    await check('stop');
    clock.advance(sim.timings.stoppingMs);
    await sim.modifyInstance(target, instanceId, { instanceType: 't3.small', userData: '#!/bin/sh', monitoring: true });
    await check('modify');
    await sim.startInstances(target, [instanceId]);
    await sim.updateTags(target, 'instance', [instanceId], { a: '1' }, ['team']);
    await check('start, tags');
    const group = await groupRequest(sim, 'api');
    await check('launch template');
    await sim.createGroup(target, group);
    await check('group and its members');
    await sim.putScalingPolicy(target, group.name, { name: 'cpu', metric: 'ASGAverageCPUUtilization', targetValue: 60, disableScaleIn: false });
    await sim.updateTags(target, 'autoscaling-group', [group.name], { tier: 'api' }, []);
    await sim.updateGroup(target, group.name, { desiredCapacity: 4, maxSize: 6 });
    await check('group update');
    await sim.putLaunchTemplate(target, { name: group.name, spec: { ami: X86_AMI, instanceType: 't3.medium', securityGroupIds: [], monitoring: true }, tags: group.tags, clientToken: 'lt-v2' });
    await sim.updateGroup(target, group.name, { launchTemplate: { id: group.launchTemplate.id, version: '$Latest' } });
    const { refreshId } = await sim.startInstanceRefresh(target, group.name, { minHealthyPercentage: 50 });
    await check('refresh started');
    expect(await sim.waitForInstanceRefresh(target, group.name, refreshId, { timeoutMs: 600_000 })).toBe('Successful');
    await check('refresh done');
    await sim.putAlarm(target, alarmRequest('cpu-high'));
    await sim.updateTags(target, 'alarm', [alarmRequest('cpu-high').name], { x: 'y' }, []);
    await check('alarm');
    await sim.deleteAlarms(target, [alarmRequest('cpu-high').name]);
    await sim.deleteScalingPolicy(target, group.name, 'cpu');
    await check('deletes');
    sim.registerImage({ id: 'ami-0aaaabbbbccccdddd', architecture: 'arm64' });
    await check('image');
    await sim.terminateInstances(target, [instanceId]);
    await sim.deleteGroup(target, group.name);
    clock.advance(sim.timings.shuttingDownMs);
    await sim.readEnvironment(target);
    await check('terminated, group gone');
    expect(sim.readState((s) => s.groups.size)).toBe(0);
    clock.advance(sim.timings.terminatedVisibleMs);
    await sim.readEnvironment(target);
    await check('terminated instances aged out');
    expect(sim.readState((s) => s.instances.has(instanceId))).toBe(false);
  });
});
