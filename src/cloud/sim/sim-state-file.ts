import fs from 'node:fs';
import path from 'node:path';
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

/** The format version this code writes and reads. */
export const SIM_STATE_VERSION = 1;

/** The state file as written: plain arrays, so the JSON stays readable and diffable. */
export interface SimStateFile {
  version: typeof SIM_STATE_VERSION;
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

/**
 * Reads a state file; a missing file is an empty fleet. A file that is not JSON, not a state
 * file, or written by a newer version throws SimStateInvalidError saying what to do.
 *
 * @example
 * const { state, stamp } = loadSimState('.qm/sim-state.json');
 */
export function loadSimState(file: string): { state: SimState; stamp?: FileStamp } {
  let text: string;
  let stamp: FileStamp;
  try {
    const fd = fs.openSync(file, 'r');
    try {
      stamp = stampOf(fs.fstatSync(fd));
      text = fs.readFileSync(fd, 'utf8');
    } finally {
      fs.closeSync(fd);
    }
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return { state: createEmptyState() };
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
  return { state: fromFile(file, data), stamp };
}

/**
 * Writes the state atomically: a temporary file in the same directory, flushed, then renamed
 * over the old one, so a reader (or a kill -9) never sees a torn file.
 */
export function saveSimState(file: string, state: SimState): FileStamp {
  const dir = path.dirname(file);
  const tmp = path.join(dir, `.${path.basename(file)}.${process.pid}.${Date.now().toString(36)}${Math.random().toString(36).slice(2, 8)}.tmp`);
  try {
    fs.mkdirSync(dir, { recursive: true });
    const fd = fs.openSync(tmp, 'w', 0o600);
    try {
      fs.writeSync(fd, JSON.stringify(toFile(state)));
      fs.fsyncSync(fd);
    } catch (e) {
      fs.closeSync(fd);
      throw e;
    }
    fs.closeSync(fd);
    fs.renameSync(tmp, file);
    return stampOf(fs.statSync(file));
  } catch (e) {
    removeQuietly(tmp);
    throw fsFault(file, 'write', e);
  }
}

/** The stamp of the file now, or undefined when it does not exist. */
export function currentStamp(file: string): FileStamp | undefined {
  try {
    return stampOf(fs.statSync(file));
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
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
function fsFault(file: string, doing: 'read' | 'write', e: unknown): SimStateInvalidError {
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
export function toFile(state: SimState): SimStateFile {
  return {
    version: SIM_STATE_VERSION,
    nextId: state.nextId,
    instances: [...state.instances.values()],
    launchTemplates: [...state.launchTemplates.values()],
    groups: [...state.groups.values()],
    alarms: [...state.alarms.values()],
    images: [...state.images.values()],
    tokens: [...state.tokens.entries()],
  };
}

function fromFile(file: string, data: unknown): SimState {
  if (!isRecord(data) || typeof data.version !== 'number') {
    throw invalid(file, 'it is not a Quartermaster sim state file (no "version")');
  }
  if (data.version > SIM_STATE_VERSION) {
    throw new SimStateInvalidError(
      `The sim state file ${file} has format version ${data.version}, newer than the ${SIM_STATE_VERSION} this qm understands`,
      { fix: 'Upgrade Quartermaster, or set QM_SIM_STATE to another file' },
    );
  }
  if (data.version !== SIM_STATE_VERSION) throw invalid(file, `its format version ${data.version} is unknown`);
  const lists = ['instances', 'launchTemplates', 'groups', 'alarms', 'images', 'tokens'] as const;
  for (const key of lists) {
    if (!Array.isArray(data[key])) throw invalid(file, `"${key}" is not a list`);
  }
  if (typeof data.nextId !== 'number' || !Number.isInteger(data.nextId)) throw invalid(file, '"nextId" is not an integer');
  // Shallow checks only: enough to refuse a file that is not ours, cheap on 10,000 instances.
  const f = data as unknown as Record<(typeof lists)[number], unknown[]> & { nextId: number };
  const state = createEmptyState();
  state.nextId = f.nextId;
  f.instances.forEach((v, i) => {
    const inst = v as Partial<SimInstance>;
    if (!isRecord(v) || typeof inst.id !== 'string' || !STATES.has(inst.state as InstanceState) || typeof inst.since !== 'number' || !isRecord(inst.tags)) {
      throw invalid(file, `instances[${i}] is not an instance`);
    }
    state.instances.set(inst.id, v as unknown as SimInstance);
  });
  f.launchTemplates.forEach((v, i) => {
    const t = v as Partial<SimLaunchTemplate>;
    if (!isRecord(v) || typeof t.id !== 'string' || !Array.isArray(t.versions)) throw invalid(file, `launchTemplates[${i}] is not a launch template`);
    state.launchTemplates.set(t.id, v as unknown as SimLaunchTemplate);
  });
  f.groups.forEach((v, i) => {
    const g = v as Partial<SimGroup>;
    if (!isRecord(v) || typeof g.name !== 'string' || typeof g.region !== 'string' || !Array.isArray(g.refreshes)) {
      throw invalid(file, `groups[${i}] is not an Auto Scaling group`);
    }
    state.groups.set(regionKey(g.region, g.name), v as unknown as SimGroup);
  });
  f.alarms.forEach((v, i) => {
    const a = v as Partial<SimAlarm>;
    if (!isRecord(v) || typeof a.name !== 'string' || typeof a.region !== 'string') throw invalid(file, `alarms[${i}] is not an alarm`);
    state.alarms.set(regionKey(a.region, a.name), v as unknown as SimAlarm);
  });
  f.images.forEach((v, i) => {
    const img = v as Partial<SimImage>;
    if (!isRecord(v) || typeof img.id !== 'string') throw invalid(file, `images[${i}] is not an image`);
    state.images.set(img.id, v as unknown as SimImage);
  });
  f.tokens.forEach((v, i) => {
    if (!Array.isArray(v) || typeof v[0] !== 'string' || !isRecord(v[1])) throw invalid(file, `tokens[${i}] is not a token record`);
    state.tokens.set(v[0], v[1] as unknown as SimTokenRecord);
  });
  return state;
}

function invalid(file: string, why: string, cause?: unknown): SimStateInvalidError {
  return new SimStateInvalidError(`The sim state file ${file} is unusable: ${why}`, {
    fix: 'Delete it to start again from an empty sim fleet, or set QM_SIM_STATE to another file',
    ...(cause === undefined ? {} : { cause }),
  });
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
