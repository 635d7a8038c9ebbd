import fs from 'node:fs';
import path from 'node:path';
import { fileKindOf } from '../../file-kind.js';
import { describeFsError, SimStateInvalidError } from '../../errors.js';
import type { InstanceState } from '../../model/observed.js';
import {
  createEmptyState,
  regionKey,
  type SimAlarm,
  type SimGroup,
  type SimImage,
  type SimInstance,
  type SimLaunchTemplate,
  type SimState,
  type SimTokenRecord,
} from './sim-state.js';
import { SIM_COLLECTIONS, type SimCollection } from './sim-changes.js';

/**
 * The format version this code writes; it reads every version up to it. 2 added `generation`
 * and the journal beside the file (sim-journal.ts): a version-1 qm would ignore the journal,
 * so it must refuse the file rather than read a stale fleet.
 */
export const SIM_STATE_VERSION = 2;

/** The state file as written: plain arrays, so the JSON stays readable and diffable. */
export interface SimStateFile {
  version: typeof SIM_STATE_VERSION;
  /**
   * Counts the snapshots written (compactions). The journal names the generation it extends,
   * so a journal already folded into a newer snapshot (a crash between the two) is ignored.
   */
  generation: number;
  nextId: number;
  instances: SimInstance[];
  launchTemplates: SimLaunchTemplate[];
  groups: SimGroup[];
  alarms: SimAlarm[];
  images: SimImage[];
  /** [regionKey, record] pairs. */
  tokens: [string, SimTokenRecord][];
}

/** Identifies one version of the file on disk, to notice another process's writes cheaply. */
export interface FileStamp {
  mtimeMs: number;
  size: number;
  ino: number;
}

const STATES = new Set<InstanceState>(['pending', 'running', 'stopping', 'stopped', 'shutting-down', 'terminated']);

/** A snapshot as read: the fleet, the generation the journal must name, and the file's stamp. */
export interface LoadedSnapshot {
  state: SimState;
  generation: number;
  /** Format version on disk (0 when there is no file): below SIM_STATE_VERSION, the next write rewrites it. */
  version: number;
  stamp?: FileStamp;
}

/**
 * Reads the snapshot; a missing file is an empty fleet (generation 0). A file that is not JSON,
 * not a state file, or written by a newer version throws SimStateInvalidError saying what to do.
 *
 * @example
 * const { state, generation, stamp } = loadSnapshot('.qm/sim-state.json');
 */
export function loadSnapshot(file: string): LoadedSnapshot {
  let text: string;
  let stamp: FileStamp;
  try {
    const fd = openRegularFile(file);
    try {
      stamp = stampOf(fs.fstatSync(fd));
      text = fs.readFileSync(fd, 'utf8');
    } finally {
      fs.closeSync(fd);
    }
  } catch (e) {
    if (e instanceof SimStateInvalidError) throw e;
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return { state: createEmptyState(), generation: 0, version: 0 };
    throw fsFault(file, 'read', e);
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (e) {
    // JSON.parse quotes the text around the fault, and the file holds user data: only the position.
    const at = /at position (\d+)/.exec((e as Error).message)?.[1];
    throw invalid(file, `it is not valid JSON${at ? ` (at character ${at})` : ''}`, e);
  }
  return { ...fromFile(file, data), stamp };
}

/**
 * Writes a snapshot atomically: a temporary file in the same directory, flushed, then renamed
 * over the old one, so a reader (or a kill -9, or a power cut) finds the old snapshot or the
 * new one, never a torn or empty one. With `syncDir`, the directory is flushed too, so the
 * rename is on disk before the caller removes the journal the snapshot folds in (3-7 ms here,
 * paid only when there is a journal).
 */
export function writeSnapshot(file: string, state: SimState, generation: number, syncDir: boolean): FileStamp {
  const dir = path.dirname(file);
  const tmp = path.join(dir, `.${path.basename(file)}.${process.pid}.${Date.now().toString(36)}${Math.random().toString(36).slice(2, 8)}.tmp`);
  try {
    fs.mkdirSync(dir, { recursive: true });
    const fd = fs.openSync(tmp, 'w', 0o600);
    try {
      fs.writeSync(fd, JSON.stringify(toFile(state, generation)));
      fs.fsyncSync(fd);
    } catch (e) {
      fs.closeSync(fd);
      throw e;
    }
    fs.closeSync(fd);
    fs.renameSync(tmp, file);
    if (syncDir) syncDirectory(dir);
    return stampOf(fs.statSync(file));
  } catch (e) {
    removeQuietly(tmp);
    throw fsFault(file, 'write', e);
  }
}

/** Flushes a directory entry (the rename); where directories cannot be opened (Windows), the rename is all there is. */
function syncDirectory(dir: string): void {
  let fd: number;
  try {
    fd = fs.openSync(dir, 'r');
  } catch {
    return;
  }
  try {
    fs.fsyncSync(fd);
  } catch {
    // Some file systems refuse fsync on a directory; the rename stands without it.
  } finally {
    fs.closeSync(fd);
  }
}

/** The stamp of the file now, or undefined when it does not exist. */
export function currentStamp(file: string): FileStamp | undefined {
  try {
    const s = fs.statSync(file, { throwIfNoEntry: false });
    return s && stampOf(s);
  } catch (e) {
    throw fsFault(file, 'read', e);
  }
}

function removeQuietly(file: string): void {
  try {
    fs.rmSync(file, { force: true });
  } catch {
    // Its directory is what failed; there is nothing to clean up.
  }
}

/** A file-system error on the sim fleet file, as one coded error naming the file and the fix. */
/**
 * Opens a file of the sim's for reading without blocking: a plain open of a FIFO waits for a
 * writer for ever (qm hung). A FIFO, socket or device is refused by name; a directory is left to
 * the read, whose EISDIR already says so.
 */
export function openRegularFile(file: string): number {
  const fd = fs.openSync(file, fs.constants.O_RDONLY | fs.constants.O_NONBLOCK);
  const stat = fs.fstatSync(fd);
  if (stat.isFile() || stat.isDirectory()) return fd;
  fs.closeSync(fd);
  throw new SimStateInvalidError(`Cannot read the sim fleet file ${file}: it is ${fileKindOf(stat)}, not a regular file`, {
    fix: 'Move it aside (an empty sim fleet starts in a new file), or set QM_SIM_STATE to another file',
  });
}

export function fsFault(file: string, doing: 'read' | 'write', e: unknown): SimStateInvalidError {
  return new SimStateInvalidError(`Cannot ${doing} the sim fleet file ${file}: ${describeFsError(e) ?? (e as Error).message}`, {
    fix: 'Move aside what is in the way (it must be a file in a writable directory), or set QM_SIM_STATE to another file, or QM_STATE_DIR to another directory',
    cause: e,
  });
}

/** Whether two stamps name the same version of the file (both absent counts as the same). */
export function sameStamp(a: FileStamp | undefined, b: FileStamp | undefined): boolean {
  return a === b || (!!a && !!b && a.mtimeMs === b.mtimeMs && a.size === b.size && a.ino === b.ino);
}

function stampOf(s: fs.Stats): FileStamp {
  return { mtimeMs: s.mtimeMs, size: s.size, ino: s.ino };
}

/** The serialisable form of the state. */
export function toFile(state: SimState, generation: number): SimStateFile {
  return {
    version: SIM_STATE_VERSION,
    generation,
    nextId: state.nextId,
    instances: [...state.instances.values()],
    launchTemplates: [...state.launchTemplates.values()],
    groups: [...state.groups.values()],
    alarms: [...state.alarms.values()],
    images: [...state.images.values()],
    tokens: [...state.tokens.entries()],
  };
}

/**
 * Checks one record as read from a file (snapshot or journal) and returns its key in the
 * state's map, or undefined when it is not such a record. Shallow checks only: enough to
 * refuse a file that is not ours, cheap on 10,000 instances.
 */
export const RECORD_KEYS: Record<SimCollection, (v: unknown) => string | undefined> = {
  instances: (v) => {
    const inst = v as Partial<SimInstance>;
    return isRecord(v) && typeof inst.id === 'string' && STATES.has(inst.state as InstanceState) && typeof inst.since === 'number' && isRecord(inst.tags)
      ? inst.id
      : undefined;
  },
  launchTemplates: (v) => {
    const t = v as Partial<SimLaunchTemplate>;
    return isRecord(v) && typeof t.id === 'string' && Array.isArray(t.versions) ? t.id : undefined;
  },
  groups: (v) => {
    const g = v as Partial<SimGroup>;
    return isRecord(v) && typeof g.name === 'string' && typeof g.region === 'string' && Array.isArray(g.refreshes) ? regionKey(g.region, g.name) : undefined;
  },
  alarms: (v) => {
    const a = v as Partial<SimAlarm>;
    return isRecord(v) && typeof a.name === 'string' && typeof a.region === 'string' ? regionKey(a.region, a.name) : undefined;
  },
  images: (v) => (isRecord(v) && typeof v.id === 'string' ? v.id : undefined),
  tokens: (v) => (Array.isArray(v) && typeof v[0] === 'string' && isRecord(v[1]) ? v[0] : undefined),
};

/** What a bad record is called in messages. */
export const RECORD_NAMES: Record<SimCollection, string> = {
  instances: 'an instance',
  launchTemplates: 'a launch template',
  groups: 'an Auto Scaling group',
  alarms: 'an alarm',
  images: 'an image',
  tokens: 'a token record',
};

/** Puts a checked record into its map (tokens are [key, record] pairs on file). */
export function putRecord(state: SimState, collection: SimCollection, key: string, v: unknown): void {
  if (collection === 'tokens') state.tokens.set(key, (v as [string, SimTokenRecord])[1]);
  else (state[collection] as Map<string, unknown>).set(key, v);
}

/** A record as written to a file: tokens as [key, record] pairs, the others as they are. */
export function recordOnFile(state: SimState, collection: SimCollection, key: string): unknown {
  return collection === 'tokens' ? [key, state.tokens.get(key)] : state[collection].get(key);
}

function fromFile(file: string, data: unknown): { state: SimState; generation: number; version: number } {
  if (!isRecord(data) || typeof data.version !== 'number') {
    throw invalid(file, 'it is not a Quartermaster sim state file (no "version")');
  }
  if (data.version > SIM_STATE_VERSION) {
    throw new SimStateInvalidError(
      `The sim state file ${file} has format version ${data.version}, newer than the ${SIM_STATE_VERSION} this qm understands`,
      { fix: 'Upgrade Quartermaster, or set QM_SIM_STATE to another file' },
    );
  }
  // Version 1 is version 2 without a generation (and never had a journal).
  if (data.version !== SIM_STATE_VERSION && data.version !== 1) throw invalid(file, `its format version ${data.version} is unknown`);
  for (const key of SIM_COLLECTIONS) {
    if (!Array.isArray(data[key])) throw invalid(file, `"${key}" is not a list`);
  }
  if (typeof data.nextId !== 'number' || !Number.isInteger(data.nextId)) throw invalid(file, '"nextId" is not an integer');
  const generation = data.version === 1 ? 0 : data.generation;
  if (typeof generation !== 'number' || !Number.isInteger(generation) || generation < 0) throw invalid(file, '"generation" is not a whole number');
  const state = createEmptyState();
  state.nextId = data.nextId;
  for (const collection of SIM_COLLECTIONS) {
    (data[collection] as unknown[]).forEach((v, i) => {
      const key = RECORD_KEYS[collection](v);
      if (key === undefined) throw invalid(file, `${collection}[${i}] is not ${RECORD_NAMES[collection]}`);
      putRecord(state, collection, key, v);
    });
  }
  return { state, generation, version: data.version };
}

function invalid(file: string, why: string, cause?: unknown): SimStateInvalidError {
  return new SimStateInvalidError(`The sim state file ${file} is unusable: ${why}`, {
    fix: 'Delete it to start again from an empty sim fleet, or set QM_SIM_STATE to another file',
    ...(cause === undefined ? {} : { cause }),
  });
}

export function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
