import type { ApplyEvent } from '../../apply/index.js';

/** What a chat answer shows of an apply while it runs: counts and the latest lines. */
export interface CommandProgress {
  /** Actions planned, once the apply started. */
  total?: number;
  finished: number;
  failed: number;
  /** The latest lines, oldest first, at most RECENT_LINES. */
  recent: string[];
}

export const RECENT_LINES = 8;

/** @example let p = emptyProgress(); p = foldApplyEvent(p, event); */
export function emptyProgress(): CommandProgress {
  return { finished: 0, failed: 0, recent: [] };
}

const MARK: Partial<Record<ApplyEvent['type'], string>> = {
  'action-started': '▶️',
  step: '·',
  retry: '↻',
  rollback: '↩️',
  'account-checked': '🔑',
};

/**
 * The progress after one more apply event; a pure fold, so the door keeps the state and a
 * renderer shows it.
 *
 * @example const p = foldApplyEvent(emptyProgress(), { type: 'apply-started', total: 2, envs: ['prod'], at, message: 'Applying 2 changes' })
 */
export function foldApplyEvent(p: CommandProgress, e: ApplyEvent): CommandProgress {
  const line = (mark: string): string[] => [...p.recent, `${mark} ${e.message}`].slice(-RECENT_LINES);
  switch (e.type) {
    case 'apply-started':
      return { ...p, total: e.total, recent: line('🚀') };
    case 'action-finished': {
      const bad = e.status === 'failed' || e.status === 'rolled-back';
      return { ...p, finished: p.finished + 1, failed: p.failed + (bad ? 1 : 0), recent: line(bad ? '❌' : e.status === 'skipped' ? '⏭️' : '✅') };
    }
    case 'apply-finished':
      return { ...p, recent: line(e.ok ? '🏁' : '⚠️') };
    default:
      return { ...p, recent: line(MARK[e.type] ?? '·') };
  }
}
