import pc from 'picocolors';
import type { ApplyEvent } from '../apply/index.js';
import { applySentence, formatApplyDuration, STATUS_COLOR, STATUS_MARK } from './apply-format.js';

/** Where progress goes: a terminal (live lines) or a log (plain lines), e.g. process.stderr. */
export interface ProgressSink {
  isTTY: boolean;
  write(s: string): void;
  /** Terminal width; live lines are cut to it so redrawing stays aligned. Default 100. */
  columns?: number;
}

export interface ApplyProgressOptions {
  color: boolean;
}

const BAR_WIDTH = 24;

/**
 * The onEvent handler of an apply that shows its progress. On a terminal: finished actions
 * scroll up as permanent lines while a live block at the bottom (a progress bar and one line per
 * action in flight with its current step) is redrawn in place. Elsewhere (CI logs): one plain,
 * timestamped line per event, nothing redrawn.
 *
 * @example
 * const onEvent = createApplyProgress(process.stderr, { color: process.stderr.isTTY });
 * await applyPlan(plan, { provider, targets, clock, onEvent });
 */
export function createApplyProgress(sink: ProgressSink, opts: ApplyProgressOptions): (e: ApplyEvent) => void {
  return sink.isTTY ? liveProgress(sink, opts) : plainProgress(sink, opts);
}

function plainProgress(sink: ProgressSink, opts: ApplyProgressOptions): (e: ApplyEvent) => void {
  const c = pc.createColors(opts.color);
  return (e) => {
    const time = c.dim(`[${e.at.slice(11, 19)}]`);
    if (e.type === 'action-finished') {
      const paint = c[STATUS_COLOR[e.status]];
      const took = e.status === 'skipped' ? '' : ` in ${formatApplyDuration(e.durationMs)}`;
      const why = [e.error, e.note?.replace(/^skipped: /, '')].filter(Boolean).join('; ');
      sink.write(`${time} ${e.actionId}: ${paint(e.status)}${took}${why ? ` (${why})` : ''}\n`);
    } else if (e.type === 'apply-finished') {
      sink.write(`${time} ${applySentence(e.counts)} (${formatApplyDuration(e.durationMs)})\n`);
    } else {
      sink.write(`${time} ${e.message}\n`);
    }
  };
}

function liveProgress(sink: ProgressSink, opts: ApplyProgressOptions): (e: ApplyEvent) => void {
  const c = pc.createColors(opts.color);
  const width = Math.max(20, (sink.columns ?? 100) - 1);
  const cut = (s: string) => (s.length > width ? `${s.slice(0, width - 1)}…` : s);
  const inFlight = new Map<string, string>();
  let total = 0;
  let finished = 0;
  let failed = 0;
  let startedAt = 0;
  let drawn = 0;

  const erase = () => {
    // Up to the first line of the live block, then clear to the end of the screen.
    if (drawn > 0) sink.write(`\x1b[${drawn}A\x1b[J`);
    drawn = 0;
  };
  const draw = (now: number) => {
    const filled = total === 0 ? BAR_WIDTH : Math.round((finished / total) * BAR_WIDTH);
    const bar = `[${'#'.repeat(filled)}${'-'.repeat(BAR_WIDTH - filled)}]`;
    const lines = [
      cut(`${bar} ${finished}/${total}${failed > 0 ? `, ${failed} failed` : ''} · ${formatApplyDuration(now - startedAt)}`),
      ...[...inFlight].map(([id, step]) => c.dim(cut(`  … ${id}: ${step}`))),
    ];
    sink.write(`${lines.join('\n')}\n`);
    drawn = lines.length;
  };

  return (e) => {
    const now = Date.parse(e.at);
    erase();
    switch (e.type) {
      case 'apply-started':
        total = e.total;
        startedAt = now;
        break;
      case 'action-started':
        inFlight.set(e.actionId, 'starting');
        break;
      case 'step':
        inFlight.set(e.actionId, e.step);
        break;
      case 'retry':
        inFlight.set(e.actionId, `${e.operation}: ${e.errorCode}, retry ${e.attempt} in ${formatApplyDuration(e.delayMs)}`);
        break;
      case 'rollback':
        sink.write(`${c.yellow('↺')} ${e.message}\n`);
        inFlight.set(e.actionId, 'rolling back');
        break;
      case 'account-checked':
        if (!e.ok) sink.write(`${c.red('✗')} ${e.message}\n`);
        break;
      case 'action-finished': {
        inFlight.delete(e.actionId);
        finished++;
        if (e.status === 'failed' || e.status === 'rolled-back') failed++;
        const paint = c[STATUS_COLOR[e.status]];
        const took = e.status === 'skipped' ? '' : ` ${c.dim(formatApplyDuration(e.durationMs))}`;
        sink.write(`${paint(STATUS_MARK[e.status])} ${e.actionId} ${paint(e.status)}${took}\n`);
        break;
      }
      case 'apply-finished':
        sink.write(`${c.bold(applySentence(e.counts))} ${c.dim(`(${formatApplyDuration(e.durationMs)})`)}\n`);
        return;
    }
    draw(now);
  };
}
