/** What one `npm run bench` run found: written to bench/results.json and rendered to docs/performance.md. */
export interface TargetResult {
  figure: string;
  max: number;
  unit: string;
  value: unknown;
  ok: boolean;
}

export interface BenchResult {
  script: string;
  title: string;
  /** The figures the script printed, as printed. */
  figures: Record<string, unknown>;
  targets: TargetResult[];
  /** Set when the script failed: its message, and no figures. */
  error?: string;
  wallSeconds: number;
}

export interface BenchRun {
  date: string;
  commit: string;
  machine: { cpus: number; cpuModel: string; memoryGiB: number; node: string; platform: string; loadAverage: number[] };
  results: BenchResult[];
  missed: number;
}

/**
 * A figure by its name, or by dotted path (`plan.firstOutputMs` reaches `{ plan: { firstOutputMs } }`).
 *
 * @example figureAt({ plan: { firstOutputMs: 120 } }, 'plan.firstOutputMs') // 120
 */
export function figureAt(figures: Record<string, unknown>, dotted: string): unknown {
  // A script may print a dotted name as one key (`"plan.firstOutputMs": 120`).
  if (dotted in figures) return figures[dotted];
  let at: unknown = figures;
  for (const part of dotted.split('.')) {
    if (typeof at !== 'object' || at === null) return undefined;
    at = (at as Record<string, unknown>)[part];
  }
  return at;
}
