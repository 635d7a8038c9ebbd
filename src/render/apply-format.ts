import type { ActionStatus, ApplyCounts } from '../apply/index.js';

/**
 * A duration as people read it in a result table or a progress line.
 *
 * @example formatApplyDuration(72_500) // '1m 12s'
 * @example formatApplyDuration(800) // '0.8s'
 */
export function formatApplyDuration(ms: number): string {
  if (ms < 1000) return ms === 0 ? '0s' : `${(ms / 1000).toFixed(1)}s`;
  const s = Math.round(ms / 1000);
  if (s < 60) return `${s}s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m}m ${String(s % 60).padStart(2, '0')}s`;
  return `${Math.floor(m / 60)}h ${String(m % 60).padStart(2, '0')}m`;
}

/**
 * The closing line of an apply, worded like the plan's. A rolled-back action counts as failed:
 * its change was not made; and an apply with anything failed or skipped is not "complete".
 *
 * @example applySentence({ applied: 3, failed: 1, skipped: 0, unchanged: 2, rolledBack: 0 }) // 'Apply incomplete: 3 applied, 1 failed, 0 skipped.'
 */
export function applySentence(c: ApplyCounts): string {
  const failed = c.failed + c.rolledBack;
  return `Apply ${failed + c.skipped > 0 ? 'incomplete' : 'complete'}: ${c.applied} applied, ${failed} failed, ${c.skipped} skipped.`;
}

/** The colour of each status, in every apply renderer. */
export const STATUS_COLOR: Record<ActionStatus, 'green' | 'red' | 'yellow' | 'dim'> = {
  applied: 'green',
  unchanged: 'dim',
  failed: 'red',
  'rolled-back': 'yellow',
  skipped: 'yellow',
};

/** A one-character mark for each status, for terminals that show few columns. */
export const STATUS_MARK: Record<ActionStatus, string> = {
  applied: '✓',
  unchanged: '=',
  failed: '✗',
  'rolled-back': '↺',
  skipped: '-',
};
