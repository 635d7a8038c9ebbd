import { createSimChanges, type SimChanges } from './sim-changes.js';
import { withFileLock } from './sim-file-lock.js';
import { appendJournal, applyEntry, entryOf, journalPath, readJournal, removeJournal, type JournalRead } from './sim-journal.js';
import { currentStamp, loadSnapshot, sameStamp, SIM_STATE_VERSION, writeSnapshot, type FileStamp } from './sim-state-file.js';
import { createEmptyState, type SimState } from './sim-state.js';

/**
 * Where the sim keeps its fleet between calls. The fleet lives in memory for the life of the
 * process; with a file, every call runs under the file's lock (sim-file-lock.ts), first
 * catching up with what other processes wrote, then writing what it changed.
 *
 * Why a snapshot plus a journal: rewriting the whole file per call made an apply quadratic
 * (65 ms a call at 10,000 instances). A call now appends one line holding the records it
 * changed (sim-journal.ts), and other processes read only the lines they have not seen
 * (noticed by the journal's size; a new snapshot by its stamp). When the journal grows past
 * the snapshot, the next write folds it into a new snapshot (compaction): the work of
 * rewriting is paid at most once per doubling of what was written, so linear overall.
 * A tiny fleet (snapshot under SMALL_SNAPSHOT_BYTES) is rewritten at every change, as before:
 * one readable file.
 *
 * What the lock still guarantees, as before: no lost update (read-change-write is one critical
 * section across processes), no torn read (snapshots are renamed into place; readers hold the
 * lock and ignore a line without its newline), and a kill -9 at any point leaves a readable
 * fleet: mid-append, a torn last line (ignored with a notice, cut off by the next writer);
 * between the snapshot's rename and the journal's removal, a journal naming an older
 * generation (ignored, replaced by the next writer).
 */
export interface SimFleetStore {
  readonly state: SimState;
  /** Runs `fn` holding the fleet's lock (across processes when there is a file). */
  locked<T>(fn: () => T): T;
  /**
   * Under the lock: takes in other processes' writes. `same`: nothing new; `reloaded`: the
   * state was read afresh (re-index it all); otherwise the records the replayed lines touched.
   */
  sync(): 'same' | 'reloaded' | SimChanges;
  /**
   * Without the lock: takes in other processes' new journal lines when that is all that
   * changed. `unsure` when anything else did (a new snapshot, a new journal): take the lock
   * and sync() instead. For reads only, see createFileStore.
   */
  peek(): 'same' | 'unsure' | SimChanges;
  /** Under the lock: makes `changes` durable for other processes (a journal line, or a new snapshot). */
  persist(changes: SimChanges): void;
}

/**
 * Below this size a snapshot is rewritten at each change instead of journalled (about 25
 * instances): a handful of resources stay in one file. Larger, the fsync of each rewrite
 * (6-15 ms here) would dominate.
 */
const SMALL_SNAPSHOT_BYTES = 16 * 1024;

export interface SimFleetStoreOptions {
  /** Called on every state read from the file (adds the images the provider knows). */
  prepare: (state: SimState) => SimState;
  /** Where notices go (a torn journal line ignored). */
  onNotice: (message: string) => void;
}

/** A fleet kept in memory only: nothing to catch up with or write. */
export function createMemoryStore(state: SimState): SimFleetStore {
  return { state, locked: (fn) => fn(), sync: () => 'same', peek: () => 'same', persist: () => undefined };
}

/** What this process has read of the journal. */
interface JournalSeen {
  ino: number;
  /** End of the last complete line read. */
  end: number;
  /** Size of the file when last read: an unchanged size means nothing new. */
  seen: number;
  lines: number;
}

/**
 * @example
 * const store = createFileStore('.qm/sim-fleet.json', { prepare: (s) => s, onNotice: console.warn });
 * store.locked(() => { store.sync(); change(store.state); store.persist(changes); });
 */
export function createFileStore(file: string, opts: SimFleetStoreOptions): SimFleetStore {
  const jpath = journalPath(file);
  let state: SimState = createEmptyState();
  let generation = 0;
  let versionOnDisk = 0;
  let snapshot: FileStamp | undefined;
  let journal: JournalSeen | undefined;
  /** Where the next append first cuts the journal: a torn tail, or 0 for a stale journal. */
  let cutAt: number | undefined;
  /** A write failed half-way: the journal may lack changes, so the next write is a whole snapshot. */
  let mustCompact = false;

  const noticeTorn = (read: JournalRead) => {
    if (read.tornBytes === 0) return;
    cutAt = read.end;
    opts.onNotice(tornNotice(jpath, read));
  };

  const load = () => {
    const snap = loadSnapshot(file);
    state = opts.prepare(snap.state);
    generation = snap.generation;
    versionOnDisk = snap.version;
    snapshot = snap.stamp;
    journal = undefined;
    cutAt = undefined;
    const read = readJournal(jpath, 0, 0);
    if (read.ino === undefined) return;
    if (read.lines === 0 || read.generation !== generation) {
      // Already folded into the snapshot (a crash right after a compaction), or a header torn
      // before any entry: nothing to replay, and the next append starts the journal over.
      cutAt = 0;
      if (read.lines === 0 && read.tornBytes > 0) opts.onNotice(tornNotice(jpath, read));
      journal = { ino: read.ino, end: 0, seen: read.end + read.tornBytes, lines: 0 };
      return;
    }
    const touched = createSimChanges();
    for (const entry of read.entries) applyEntry(state, entry, touched);
    journal = { ino: read.ino, end: read.end, seen: read.end + read.tornBytes, lines: read.lines };
    noticeTorn(read);
  };
  load();

  const compact = () => {
    try {
      snapshot = writeSnapshot(file, state, generation + 1, journal !== undefined);
      generation++;
      versionOnDisk = SIM_STATE_VERSION;
      removeJournal(jpath);
      journal = undefined;
      cutAt = undefined;
      mustCompact = false;
    } catch (e) {
      mustCompact = true;
      throw e;
    }
  };

  return {
    get state() {
      return state;
    },
    locked: (fn) => withFileLock(file, fn),
    sync() {
      if (!sameStamp(currentStamp(file), snapshot)) {
        load();
        return 'reloaded';
      }
      const now = currentStamp(jpath);
      if (!now && !journal) return 'same';
      if (now && journal && now.ino === journal.ino && now.size === journal.seen) return 'same';
      if (!now || (journal && (now.ino !== journal.ino || now.size < journal.end)) || cutAt === 0) {
        // Removed or replaced behind the snapshot's back (by hand): read everything again.
        load();
        return 'reloaded';
      }
      // Lines another process appended since we last looked (or a journal it started).
      const from = journal?.end ?? 0;
      const read = readJournal(jpath, from, journal?.lines ?? 0);
      if (from === 0 && read.lines > 0 && read.generation !== generation) {
        load();
        return 'reloaded';
      }
      const touched = createSimChanges();
      for (const entry of read.entries) applyEntry(state, entry, touched);
      journal = { ino: read.ino ?? now.ino, end: read.end, seen: read.end + read.tornBytes, lines: read.lines };
      noticeTorn(read);
      return touched;
    },
    // Why a read may skip the lock: lines are appended whole-or-torn and never rewritten, a
    // snapshot is renamed into place, and a journal is only ever removed or replaced after a
    // new snapshot. So a reader that finds the same snapshot and the same journal file sees, in
    // its complete lines, exactly what was written before it looked; a line still being written
    // has no newline yet and is left for later (not taken for torn: only the lock says that).
    // Anything else is 'unsure'. It saves a lock (three metadata writes) per waiter poll.
    peek() {
      if (!sameStamp(currentStamp(file), snapshot)) return 'unsure';
      const now = currentStamp(jpath);
      if (!now) return journal || cutAt !== undefined ? 'unsure' : 'same';
      if (cutAt !== undefined || (journal && (now.ino !== journal.ino || now.size < journal.end))) return 'unsure';
      if (journal && (now.size === journal.seen || now.size === journal.end)) return 'same';
      // New lines, or a journal started since we looked (it must extend our snapshot).
      const read = readJournal(jpath, journal?.end ?? 0, journal?.lines ?? 0);
      if (read.ino === undefined || (journal && read.ino !== journal.ino)) return 'unsure';
      if (!journal && read.lines === 0) return 'same';
      if (!journal && read.generation !== generation) return 'unsure';
      const touched = createSimChanges();
      for (const entry of read.entries) applyEntry(state, entry, touched);
      // `seen` stops at the last complete line, so the locked sync looks at the rest again.
      journal = { ino: read.ino, end: read.end, seen: read.end, lines: read.lines };
      return touched;
    },
    persist(changes) {
      if (changes.empty) return;
      const small = !snapshot || snapshot.size < SMALL_SNAPSHOT_BYTES;
      if (changes.all || mustCompact || small || versionOnDisk < SIM_STATE_VERSION) {
        compact();
        return;
      }
      const line = `${JSON.stringify(entryOf(state, changes))}\n`;
      // Compact once the journal outgrows the snapshot: replaying it would cost more than reading a fresh one.
      if ((journal?.seen ?? 0) + line.length > snapshot!.size) {
        compact();
        return;
      }
      try {
        const r = appendJournal(jpath, line, generation, cutAt);
        const lines = r.fresh ? 2 : (journal?.lines ?? 0) + 1;
        journal = { ino: r.ino, end: r.size, seen: r.size, lines };
        cutAt = undefined;
      } catch (e) {
        mustCompact = true;
        throw e;
      }
    },
  };
}

function tornNotice(path: string, read: JournalRead): string {
  return (
    `The sim journal ${path} ends in a line torn by a writer that stopped mid-write (${read.tornBytes} bytes after byte ${read.end}); ` +
    'it is ignored, and the fleet is as it was before that write'
  );
}

/**
 * The fleet kept in a state file, journal included, without taking its lock or changing
 * anything (a torn last line or a stale journal is ignored, as a provider would).
 *
 * @example
 * const { state } = loadSimState('.qm/sim-fleet.json');
 */
export function loadSimState(file: string, onNotice: (message: string) => void = () => undefined): { state: SimState; generation: number } {
  const snap = loadSnapshot(file);
  const read = readJournal(journalPath(file), 0, 0);
  if (read.lines > 0 && read.generation === snap.generation) {
    const touched = createSimChanges();
    for (const entry of read.entries) applyEntry(snap.state, entry, touched);
  }
  if (read.tornBytes > 0) onNotice(tornNotice(journalPath(file), read));
  return { state: snap.state, generation: snap.generation };
}
