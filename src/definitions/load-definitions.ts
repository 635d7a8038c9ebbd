import path from 'node:path';
import type { Definitions } from '../model/resources.js';
import { DefinitionsInvalidError } from '../errors.js';
import { formatDiagnostic, type Diagnostic, type DiagnosticBag } from './diagnostic.js';
import { nodeFileTree, type FileTree } from './file-tree.js';
import { readRawDefinitions } from './read-raw-definitions.js';
import { readYamlSource } from './read-yaml-source.js';
import { validateDefinitions, type LoadResult } from './validate-definitions.js';
import type { YamlSource } from './yaml-source.js';

/**
 * Loads and validates a definitions repository: YAML -> raw -> validated model with defaults.
 * Never throws for a bad definition: every problem is a diagnostic in the result.
 *
 * @example
 * const result = await loadDefinitions('examples/fleet');
 * if (!result.ok) result.diagnostics.map(formatDiagnostic).forEach((l) => console.error(l));
 */
export async function loadDefinitions(root: string): Promise<LoadResult> {
  const abs = path.resolve(root);
  return loadDefinitionsFrom(nodeFileTree(abs), abs);
}

/**
 * The same from any FileTree (files read at a git ref, an in-memory test repository).
 *
 * @example await loadDefinitionsFrom(memoryFileTree(files), 'memory')
 */
export async function loadDefinitionsFrom(tree: FileTree, root: string): Promise<LoadResult> {
  // Validation edits nothing: the fast reader may stand in for the YAML library's documents.
  return validateDefinitions(await readRawDefinitions(tree, root, readYamlSource));
}

/**
 * Loads definitions or throws DefinitionsInvalidError listing every diagnostic.
 *
 * @example const defs = await loadDefinitionsOrThrow('examples/fleet');
 */
export async function loadDefinitionsOrThrow(root: string): Promise<Definitions> {
  const result = await loadDefinitions(root);
  if (result.ok) return result.definitions;
  throw definitionsInvalidError(result.diagnostics);
}

/** The error for a failed load: every diagnostic on its own line, then the fix. */
export function definitionsInvalidError(diagnostics: readonly Diagnostic[]): DefinitionsInvalidError {
  const n = diagnostics.length;
  const lines = diagnostics.map((d) => `  ${formatDiagnostic(d)}\n`).join('');
  // The fix is the last line, after the list (QmError would append it to the last diagnostic).
  return new DefinitionsInvalidError(`${n} error${n === 1 ? '' : 's'} in the definitions:\n${lines}Fix them and run \`qm validate\``, {
    details: { diagnostics: [...diagnostics] },
  });
}

/**
 * Throws the syntax errors of the files that do not parse: an edit (fmt, setResourceField)
 * never works on a file it could not read.
 *
 * @example throwIfBroken(env.resourceFiles, raw.bag)
 */
export function throwIfBroken(files: readonly YamlSource[], bag: DiagnosticBag): void {
  const broken = new Set(files.filter((f) => f.broken).map((f) => f.file));
  if (broken.size > 0) throw definitionsInvalidError(bag.sortedErrors().filter((d) => broken.has(d.file)));
}
