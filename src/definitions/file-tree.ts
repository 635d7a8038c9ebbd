import { readdir, readFile, readlink, stat } from 'node:fs/promises';
import type { Dirent } from 'node:fs';
import path from 'node:path';
import { fileKindOf } from '../file-kind.js';
import { DefinitionsInvalidError } from '../errors.js';

/** One entry of a directory listing. */
export interface FileTreeEntry {
  name: string;
  /** True for a directory, and for a symbolic link to one. */
  isDirectory: boolean;
  /**
   * Set when the entry is listed but can be neither read as a file nor listed as a directory:
   * what it is, to follow "is" in a message (`a symbolic link to "shared/policy.yml", which does
   * not exist`; `a FIFO, not a regular file`). Reading it would fail, or block for ever.
   */
  unreadable?: string;
}

/**
 * The files of a definitions repository, behind a small interface so definitions load the
 * same from a checkout, from files fetched at a git ref (the GitHub doors) or from a test's
 * in-memory record. Paths are relative with forward slashes; '' is the root.
 */
export interface FileTree {
  /** The entries of a directory, or undefined when it does not exist. */
  list(dir: string): Promise<FileTreeEntry[] | undefined>;
  read(file: string): Promise<string>;
}

/** A file-system error's code (EACCES, EISDIR...), or undefined for any other error. */
const errnoOf = (e: unknown): string | undefined => {
  const code = (e as NodeJS.ErrnoException | undefined)?.code;
  return typeof code === 'string' && /^E[A-Z]+$/.test(code) ? code : undefined;
};

const PROBLEMS: Record<string, string> = {
  EACCES: 'cannot be read (permission denied)',
  EPERM: 'cannot be read (operation not permitted)',
  EISDIR: 'is a directory, not a file',
  ENOENT: 'no longer exists (it was removed while being read)',
  ENOTDIR: 'no longer exists (a directory on its path is a file)',
  ELOOP: 'is a symbolic link that loops',
  EIO: 'cannot be read (input/output error)',
  ENAMETOOLONG: 'has a path too long to open',
};

/**
 * Why reading a file failed, in words that follow the file's name, when it failed for a reason
 * of the file system (permissions, a directory, a vanished file); undefined for other failures
 * (a network error of a remote tree), which are faults to throw.
 *
 * @example readProblem(Object.assign(new Error(), { code: 'EACCES' })) // 'cannot be read (permission denied)'
 */
export function readProblem(e: unknown): string | undefined {
  const code = errnoOf(e);
  if (!code) return undefined;
  return PROBLEMS[code] ?? `cannot be read (${code})`;
}

/**
 * A FileTree over a directory on disk. A symbolic link is listed as what it points to; a link
 * to nothing and a special file (FIFO, socket, device) are listed with `unreadable`, so callers
 * report them instead of failing on read (or hanging on a FIFO).
 *
 * @example await loadDefinitionsFrom(nodeFileTree('/repo'), '/repo')
 */
export function nodeFileTree(root: string): FileTree {
  const abs = (p: string): string => path.join(root, ...p.split('/').filter(Boolean));
  const entry = async (dir: string, e: Dirent): Promise<FileTreeEntry> => {
    if (e.isDirectory()) return { name: e.name, isDirectory: true };
    if (e.isFile()) return { name: e.name, isDirectory: false };
    if (!e.isSymbolicLink()) return { name: e.name, isDirectory: false, unreadable: `${fileKindOf(e)}, not a regular file` };
    const file = path.join(abs(dir), e.name);
    try {
      const target = await stat(file);
      if (target.isDirectory()) return { name: e.name, isDirectory: true };
      if (target.isFile()) return { name: e.name, isDirectory: false };
      return { name: e.name, isDirectory: false, unreadable: `a symbolic link to ${fileKindOf(target)}, not a regular file` };
    } catch (err) {
      const to = await readlink(file).catch(() => undefined);
      const link = to === undefined ? 'a symbolic link' : `a symbolic link to ${JSON.stringify(to)}`;
      const code = errnoOf(err);
      const why = code === 'ENOENT' || code === 'ENOTDIR' ? 'which does not exist' : code === 'ELOOP' ? 'which loops' : (PROBLEMS[code ?? ''] ?? 'which cannot be followed').replace(/^cannot be read/, 'which cannot be followed');
      return { name: e.name, isDirectory: false, unreadable: `${link}, ${why}` };
    }
  };
  return {
    async list(dir) {
      let entries: Dirent[];
      try {
        entries = await readdir(abs(dir), { withFileTypes: true });
      } catch (e) {
        const code = errnoOf(e);
        if (code === 'ENOENT' || code === 'ENOTDIR') return undefined;
        const problem = readProblem(e);
        if (!problem) throw e;
        const where = dir ? `${dir}/ (under ${root})` : root;
        throw new DefinitionsInvalidError(`the directory ${where} ${problem.replace(/^cannot be read/, 'cannot be listed')}`, {
          fix: 'Let the user running qm read it (chmod a+rx), or point --dir at the definitions repository',
          cause: e,
        });
      }
      return Promise.all(entries.map((e) => entry(dir, e)));
    },
    read: (file) => readFile(abs(file), 'utf8'),
  };
}

/**
 * A FileTree over `{ 'environments/dev/environment.yml': '...' }`.
 *
 * @example memoryFileTree({ 'environments/dev/environment.yml': 'region: us-east-1\naccount_id: "111122223333"\n' })
 */
export function memoryFileTree(files: Record<string, string>): FileTree {
  return {
    async list(dir) {
      const prefix = dir ? `${dir.replace(/\/$/, '')}/` : '';
      const seen = new Map<string, boolean>();
      for (const file of Object.keys(files)) {
        if (!file.startsWith(prefix)) continue;
        const [head, ...rest] = file.slice(prefix.length).split('/');
        if (head) seen.set(head, (seen.get(head) ?? false) || rest.length > 0);
      }
      if (seen.size === 0) return undefined;
      return [...seen].map(([name, isDirectory]) => ({ name, isDirectory }));
    },
    async read(file) {
      const text = files[file];
      if (text === undefined) throw Object.assign(new Error(`no such file: ${file}`), { code: 'ENOENT' });
      return text;
    },
  };
}
