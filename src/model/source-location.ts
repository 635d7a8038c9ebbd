/** Where a value was written: every diagnostic and every resource points back to its YAML. */
export interface SourceLocation {
  /** Path relative to the definitions root, with forward slashes: `environments/prod/web.yml`. */
  file: string;
  /** 1-based. */
  line: number;
  /** 1-based. */
  col: number;
}

/** `environments/prod/web.yml:7:18` */
export function formatLocation(loc: SourceLocation): string {
  return `${loc.file}:${loc.line}:${loc.col}`;
}
