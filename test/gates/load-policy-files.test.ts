import { execFileSync } from 'node:child_process';
import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatDiagnostic } from '../../src/definitions/diagnostic.js';
import { memoryFileTree, nodeFileTree, type FileTree, type FileTreeEntry } from '../../src/definitions/file-tree.js';
import { readRawDefinitions } from '../../src/definitions/read-raw-definitions.js';
import { loadPolicyFrom } from '../../src/gates/load-policy.js';

const POLICY = 'permissions:\n  - commands: [plan]\n    envs: "*"\n    who: [slack:U0ALICE01]\n';
const REFUSAL = 'the gate cannot read it, and qm does not run ungated while a policy file is there';
const errno = (code: string): Error => Object.assign(new Error(`${code}: simulated`), { code });

/**
 * A FileTree whose root lists `entries` and whose reads answer from `files` or throw `fails[file]`:
 * how an unreadable file (chmod 000) is simulated when the tests run as root.
 */
function faultyTree(entries: FileTreeEntry[], files: Record<string, string>, fails: Record<string, Error> = {}): FileTree {
  return {
    list: async (dir) => (dir === '' ? entries : undefined),
    read: async (file) => {
      const fail = fails[file];
      if (fail) throw fail;
      const text = files[file];
      if (text === undefined) throw errno('ENOENT');
      return text;
    },
  };
}

const file = (name: string, unreadable?: string): FileTreeEntry => ({ name, isDirectory: false, ...(unreadable ? { unreadable } : {}) });

describe('loadPolicyFrom: a policy file that is there is read, or is an error; never "no policy" (table)', () => {
  const cases: { name: string; tree: FileTree; found?: boolean; file?: string; error?: string }[] = [
    { name: 'no policy file', tree: memoryFileTree({ 'environments/dev/environment.yml': 'x' }), found: false },
    { name: 'policy.yml', tree: memoryFileTree({ 'policy.yml': POLICY }), found: true, file: 'policy.yml' },
    { name: 'policy.yaml', tree: memoryFileTree({ 'policy.yaml': POLICY }), found: true, file: 'policy.yaml' },
    {
      name: 'both spellings',
      tree: memoryFileTree({ 'policy.yaml': POLICY, 'policy.yml': POLICY }),
      error: 'policy.yaml:1:1 both policy.yml and policy.yaml exist, and the gate reads one policy; merge them into policy.yml and remove policy.yaml',
    },
    {
      name: 'a directory named policy.yml',
      tree: memoryFileTree({ 'policy.yml/README': 'x' }),
      error: `policy.yml:1:1 is a directory, not a file: ${REFUSAL}; move the directory away and write the policy in policy.yml (docs/policy.md)`,
    },
    {
      name: 'unreadable (permission denied)',
      tree: faultyTree([file('policy.yml')], {}, { 'policy.yml': errno('EACCES') }),
      error: `policy.yml:1:1 cannot be read (permission denied): ${REFUSAL}; let the user running qm read it (chmod a+r policy.yml)`,
    },
    {
      name: 'removed between listing and reading',
      tree: faultyTree([file('policy.yaml')], {}),
      error: `policy.yaml:1:1 no longer exists (it was removed while being read): ${REFUSAL}; let the user running qm read it (chmod a+r policy.yaml)`,
    },
    {
      name: 'listed as a dangling link',
      tree: faultyTree([file('policy.yml', 'a symbolic link to "x.yml", which does not exist')], {}),
      error: `policy.yml:1:1 is a symbolic link to "x.yml", which does not exist: ${REFUSAL}; point the link at the policy file, or replace it with the file`,
    },
  ];

  it.each(cases)('$name', async ({ tree, found, file: policyFile, error }) => {
    const r = await loadPolicyFrom(tree);
    if (error) {
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.diagnostics.map(formatDiagnostic)).toEqual([error]);
      return;
    }
    expect(r).toMatchObject({ ok: true, found });
    if (r.ok && policyFile) expect(r.policy.file).toBe(policyFile);
  });

  it('throws a read failure that is not the file system’s (a remote tree’s outage): a fault, not a policy error', async () => {
    const outage = new Error('GitHub API: 502');
    await expect(loadPolicyFrom(faultyTree([file('policy.yml')], {}, { 'policy.yml': outage }))).rejects.toBe(outage);
  });
});

describe('nodeFileTree lists what cannot be read as such', () => {
  it('follows links to files and directories; marks links to nothing, loops and FIFOs', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'qm-tree-'));
    try {
      await writeFile(path.join(dir, 'real.yml'), 'a: 1\n');
      await mkdir(path.join(dir, 'sub'));
      await symlink('real.yml', path.join(dir, 'to-file.yml'));
      await symlink('sub', path.join(dir, 'to-dir'));
      await symlink('nowhere.yml', path.join(dir, 'dangling.yml'));
      await symlink('loop.yml', path.join(dir, 'loop.yml'));
      execFileSync('mkfifo', [path.join(dir, 'pipe.yml')]);
      const entries = ((await nodeFileTree(dir).list('')) ?? []).sort((a, b) => a.name.localeCompare(b.name));
      expect(entries).toEqual([
        { name: 'dangling.yml', isDirectory: false, unreadable: 'a symbolic link to "nowhere.yml", which does not exist' },
        { name: 'loop.yml', isDirectory: false, unreadable: 'a symbolic link to "loop.yml", which loops' },
        { name: 'pipe.yml', isDirectory: false, unreadable: 'a FIFO, not a regular file' },
        { name: 'real.yml', isDirectory: false },
        { name: 'sub', isDirectory: true },
        { name: 'to-dir', isDirectory: true },
        { name: 'to-file.yml', isDirectory: false },
      ]);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('readRawDefinitions: files the file system will not give are located errors', () => {
  it('reports an unreadable resource file and environment file, and reads the rest', async () => {
    const envFile = 'environments/dev/environment.yml';
    const tree: FileTree = {
      list: async (dir) =>
        dir === '' ? [{ name: 'environments', isDirectory: true }] : dir === 'environments' ? [{ name: 'dev', isDirectory: true }] : dir === 'environments/dev' ? [file('environment.yml'), file('web.yml'), file('db.yml')] : undefined,
      read: async (f) => {
        if (f === 'environments/dev/web.yml') throw errno('EACCES');
        if (f === envFile) throw errno('EISDIR');
        return 'instances: []\n';
      },
    };
    const raw = await readRawDefinitions(tree, 'memory');
    expect(raw.bag.sortedErrors().map(formatDiagnostic)).toEqual([
      'environments/dev/environment.yml:1:1 is a directory, not a file, so the environment file cannot be read; replace it with a regular file, or remove it',
      'environments/dev/web.yml:1:1 cannot be read (permission denied), so a resource file cannot be read; let the user running qm read it (chmod a+r), or remove it',
    ]);
    expect(raw.environments[0]?.resourceFiles.map((s) => s.file)).toEqual(['environments/dev/db.yml']);
  });
});
