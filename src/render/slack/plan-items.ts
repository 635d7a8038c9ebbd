import { IMPACT_RANK, type Impact, type Plan, type PlannedAction } from '../../model/plan.js';
import { actionLines } from '../action-lines.js';
import { ACTION_STYLE } from '../action-style.js';
import { alsoNamed, entryLines } from '../entry-lines.js';
import { formatUsdDelta } from '../format-usd.js';
import { groupAlike, sizeOf, type PlanEntry } from '../group-alike.js';
import { pricingNoteLines } from '../pricing-notes.js';
import { code, escapeMrkdwn, listOf } from './mrkdwn.js';

const FIELDS_SHOWN = 5;

/** The changes of a plan (no-ops left out), riskiest first, plan order within an impact. */
export function changesOf(plan: Pick<Plan, 'actions'>): PlannedAction[] {
  return plan.actions.filter((a) => a.type !== 'no-op').sort((a, b) => IMPACT_RANK[b.impact] - IMPACT_RANK[a.impact]);
}

/**
 * The changes of a plan as mrkdwn items, riskiest first, ten or more alike but for their names
 * as one item (risky changes never are); `weights` says how many changes each item stands for,
 * for the line that counts what was left out.
 *
 * @example const { items, weights } = changeItems(plan); packSections(items, { weights, maxSections: 10, more })
 */
export function changeItems(plan: Pick<Plan, 'actions'>): { items: string[]; weights: number[] } {
  const entries = groupAlike(changesOf(plan));
  return { items: entries.map(entryItem), weights: entries.map(sizeOf) };
}

function entryItem(e: PlanEntry): string {
  if (e.kind === 'one') return actionItem(e.action);
  const first = e.members[0]!;
  const style = ACTION_STYLE[first.type];
  const lines = entryLines(e);
  const head = `${escapeMrkdwn(style.symbol, 4)} ${e.members.length.toLocaleString('en-US')} ${escapeMrkdwn(first.resource.kind, 40)}s like ${code(`${first.resource.env}/${first.resource.name}`, 100)} (${alsoNamed(e.members, (n) => code(n, 64))})`;
  return [head, ...fieldLines(lines.fields), `     _${escapeMrkdwn(lines.facts, 200)}_`].join('\n');
}

/**
 * One planned change as a few lines of mrkdwn: what, which fields (values as the plan shows
 * them: user data only as its hash), impact and cost.
 *
 * @example actionItem(action) // '~ `prod/web` instance (i-0abc) [stop-modify-start]\n   `instance_type: "t3.small" -> "t3.large"`\n   _impact: downtime · cost: +$45.55/month_'
 */
export function actionItem(a: PlannedAction): string {
  const r = a.resource;
  const style = ACTION_STYLE[a.type];
  const lines = actionLines(a);
  const physical = r.physicalId && r.physicalId !== r.name ? ` (${code(r.physicalId, 64)})` : '';
  const marker = style.marker ? ` ${escapeMrkdwn(style.marker, 40)}` : '';
  const head = `${escapeMrkdwn(style.symbol, 4)} ${code(`${r.env}/${r.name}`, 100)} ${escapeMrkdwn(r.kind, 40)}${physical}${marker}${a.impact === 'none' ? '' : ` *${a.impact}*`}`;
  return [head, ...fieldLines(lines.fields), `     _${escapeMrkdwn(lines.facts, 200)}_`].join('\n');
}

function fieldLines(fields: readonly string[]): string[] {
  const shown = fields.slice(0, FIELDS_SHOWN).map((f) => `     ${code(f, 200)}`);
  return fields.length > FIELDS_SHOWN ? [...shown, `     _and ${fields.length - FIELDS_SHOWN} more fields_`] : shown;
}

/**
 * The names of the resources a plan stops or destroys, `none` when it does neither.
 *
 * @example impactSummary(plan) // 'downtime: `prod/web` (stop-modify-start)'
 */
export function impactSummary(plan: Pick<Plan, 'actions'>): string {
  const parts = (['destructive', 'downtime'] as const satisfies readonly Impact[])
    .map((impact) => {
      const hit = plan.actions.filter((a) => a.type !== 'no-op' && a.impact === impact);
      if (hit.length === 0) return '';
      return `${impact}: ${listOf(hit.map((a) => `${code(`${a.resource.env}/${a.resource.name}`, 64)} (${escapeMrkdwn(a.type, 30)})`), 5)}`;
    })
    .filter(Boolean);
  return parts.length ? parts.join('; ') : 'none';
}

/** The monthly cost change of a plan's changes, with what makes it approximate or incomplete. */
export function costOf(plan: Pick<Plan, 'actions' | 'pricing' | 'envs'>): string {
  const notes = pricingNoteLines(plan);
  const cost = `${formatUsdDelta(plan.actions.filter((a) => a.type !== 'no-op').reduce((n, a) => n + a.monthlyCostDelta, 0))}/month`;
  return notes.length ? `${cost} (${escapeMrkdwn(notes.join('; '), 400)})` : cost;
}
