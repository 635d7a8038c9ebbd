import pc from 'picocolors';
import type { Plan, PlanNotice } from '../model/plan.js';
import { summarizeEnv } from '../plan/index.js';
import { ACTION_STYLE } from './action-style.js';
import { entryLines } from './entry-lines.js';
import { formatUsdDelta } from './format-usd.js';
import { pricingNoteLines } from './pricing-notes.js';
import { firstOf, groupAlike, groupedNote } from './group-alike.js';
import { NO_CHANGES_SENTENCE, hasSummaryChanges, planSentence } from './plan-sentence.js';

export interface TextOptions {
  color: boolean;
  /** List every change on its own instead of grouping alike ones (`qm plan --full`). */
  full?: boolean;
}

/**
 * The plan for a terminal: `+` create, `~` update (marked for stop-modify-start and rolling
 * refresh), `-` delete, `-/+` replace, field lines `old -> new`, impact and cost per action,
 * notices, and the closing `Plan: 2 to add, 1 to change, 0 to destroy.` line. Ten or more
 * changes alike but for their names are one entry (`+ 9,800 instances like app-0001 (also ...)`)
 * unless `full`; risky changes are always listed one by one (see groupAlike).
 *
 * @example process.stdout.write(renderPlanText(plan, { color: process.stdout.isTTY }))
 */
export function renderPlanText(plan: Plan, opts: TextOptions): string {
  const c = pc.createColors(opts.color);
  const paint = { green: c.green, yellow: c.yellow, red: c.red, dim: c.dim };
  const out: string[] = [`Quartermaster plan for ${plan.envs.join(', ') || '(no environment)'}`, ''];
  let grouped = 0;

  for (const env of plan.envs) {
    const actions = plan.actions.filter((a) => a.resource.env === env);
    const changes = actions.filter((a) => a.type !== 'no-op');
    const s = summarizeEnv(actions, plan.unchangedByEnv?.[env]);
    out.push(c.bold(`${env}: ${s.add} to add, ${s.change} to change, ${s.destroy} to destroy, ${s.unchanged} unchanged`));
    for (const e of groupAlike(changes, opts)) {
      if (e.kind === 'group') grouped++;
      const style = ACTION_STYLE[firstOf(e).type];
      const l = entryLines(e);
      out.push(paint[style.color](`  ${style.symbol} ${l.title}`));
      for (const f of l.fields) out.push(`      ${f}`);
      out.push(c.dim(`      ${l.facts}`), c.dim(`      ${l.reason}`));
    }
    out.push('');
  }

  if (plan.notices.length > 0) {
    out.push(c.bold('Notices:'));
    for (const n of plan.notices) out.push(noticeLine(n, n.level === 'warning' ? c.yellow : c.dim));
    out.push('');
  }

  if (grouped > 0) out.push(c.dim(groupedNote('`qm plan --full`')), '');
  if (hasSummaryChanges(plan.summary)) {
    out.push(c.bold(planSentence(plan.summary)));
    out.push(`Monthly cost delta: ${formatUsdDelta(plan.monthlyCostDelta)}/month (on-demand compute, priced in each environment's region)`);
    for (const line of pricingNoteLines(plan)) out.push(c.yellow(`  ! ${line}`));
  } else {
    out.push(c.green(NO_CHANGES_SENTENCE));
  }
  out.push(c.dim(`Fingerprint: ${plan.fingerprint}`));
  return `${out.join('\n')}\n`;
}

function noticeLine(n: PlanNotice, paint: (s: string) => string): string {
  const sign = n.level === 'warning' ? '!' : 'i';
  return paint(`  ${sign} ${n.env}/${n.kind} ${n.physicalId}${n.name ? ` (${n.name})` : ''}: ${n.message}`);
}
