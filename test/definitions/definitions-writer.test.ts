import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { editResourceFields, localDefinitionsWriter, nodeFileTree, type DefinitionsChange, type FileEdit } from '../../src/definitions/index.js';
import { EXAMPLE_FLEET, copyToTemp } from './fixture-tree.js';

const WEB = { env: 'prod', kind: 'autoscaling-group', name: 'web' } as const;
const BASTION = { env: 'prod', kind: 'instance', name: 'bastion' } as const;
const read = (root: string, file: string): string => readFileSync(path.join(root, file), 'utf8');
const change = (edits: FileEdit[]): DefinitionsChange => ({ edits, title: 'qm: scale prod/web 4', body: '', labels: ['qm-applied'], branch: 'qm/req-1', autoMerge: true });

async function twoEdits(root: string): Promise<FileEdit[]> {
  const tree = nodeFileTree(root);
  return [...(await editResourceFields(tree, WEB, [{ path: ['desired_capacity'], value: 4 }])), ...(await editResourceFields(tree, BASTION, [{ path: ['instance_type'], value: 't3.small' }]))];
}

describe('localDefinitionsWriter', () => {
  it('writes the edits in place and names the files', async () => {
    const root = copyToTemp(EXAMPLE_FLEET);
    const edits = await twoEdits(root);
    expect(await localDefinitionsWriter(root).write(change(edits))).toEqual({ kind: 'local', files: ['environments/prod/web.yml', 'environments/prod/bastion.yml'] });
    for (const e of edits) expect(read(root, e.file)).toBe(e.after);
  });

  it('answers unchanged when the files already hold the edits (a retried write)', async () => {
    const root = copyToTemp(EXAMPLE_FLEET);
    const edits = await twoEdits(root);
    await localDefinitionsWriter(root).write(change(edits));
    expect(await localDefinitionsWriter(root).write(change(edits))).toEqual({ kind: 'unchanged' });
  });

  it('refuses, writing no file, when one was edited meanwhile', async () => {
    const root = copyToTemp(EXAMPLE_FLEET);
    const edits = await twoEdits(root);
    const bastion = read(root, 'environments/prod/bastion.yml');
    writeFileSync(path.join(root, 'environments/prod/bastion.yml'), `${bastion}# edited by hand\n`);
    const web = read(root, 'environments/prod/web.yml');

    const out = await localDefinitionsWriter(root).write(change(edits));
    expect(out).toMatchObject({ kind: 'refused', files: ['environments/prod/bastion.yml'] });
    expect(out.kind === 'refused' && out.reason).toContain('environments/prod/bastion.yml changed in');
    expect(out.kind === 'refused' && out.reason).toContain('someone edited it meanwhile');
    expect(read(root, 'environments/prod/web.yml')).toBe(web);
  });

  it('refuses when a file was removed meanwhile', async () => {
    const root = copyToTemp(EXAMPLE_FLEET);
    const edits = await twoEdits(root);
    rmSync(path.join(root, 'environments/prod/web.yml'));
    expect(await localDefinitionsWriter(root).write(change(edits))).toMatchObject({ kind: 'refused', files: ['environments/prod/web.yml'] });
  });
});
