import pc from 'picocolors';
import type { DriftReport, NotAppliedItem } from '../engine/drift.js';

/**
 * Terminal text for `qm drift`: what differs from the definitions, field by field, live value
 * first; then, apart and not as drift, what is defined but not yet applied.
 *
 * @example renderDriftText(driftOf(plan), { color: false })
 */
export function renderDriftText(report: DriftReport, opts: { color: boolean }): string {
  const c = pc.createColors(opts.color);
  const pending = renderNotApplied(report.notApplied, opts);
  if (!report.hasDrift) return `No drift in ${report.envs.join(', ')}: ${pending ? 'nothing was changed outside Quartermaster.' : 'the fleet matches the definitions.'}\n${pending}`;
  const lines: string[] = [];
  for (const item of report.items) {
    const where = `${item.env}/${item.kind}/${item.name}${item.physicalId ? ` (${item.physicalId})` : ''}`;
    if (item.state === 'missing') {
      lines.push(c.red(`! ${where}: defined but not found in the cloud (deleted outside Quartermaster)`));
      continue;
    }
    lines.push(c.yellow(`~ ${where}: changed outside Quartermaster`));
    for (const f of item.fields) lines.push(`    ${f.field}: live ${show(f.live)}, definitions ${show(f.defined)}`);
  }
  for (const n of report.notices) lines.push(c.yellow(`? ${n.env}/${n.kind} ${n.physicalId}${n.name ? ` (${n.name})` : ''}: ${n.message}`));
  lines.push('', `Drift: ${report.items.length} resource${report.items.length === 1 ? '' : 's'} differ, ${report.notices.length} not in the definitions.`);
  lines.push('Run `qm plan` to see how apply would put them back, or change the definitions to accept the live values.');
  return `${lines.join('\n')}\n${pending ? `\n${pending}` : ''}`;
}

/** The resources not yet applied, grouped by environment; '' when there are none. */
function renderNotApplied(items: readonly NotAppliedItem[], opts: { color: boolean }): string {
  if (items.length === 0) return '';
  const c = pc.createColors(opts.color);
  const byEnv = new Map<string, NotAppliedItem[]>();
  for (const i of items) byEnv.set(i.env, [...(byEnv.get(i.env) ?? []), i]);
  const lines = [`Not yet applied (run qm apply): ${items.length} resource${items.length === 1 ? '' : 's'} defined but not in the cloud; not drift.`];
  for (const [env, list] of byEnv) lines.push(c.dim(`  ${env}: ${list.map((i) => `${i.kind}/${i.name}`).join(', ')}`));
  return `${lines.join('\n')}\n`;
}

function show(v: unknown): string {
  return v === undefined ? '(none)' : JSON.stringify(v);
}
