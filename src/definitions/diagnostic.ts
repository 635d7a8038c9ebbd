import { formatLocation, type SourceLocation } from '../model/source-location.js';

/**
 * One problem found in a YAML file, pointing at where it is written. Used for definitions
 * and, through the same helpers, for policy.yml.
 */
export interface Diagnostic extends SourceLocation {
  /** Names the bad value and what is expected: `instance_type "t2.mirco" is not an EC2 instance type`. */
  message: string;
}

/**
 * `environments/prod/web.yml:7:18 instance_type "t2.mirco" is not an EC2 instance type (did you mean "t2.micro"?)`
 *
 * @example formatDiagnostic({ file: 'a.yml', line: 1, col: 2, message: 'bad' }) // 'a.yml:1:2 bad'
 */
export function formatDiagnostic(d: Diagnostic): string {
  return `${formatLocation(d)} ${d.message}`;
}

/** Orders by file, then line, then column, so output is stable whatever order files were read in. */
export function compareDiagnostics(a: Diagnostic, b: Diagnostic): number {
  if (a.file !== b.file) return a.file < b.file ? -1 : 1;
  return a.line - b.line || a.col - b.col;
}

/**
 * Collects every error and warning of a run: validation never stops at the first problem.
 *
 * @example
 * const bag = new DiagnosticBag();
 * bag.error({ file: 'a.yml', line: 3, col: 5 }, 'min_size 9 is greater than max_size 5');
 * bag.sortedErrors().map(formatDiagnostic);
 */
export class DiagnosticBag {
  readonly errors: Diagnostic[] = [];
  readonly warnings: Diagnostic[] = [];

  error(at: SourceLocation, message: string): void {
    this.errors.push({ file: at.file, line: at.line, col: at.col, message });
  }

  warn(at: SourceLocation, message: string): void {
    this.warnings.push({ file: at.file, line: at.line, col: at.col, message });
  }

  get hasErrors(): boolean {
    return this.errors.length > 0;
  }

  sortedErrors(): Diagnostic[] {
    return [...this.errors].sort(compareDiagnostics);
  }

  sortedWarnings(): Diagnostic[] {
    return [...this.warnings].sort(compareDiagnostics);
  }
}
