import type { Diagnostic } from '../../src/definitions/index.js';

/** Where a diagnostic goes in the runner's annotations (core.error's properties). */
export interface Annotation {
  message: string;
  file: string;
  startLine: number;
  startColumn: number;
}

/**
 * Definition and policy errors as annotations at the file and line in the repository (the
 * diagnostics are relative to the definitions root, the annotations to the repository's).
 *
 * @example for (const a of annotationsOf(diagnostics, 'fleet')) core.error(a.message, a);
 */
export function annotationsOf(diagnostics: readonly Diagnostic[], pathInRepo: string): Annotation[] {
  const prefix = pathInRepo ? `${pathInRepo}/` : '';
  return diagnostics.map((d) => ({ message: d.message, file: `${prefix}${d.file}`, startLine: d.line, startColumn: d.col }));
}

/** The diagnostics with their files as the repository names them, for the comment. */
export function inRepository(diagnostics: readonly Diagnostic[], pathInRepo: string): Diagnostic[] {
  const prefix = pathInRepo ? `${pathInRepo}/` : '';
  return diagnostics.map((d) => ({ ...d, file: `${prefix}${d.file}` }));
}
