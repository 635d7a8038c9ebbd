import pc from 'picocolors';
import type { ActionResult, ApplyResult } from '../apply/index.js';
import type { Plan } from '../model/plan.js';
import { applySentence, formatApplyDuration, STATUS_COLOR } from './apply-format.js';

export interface ApplyTableOptions {
  color: boolean;
}

const HEADERS = ['RESOURCE', 'ACTION', 'STATUS', 'DURATION', 'NOTE'] as const;

/**
 * The per-resource result of an apply for a terminal: one row per planned change (resource,
 * action, status, duration, note), the full error of every failed or rolled-back action, and
 * the closing `Apply complete: 3 applied, 1 failed, 0 skipped.` line. Plan no-ops are counted,
 * not listed.
 *
 * @example process.stdout.write(renderApplyResultTable(result, plan, { color: process.stdout.isTTY }))
 */
export function renderApplyResultTable(result: ApplyResult, plan: Plan, opts: ApplyTableOptions): string {
  const c = pc.createColors(opts.color);
  const paint = { green: c.green, red: c.red, yellow: c.yellow, dim: c.dim };
  const planned = new Set(plan.actions.filter((a) => a.type !== 'no-op').map((a) => a.id));
  const rows = result.results.filter((r) => planned.has(r.id));
  const cells = rows.map((r) => [resourceCell(r), r.type, r.status, r.status === 'skipped' ? '-' : formatApplyDuration(r.durationMs), noteCell(r)]);
  const widths = HEADERS.map((h, i) => Math.max(h.length, ...cells.map((row) => row[i]!.length)));
  const line = (row: readonly string[], status?: ActionResult['status']) =>
    row
      .map((cell, i) => {
        const padded = i === row.length - 1 ? cell : cell.padEnd(widths[i]!);
        return i === 2 && status ? paint[STATUS_COLOR[status]](padded) : padded;
      })
      .join('  ')
      .trimEnd();

  const out: string[] = [];
  if (rows.length === 0) {
    out.push('Nothing to apply: every resource already matched its definition.');
  } else {
    out.push(c.bold(line(HEADERS)));
    rows.forEach((r, i) => out.push(line(cells[i]!, r.status)));
  }
  const failures = rows.filter((r) => (r.status === 'failed' || r.status === 'rolled-back') && r.error);
  if (failures.length > 0) {
    out.push('', c.bold('Errors:'));
    for (const r of failures) out.push(`  ${c.red(r.id)}: ${r.error}`);
  }
  out.push('', c.bold(applySentence(result.counts)));
  return `${out.join('\n')}\n`;
}

function resourceCell(r: ActionResult): string {
  const name = `${r.resource.env}/${r.resource.kind}/${r.resource.name}`;
  return r.physicalId ? `${name} (${r.physicalId})` : name;
}

function noteCell(r: ActionResult): string {
  if (r.status === 'skipped') return (r.note ?? '').replace(/^skipped: /, '');
  if (r.note) return r.note;
  if (r.status === 'failed') return 'see Errors below';
  return '';
}
