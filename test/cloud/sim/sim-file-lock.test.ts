import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { withFileLock } from '../../../src/cloud/sim/sim-file-lock.js';
import { ErrorCode, isQmError } from '../../../src/errors.js';

let dir: string;
let file: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'qm-lock-'));
  file = path.join(dir, 'sim-fleet.json');
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

const thrown = (fn: () => unknown): Error => {
  try {
    fn();
  } catch (e) {
    return e as Error;
  }
  throw new Error('did not throw');
};

describe('withFileLock', () => {
  it('runs the work holding the lock, and removes it after', () => {
    expect(withFileLock(file, () => fs.existsSync(`${file}.lock`))).toBe(true);
    expect(fs.existsSync(`${file}.lock`)).toBe(false);
  });

  it('gives up on a lock another live process holds, after its bound, saying what to do', () => {
    fs.writeFileSync(`${file}.lock`, '');
    const started = Date.now();
    const e = thrown(() => withFileLock(file, () => 'never', { giveUpAfterMs: 100 }));
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(isQmError(e, ErrorCode.SimStateInvalid)).toBe(true);
    expect(e.message).toBe(`the sim fleet ${file} has been locked by another process for 0 s. Stop the other qm process, or remove ${file}.lock if none is running`);
  });

  it('takes over a stale lock (its holder died)', () => {
    fs.writeFileSync(`${file}.lock`, '');
    const old = new Date(Date.now() - 60_000);
    fs.utimesSync(`${file}.lock`, old, old);
    expect(withFileLock(file, () => 'ran', { giveUpAfterMs: 100 })).toBe('ran');
  });

  it('refuses a lock that is a directory at once, instead of looping', () => {
    fs.mkdirSync(`${file}.lock`);
    const e = thrown(() => withFileLock(file, () => 'never'));
    expect(isQmError(e, ErrorCode.SimStateInvalid)).toBe(true);
    expect(e.message).toContain(`its lock ${file}.lock is a directory. Remove ${file}.lock`);
  });

  it('names the path when its directory cannot be made (a file in the way)', () => {
    fs.writeFileSync(path.join(dir, 'blocker'), 'x');
    const e = thrown(() => withFileLock(path.join(dir, 'blocker', 'sim-fleet.json'), () => 'never'));
    expect(isQmError(e, ErrorCode.SimStateInvalid)).toBe(true);
    expect(e.message).toMatch(/^Cannot lock the sim fleet file .*blocker\/sim-fleet\.json: .*blocker\S*: (a file is where the directory should be|a part of the path is a file, not a directory)\. Move aside/);
  });
});
