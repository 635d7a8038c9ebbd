import fs from 'node:fs';
import { SimStateInvalidError } from '../../errors.js';
import { SIM_COLLECTIONS, type SimChanges, type SimCollection } from './sim-changes.js';
import { fsFault, isRecord, openRegularFile, putRecord, RECORD_KEYS, RECORD_NAMES, recordOnFile, SIM_STATE_VERSION } from './sim-state-file.js';
import type { SimState } from './sim-state.js';

/**
 * The journal beside a sim state file (`<file>.journal`): one JSON line per sim call that
 * changed something, holding the changed records whole (and the keys of the deleted ones), so
 * replaying a line twice is harmless. The first line names the snapshot generation it extends:
 *
 *   {"journal":"quartermaster sim","version":2,"generation":7}
 *   {"nextId":12,"put":{"instances":[{"id":"i-0000000000000000b",...}],"tokens":[["us-east-1/run:...",{...}]]}}
 *   {"nextId":12,"put":{"instances":[{"id":"i-0000000000000000b","state":"running",...}]}}
 *   {"nextId":12,"del":{"instances":["i-00000000000000003"]}}
 *
 * Lines are appended under the fleet's lock with one write() each. A writer killed mid-line
 * leaves a last line without its newline: readers ignore it, the next writer cuts it off.
 */
export interface JournalEntry {
  nextId: number;
  put?: Partial<Record<SimCollection, unknown[]>>;
  del?: Partial<Record<SimCollection, string[]>>;
}

const JOURNAL_MARK = 'quartermaster sim';

/** `<file>.journal`. */
export function journalPath(file: string): string {
  return `${file}.journal`;
}

/** The journal line for the records `changes` names, as they are in `state` now (absent: deleted). */
export function entryOf(state: SimState, changes: SimChanges): JournalEntry {
  const entry: JournalEntry = { nextId: state.nextId };
  for (const collection of SIM_COLLECTIONS) {
    const put: unknown[] = [];
    const del: string[] = [];
    for (const key of changes.keys(collection)) {
      if (state[collection].has(key)) put.push(recordOnFile(state, collection, key));
      else del.push(key);
    }
    if (put.length > 0) (entry.put ??= {})[collection] = put;
    if (del.length > 0) (entry.del ??= {})[collection] = del;
  }
  return entry;
}

/** The first line of a journal extending snapshot `generation`. */
function headerLine(generation: number): string {
  return `${JSON.stringify({ journal: JOURNAL_MARK, version: SIM_STATE_VERSION, generation })}\n`;
}

/** What reading a journal from some offset found. */
export interface JournalRead {
  /** Complete entries after `from`, in order (the header is checked, not returned). */
  entries: JournalEntry[];
  /** Generation named by the header, when the read started at 0 and found one. */
  generation?: number;
  /** Where the complete lines end: the next read starts here, a writer cuts the file here. */
  end: number;
  /** Lines read so far (for messages), the header included. */
  lines: number;
  /** Bytes after `end` with no newline: a line torn by a writer that died. */
  tornBytes: number;
  /** The journal file read (undefined when there is none), to tell a new journal from this one. */
  ino?: number;
}

/**
 * Reads the journal from byte `from` (0, or where the last read ended) to its end. A missing
 * journal reads as empty. A complete line that is not an entry is corruption, not a torn
 * write: SimStateInvalidError naming the line and how to recover.
 *
 * @example
 * const read = readJournal('.qm/sim-fleet.json.journal', 0, 0);
 */
export function readJournal(path: string, from: number, linesBefore: number): JournalRead {
  let buf: Buffer;
  let ino: number;
  try {
    const fd = openRegularFile(path);
    try {
      const stat = fs.fstatSync(fd);
      const size = stat.size;
      ino = stat.ino;
      buf = Buffer.alloc(Math.max(0, size - from));
      let read = 0;
      while (read < buf.length) {
        const n = fs.readSync(fd, buf, read, buf.length - read, from + read);
        if (n === 0) break;
        read += n;
      }
      buf = buf.subarray(0, read);
    } finally {
      fs.closeSync(fd);
    }
  } catch (e) {
    if (e instanceof SimStateInvalidError) throw e;
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return { entries: [], end: 0, lines: 0, tornBytes: 0 };
    throw fsFault(path, 'read', e);
  }
  const entries: JournalEntry[] = [];
  let generation: number | undefined;
  let lines = linesBefore;
  let start = 0;
  // '\n' never occurs inside a JSON line nor inside a multi-byte UTF-8 character: splitting bytes is safe.
  for (let nl = buf.indexOf(10, start); nl >= 0; nl = buf.indexOf(10, start)) {
    const line = buf.toString('utf8', start, nl);
    lines++;
    start = nl + 1;
    if (lines === 1) {
      generation = parseHeader(path, line);
      continue;
    }
    entries.push(parseEntry(path, lines, line));
  }
  return { entries, ...(generation === undefined ? {} : { generation }), end: from + start, lines, tornBytes: buf.length - start, ino };
}

function parseHeader(path: string, line: string): number {
  const h = parseJson(path, 1, line);
  if (!isRecord(h) || h.journal !== JOURNAL_MARK || typeof h.version !== 'number' || typeof h.generation !== 'number') {
    throw corrupt(path, 1, 'is not a Quartermaster sim journal header');
  }
  if (h.version > SIM_STATE_VERSION) {
    throw new SimStateInvalidError(`The sim journal ${path} has format version ${h.version}, newer than the ${SIM_STATE_VERSION} this qm understands`, {
      fix: 'Upgrade Quartermaster, or set QM_SIM_STATE to another file',
    });
  }
  return h.generation;
}

function parseEntry(path: string, line: number, text: string): JournalEntry {
  const e = parseJson(path, line, text);
  if (!isRecord(e) || typeof e.nextId !== 'number' || !Number.isInteger(e.nextId)) throw corrupt(path, line, 'is not a journal entry (no "nextId")');
  for (const part of ['put', 'del'] as const) {
    const lists = e[part];
    if (lists === undefined) continue;
    if (!isRecord(lists)) throw corrupt(path, line, `"${part}" is not an object`);
    for (const [collection, list] of Object.entries(lists)) {
      if (!(SIM_COLLECTIONS as readonly string[]).includes(collection) || !Array.isArray(list)) {
        throw corrupt(path, line, `"${part}.${collection}" is not a list of a known kind`);
      }
      const c = collection as SimCollection;
      list.forEach((v: unknown, i) => {
        const ok = part === 'put' ? RECORD_KEYS[c](v) !== undefined : typeof v === 'string';
        if (!ok) throw corrupt(path, line, `${part}.${c}[${i}] is not ${part === 'put' ? RECORD_NAMES[c] : 'a key'}`);
      });
    }
  }
  return e as unknown as JournalEntry;
}

function parseJson(path: string, line: number, text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    // The line holds user data (tags): say where, never what.
    throw corrupt(path, line, 'is not valid JSON');
  }
}

function corrupt(path: string, line: number, why: string): SimStateInvalidError {
  return new SimStateInvalidError(`The sim journal ${path} is unusable: line ${line} ${why}`, {
    fix: `Delete ${path} to go back to the last snapshot (the changes since are lost), or delete it and the state file beside it to start again from an empty sim fleet`,
  });
}

/**
 * Applies one entry to the state and marks what it touched in `touched` (for the index).
 *
 * @example for (const e of read.entries) applyEntry(state, e, touched);
 */
export function applyEntry(state: SimState, entry: JournalEntry, touched: SimChanges): void {
  state.nextId = entry.nextId;
  for (const collection of SIM_COLLECTIONS) {
    for (const v of entry.put?.[collection] ?? []) {
      const key = RECORD_KEYS[collection](v)!;
      putRecord(state, collection, key, v);
      touched.mark(collection, key);
    }
    for (const key of entry.del?.[collection] ?? []) {
      state[collection].delete(key);
      touched.mark(collection, key);
    }
  }
}

/**
 * Appends one line (with the header first when the journal is new or cut to nothing) in a
 * single write, after cutting off a torn tail at `cutAt`. Returns the journal's size and
 * inode after it, and whether the header was written. No fsync: a kill -9 loses nothing the
 * kernel has, and a power cut loses at most the last calls of a simulated cloud (the
 * snapshot is fsynced, and the torn-line rule keeps what is left readable); an fdatasync per
 * call costs 3-4 ms here, 30-40 s of a 10,000-instance apply.
 */
export function appendJournal(path: string, line: string, generation: number, cutAt: number | undefined): { size: number; ino: number; fresh: boolean } {
  try {
    if (cutAt !== undefined) truncateIfPresent(path, cutAt);
    const fd = fs.openSync(path, 'a', 0o600);
    try {
      const fresh = fs.fstatSync(fd).size === 0;
      writeAll(fd, Buffer.from(fresh ? headerLine(generation) + line : line));
      const s = fs.fstatSync(fd);
      return { size: s.size, ino: s.ino, fresh };
    } finally {
      fs.closeSync(fd);
    }
  } catch (e) {
    throw fsFault(path, 'write', e);
  }
}

function truncateIfPresent(path: string, size: number): void {
  try {
    fs.truncateSync(path, size);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
  }
}

function writeAll(fd: number, buf: Buffer): void {
  for (let done = 0; done < buf.length; ) done += fs.writeSync(fd, buf, done, buf.length - done);
}

/** Removes the journal once a snapshot holds everything in it. */
export function removeJournal(path: string): void {
  try {
    fs.unlinkSync(path);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw fsFault(path, 'write', e);
  }
}
