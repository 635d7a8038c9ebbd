import fs from 'node:fs';
import path from 'node:path';
import { describeFsError, SimStateInvalidError } from '../../errors.js';

export interface FileLockOptions {
  /** A holder that has kept the lock this long died (the critical sections take milliseconds). Default 10 s. */
  staleAfterMs?: number;
  /** Give up waiting for another process after this long. Default 30 s. */
  giveUpAfterMs?: number;
}

const STALE_AFTER_MS = 10_000;
const GIVE_UP_AFTER_MS = 30_000;
const sleeper = new Int32Array(new SharedArrayBuffer(4));

/**
 * Runs `fn` while holding `<file>.lock`, so separate `qm` processes sharing one sim fleet never
 * overwrite each other's changes (each reloads, changes and renames inside the lock). The sim's
 * calls are synchronous critical sections of a few milliseconds, so waiting is synchronous too.
 * Every way round the loop is bounded by `giveUpAfterMs`, and a lock path that is not a file
 * (a directory, say) is an error at once rather than a wait.
 *
 * @example withFileLock('.qm/sim-fleet.json', () => { reload(); change(); save(); });
 */
export function withFileLock<T>(file: string, fn: () => T, opts: FileLockOptions = {}): T {
  const lock = `${file}.lock`;
  const staleAfterMs = opts.staleAfterMs ?? STALE_AFTER_MS;
  const giveUpAfterMs = opts.giveUpAfterMs ?? GIVE_UP_AFTER_MS;
  const started = Date.now();
  let madeDir = false;
  for (;;) {
    try {
      fs.closeSync(fs.openSync(lock, 'wx'));
      break;
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code === 'ENOENT' && !madeDir) {
        madeDir = true;
        makeDir(file, lock);
        continue;
      }
      if (code !== 'EEXIST') throw lockFault(file, lock, e);
      if (Date.now() - started > giveUpAfterMs) {
        throw new SimStateInvalidError(`the sim fleet ${file} has been locked by another process for ${Math.round(giveUpAfterMs / 1000)} s`, {
          fix: `Stop the other qm process, or remove ${lock} if none is running`,
        });
      }
      const age = ageOf(file, lock);
      if (age !== undefined && age > staleAfterMs) removeStale(file, lock);
      else Atomics.wait(sleeper, 0, 0, 2);
    }
  }
  try {
    return fn();
  } finally {
    release(lock);
  }
}

/** unlink rather than rm: the lock is taken and released at every sim call, and rm costs twice as much. */
function release(lock: string): void {
  try {
    fs.unlinkSync(lock);
  } catch (e) {
    // Already gone (taken over as stale): nothing of ours is left to remove.
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
  }
}

function makeDir(file: string, lock: string): void {
  try {
    fs.mkdirSync(path.dirname(lock), { recursive: true });
  } catch (e) {
    throw lockFault(file, path.dirname(lock), e);
  }
}

/** How long ago the lock was taken; undefined when it is gone already. A lock that is not a file is an error. */
function ageOf(file: string, lock: string): number | undefined {
  let stat: fs.Stats;
  try {
    stat = fs.lstatSync(lock);
  } catch {
    return undefined;
  }
  if (!stat.isFile()) {
    throw new SimStateInvalidError(`Cannot lock the sim fleet file ${file}: its lock ${lock} is ${stat.isDirectory() ? 'a directory' : 'not a file'}`, {
      fix: `Remove ${lock} (no qm process makes it anything but a file)`,
    });
  }
  return Date.now() - stat.mtimeMs;
}

function removeStale(file: string, lock: string): void {
  try {
    fs.rmSync(lock, { force: true });
  } catch (e) {
    throw lockFault(file, lock, e);
  }
}

function lockFault(file: string, where: string, e: unknown): SimStateInvalidError {
  return new SimStateInvalidError(`Cannot lock the sim fleet file ${file}: ${where}: ${describeFsError(e) ?? (e as Error).message}`, {
    fix: 'Move aside what is in the way (the directory must be writable), or set QM_SIM_STATE to another file, or QM_STATE_DIR to another directory',
    cause: e,
  });
}
