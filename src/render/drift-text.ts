import pc from 'picocolors';
import type { DriftReport } from '../engine/drift.js';

/**
 * Terminal text for `qm drift`: what differs from the definitions, field by field, live value first.
 *
 * @example renderDriftText(driftOf(plan), { color: false })
 */
export function renderDriftText(report: DriftReport, opts: { color: boolean }): string {
  const c = pc.createColors(opts.color);
  if (!report.hasDrift) return `No drift in ${report.envs.join(', ')}: the fleet matches the definitions.\n`;
  const lines: string[] = [];
  for (const item of report.items) {
    const where = `${item.env}/${item.kind}/${item.name}${item.physicalId ? ` (${item.physicalId})` : ''}`;
    if (item.state === 'missing') {
      lines.push(c.red(`! ${where}: defined but not found in the cloud (never applied, or deleted by hand)`));
      continue;
    }
    lines.push(c.yellow(`~ ${where}: changed outside Quartermaster`));
    for (const f of item.fields) lines.push(`    ${f.field}: live ${show(f.live)}, definitions ${show(f.defined)}`);
  }
  for (const n of report.notices) lines.push(c.yellow(`? ${n.env}/${n.kind} ${n.physicalId}${n.name ? ` (${n.name})` : ''}: ${n.message}`));
  lines.push('', `Drift: ${report.items.length} resource${report.items.length === 1 ? '' : 's'} differ, ${report.notices.length} not in the definitions.`);
  lines.push('Run `qm plan` to see how apply would put them back, or change the definitions to accept the live values.');
  return `${lines.join('\n')}\n`;
}

function show(v: unknown): string {
  return v === undefined ? '(none)' : JSON.stringify(v);
}
