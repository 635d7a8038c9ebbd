import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatDiagnostic, loadDefinitionsFrom, memoryFileTree } from '../../src/definitions/index.js';
import { FIXTURES, readTree } from './fixture-tree.js';

const base = readTree(path.join(FIXTURES, 'base'));
const FILE = 'environments/prod/base.yml';

describe('a field named like a member every object inherits', () => {
  // Fields are looked up among the spec's own: `constructor:` once reached Object.prototype's and threw.
  it.each(['constructor', 'toString', 'hasOwnProperty'])('%s: is an unknown field, located and listed', async (key) => {
    const text = (base[FILE] as string).replace('    name: bastion\n', `    name: bastion\n    ${key}: x\n`);
    const result = await loadDefinitionsFrom(memoryFileTree({ ...base, [FILE]: text }), 'case');
    expect(result.ok).toBe(false);
    const lines = result.ok ? [] : result.diagnostics.map(formatDiagnostic);
    expect(lines).toEqual([expect.stringMatching(new RegExp(`^${FILE}:12:5 unknown field "${key}" in instance "bastion" \\((did you mean|expected one of)`))]);
  });
});
