import pc from 'picocolors';
import type { Plan, PlanNotice } from '../model/plan.js';
import { summarizePlan } from '../plan/index.js';
import { actionLines } from './action-lines.js';
import { ACTION_STYLE } from './action-style.js';
import { formatUsdDelta } from './format-usd.js';
import { NO_CHANGES_SENTENCE, hasSummaryChanges, planSentence } from './plan-sentence.js';

export interface TextOptions {
  color: boolean;
}

/**
 * The plan for a terminal: `+` create, `~` update (marked for stop-modify-start and rolling
 * refresh), `-` delete, `-/+` replace, field lines `old -> new`, impact and cost per action,
 * notices, and the closing `Plan: 2 to add, 1 to change, 0 to destroy.` line.
 *
 * @example process.stdout.write(renderPlanText(plan, { color: process.stdout.isTTY }))
 */
export function renderPlanText(plan: Plan, opts: TextOptions): string {
  const c = pc.createColors(opts.color);
  const paint = { green: c.green, yellow: c.yellow, red: c.red, dim: c.dim };
  const out: string[] = [`Quartermaster plan for ${plan.envs.join(', ') || '(no environment)'}`, ''];

  for (const env of plan.envs) {
    const actions = plan.actions.filter((a) => a.resource.env === env);
    const changes = actions.filter((a) => a.type !== 'no-op');
    const s = summarizePlan(actions);
    out.push(c.bold(`${env}: ${s.add} to add, ${s.change} to change, ${s.destroy} to destroy, ${s.unchanged} unchanged`));
    for (const a of changes) {
      const style = ACTION_STYLE[a.type];
      const l = actionLines(a);
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

  if (hasSummaryChanges(plan.summary)) {
    out.push(c.bold(planSentence(plan.summary)));
    out.push(`Monthly cost delta: ${formatUsdDelta(plan.monthlyCostDelta)}/month (on-demand compute, us-east-1 prices)`);
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
