import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';

/**
 * The files of a definitions repository, behind a small interface so definitions load the
 * same from a checkout, from files fetched at a git ref (the GitHub doors) or from a test's
 * in-memory record. Paths are relative with forward slashes; '' is the root.
 */
export interface FileTree {
  /** The entries of a directory, or undefined when it does not exist. */
  list(dir: string): Promise<{ name: string; isDirectory: boolean }[] | undefined>;
  read(file: string): Promise<string>;
}

/**
 * A FileTree over a directory on disk.
 *
 * @example await loadDefinitionsFrom(nodeFileTree('/repo'), '/repo')
 */
export function nodeFileTree(root: string): FileTree {
  const abs = (p: string): string => path.join(root, ...p.split('/').filter(Boolean));
  return {
    async list(dir) {
      try {
        const entries = await readdir(abs(dir), { withFileTypes: true });
        return entries.map((e) => ({ name: e.name, isDirectory: e.isDirectory() }));
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code === 'ENOENT' || (e as NodeJS.ErrnoException).code === 'ENOTDIR') return undefined;
        throw e;
      }
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
