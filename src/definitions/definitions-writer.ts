import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { FileEdit } from './edit-resource-fields.js';
import { writeAtomically } from './write-atomically.js';

/** A change to write back to the definitions: the file edits and, for a repository, its pull request. */
export interface DefinitionsChange {
  edits: FileEdit[];
  /** Pull request (and commit) title: `qm: scale prod/web t3.large`. */
  title: string;
  /** Pull request body: who asked, who approved, that it is already applied. */
  body: string;
  labels: string[];
  /** The branch to open the pull request from: `qm/req-1234`. */
  branch: string;
  /** Ask the host to merge the pull request once its checks pass (policy.yml `write_back.auto_merge`). */
  autoMerge: boolean;
}

/** Where the change went, or why it was not written. */
export type DefinitionsWriteResult =
  /** The files, edited in place. */
  | { kind: 'local'; files: string[] }
  | {
      kind: 'pull-request';
      url: string;
      number: number;
      branch: string;
      /** Absent when not asked; `failed` (with why) leaves an open pull request to merge by hand. */
      autoMerge?: 'enabled' | 'failed';
      autoMergeError?: string;
    }
  /** The definitions already hold every edit (nothing to write, no pull request). */
  | { kind: 'unchanged' }
  /** A file is no longer the text the edit was made from: someone changed it meanwhile. Nothing was written. */
  | { kind: 'refused'; reason: string; files: string[] };

/**
 * Writes edits back to where the definitions live; the door supplies it (a local directory,
 * a pull request through the GitHub API). Every writer refuses a file whose text is no longer
 * the edit's `before`, and skips one that already reads `after` (a retried write).
 */
export interface DefinitionsWriter {
  write(change: DefinitionsChange): Promise<DefinitionsWriteResult>;
}

/**
 * A writer for definitions in a local directory (no repository configured): files are edited
 * in place, each atomically; branch, labels and auto-merge do not apply.
 *
 * @example
 * const out = await localDefinitionsWriter('/srv/fleet').write({ edits, title, body, labels: [], branch: 'qm/req-1', autoMerge: false });
 * // { kind: 'local', files: ['environments/prod/web.yml'] }
 */
export function localDefinitionsWriter(root: string): DefinitionsWriter {
  return { write: (change) => writeEditsInPlace(root, change.edits) };
}

/**
 * Writes edits into the files under `root`, each atomically, once every file is checked: one
 * edited meanwhile refuses them all.
 *
 * @example await writeEditsInPlace('/srv/fleet', [{ file: 'environments/prod/web.yml', before, after }])
 */
export async function writeEditsInPlace(root: string, edits: readonly FileEdit[]): Promise<Extract<DefinitionsWriteResult, { kind: 'local' | 'unchanged' | 'refused' }>> {
  const abs = path.resolve(root);
  const target = (file: string): string => path.join(abs, ...file.split('/'));
  const pending: FileEdit[] = [];
  const changed: string[] = [];
  for (const edit of edits) {
    const current = await readFile(target(edit.file), 'utf8').catch((e: NodeJS.ErrnoException) => {
      if (e.code === 'ENOENT') return undefined;
      throw e;
    });
    if (current === edit.after) continue;
    if (current !== edit.before) changed.push(edit.file);
    else pending.push(edit);
  }
  if (changed.length > 0) return { kind: 'refused', reason: editedMeanwhile(changed, abs), files: changed };
  if (pending.length === 0) return { kind: 'unchanged' };
  for (const edit of pending) await writeAtomically(target(edit.file), edit.after);
  return { kind: 'local', files: pending.map((e) => e.file) };
}

/**
 * The refusal for files that changed between reading and writing.
 *
 * @example editedMeanwhile(['environments/prod/web.yml'], 'acme/fleet@main')
 */
export function editedMeanwhile(files: readonly string[], where: string): string {
  const list = files.join(', ');
  return `${list} changed in ${where} since the edit was made (someone edited ${files.length === 1 ? 'it' : 'them'} meanwhile); nothing was written: make the edit again from the current definitions`;
}
