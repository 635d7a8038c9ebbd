/**
 * One row of the bad-input corpus (test/corpus/bad-inputs.test.ts): what to break in a scratch
 * copy of examples/fleet (dev already applied on the sim), how to run qm, and what it must answer.
 * Every string may say `{dir}` for the scratch fleet's directory, and `{silent}` for host:port
 * of a server that accepts connections and never answers (a hung database or endpoint).
 *
 * @example
 * { name: 'plan --out into a missing directory', args: ['plan', '--env', 'dev', '--out', '{dir}/nope/p.json'], exit: 1, message: /QM_OUTPUT_UNWRITABLE.*nope\/p\.json: .*does not exist/ }
 */
export interface BadInputCase {
  /** Unique; the test's title. */
  name: string;
  /** The qm command line after `--dir {dir}` (set `noDir` to leave that out). */
  args: string[];
  /** Files to write, relative to the scratch fleet, in order; see FileFault. */
  files?: Record<string, FileFault>;
  /** qm command lines run first (each must exit 0 or 2), e.g. to save a plan the case then tampers with; not timed. */
  before?: string[][];
  /** Added to the scratch fleet's environment (QM_SIM_STATE, QM_STATE_DIR, QM_SIM_SPEED=fast, QM_ACTOR=dave, the canary). */
  env?: Record<string, string>;
  /** Expected exit code. */
  exit: number;
  /** Must match stdout + stderr. */
  message: RegExp;
  /** Run the real CLI in a child process (process-level faults) instead of main() in-process. */
  spawn?: boolean;
  /** Do not pass `--dir {dir}` (the case sets the definitions root itself). */
  noDir?: boolean;
  /** Seconds the case may take; default 20. */
  withinSeconds?: number;
}

/**
 * What to put at a path of the scratch fleet: text or bytes; an edit of the text already there
 * (so a case changes one field of the example and its line stays known); a directory; a
 * symlink (to a path relative to the link, as `ln -s` takes it); a named pipe, which blocks a
 * reader forever; or null to remove the path.
 */
export type FileFault =
  | string
  | Uint8Array
  | ((current: string) => string)
  | { dir: true }
  | { symlink: string }
  | { fifo: true }
  | null;

/** Planted in a user_data of the scratch fleet and in the environment; must never be printed. */
export const CANARY = 'QM_CANARY_SECRET_9f3c';
