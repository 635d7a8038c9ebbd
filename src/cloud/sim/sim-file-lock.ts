import fs from 'node:fs';
import path from 'node:path';
import { SimStateInvalidError } from '../../errors.js';

/** A holder that has kept the lock this long died (the critical sections take milliseconds). */
const STALE_AFTER_MS = 10_000;
const GIVE_UP_AFTER_MS = 30_000;
const sleeper = new Int32Array(new SharedArrayBuffer(4));

/**
 * Runs `fn` while holding `<file>.lock`, so separate `qm` processes sharing one sim fleet never
 * overwrite each other's changes (each reloads, changes and renames inside the lock). The sim's
 * calls are synchronous critical sections of a few milliseconds, so waiting is synchronous too.
 *
 * @example withFileLock('.qm/sim-fleet.json', () => { reload(); change(); save(); });
 */
export function withFileLock<T>(file: string, fn: () => T): T {
  const lock = `${file}.lock`;
  const started = Date.now();
  for (;;) {
    try {
      fs.closeSync(fs.openSync(lock, 'wx'));
      break;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') {
        fs.mkdirSync(path.dirname(lock), { recursive: true });
        continue;
      }
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      if (isStale(lock)) {
        fs.rmSync(lock, { force: true });
        continue;
      }
      if (Date.now() - started > GIVE_UP_AFTER_MS) {
        throw new SimStateInvalidError(`the sim fleet ${file} has been locked by another process for ${GIVE_UP_AFTER_MS / 1000} s`, {
          fix: `Stop the other qm process, or remove ${lock} if none is running`,
        });
      }
      Atomics.wait(sleeper, 0, 0, 2);
    }
  }
  try {
    return fn();
  } finally {
    fs.rmSync(lock, { force: true });
  }
}

function isStale(lock: string): boolean {
  try {
    return Date.now() - fs.statSync(lock).mtimeMs > STALE_AFTER_MS;
  } catch {
    return false;
  }
}
