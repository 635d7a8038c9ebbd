import { readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatDiagnostic, loadDefinitionsFrom, memoryFileTree } from '../../src/definitions/index.js';
import { FIXTURES, readTree } from './fixture-tree.js';

/**
 * The corpus: each test/fixtures/definitions/bad/<case>/ holds files laid over base/ (unless
 * it has a `.nobase` marker) and expected.txt, the exact diagnostics of the run.
 */
const BAD = path.join(FIXTURES, 'bad');
const base = readTree(path.join(FIXTURES, 'base'));

function caseFiles(name: string): { files: Record<string, string>; expected: string[] } {
  const { 'expected.txt': expectedText = '', ...files } = readTree(path.join(BAD, name));
  const expected = expectedText.split('\n').filter(Boolean);
  if ('.nobase' in files) {
    delete files['.nobase'];
    return { files, expected };
  }
  return { files: { ...base, ...files }, expected };
}

describe('bad definitions corpus', () => {
  it('the base the cases build on is valid on its own', async () => {
    const result = await loadDefinitionsFrom(memoryFileTree(base), 'base');
    expect(result.ok ? [] : result.diagnostics.map(formatDiagnostic)).toEqual([]);
  });

  const cases = readdirSync(BAD).sort();
  it('has a broad corpus', () => {
    expect(cases.length).toBeGreaterThanOrEqual(25);
  });

  it.each(cases)('%s', async (name) => {
    const { files, expected } = caseFiles(name);
    expect(expected.length).toBeGreaterThan(0);
    const result = await loadDefinitionsFrom(memoryFileTree(files), 'case');
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.diagnostics.map(formatDiagnostic)).toEqual(expected);
  });
});
