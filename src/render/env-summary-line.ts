import type { Impact, Plan, PlannedAction } from '../model/plan.js';
import { summarizePlan } from '../plan/index.js';
import { escapeMarkdown } from './escape-markdown.js';
import { formatUsdDelta } from './format-usd.js';
import { hasSummaryChanges } from './plan-sentence.js';
import { costWithNote } from './pricing-notes.js';

/** Resources named per impact before `and N more`. */
const NAMED = 5;
/** Longest name shown; definition names are at most 63 characters, live `qm:name` tags are not. */
const NAME_MAX = 64;

/**
 * One environment of a plan in one markdown line: counts, cost, and the resources whose change
 * destroys something or stops them (at most five of each, then `and N more`).
 *
 * @example envSummaryLine(plan, 'prod') // '**prod**: 1 to add, 2 to change, 0 to destroy, +$41.20/month, downtime: web'
 */
export function envSummaryLine(plan: Plan, env: string): string {
  const name = `**${escapeMarkdown(env, NAME_MAX * 2)}**`;
  const actions = plan.actions.filter((a) => a.resource.env === env);
  const s = summarizePlan(actions);
  if (!hasSummaryChanges(s)) return `${name}: no changes`;
  const changes = actions.filter((a) => a.type !== 'no-op');
  const cost = changes.reduce((sum, a) => sum + a.monthlyCostDelta, 0);
  const impacts = (['destructive', 'downtime'] as const).map((impact) => namesWith(changes, impact)).filter(Boolean);
  const costText = costWithNote(`${formatUsdDelta(cost)}/month`, plan, env, (s) => escapeMarkdown(s));
  return [`${name}: ${s.add} to add, ${s.change} to change, ${s.destroy} to destroy, ${costText}`, impacts.join('; ')].filter(Boolean).join(', ');
}

function namesWith(changes: readonly PlannedAction[], impact: Impact): string {
  const names = [...new Set(changes.filter((a) => a.impact === impact).map((a) => a.resource.name))];
  if (names.length === 0) return '';
  const shown = names.slice(0, NAMED).map((n) => escapeMarkdown(n, NAME_MAX));
  const more = names.length - shown.length;
  return `${impact}: ${shown.join(', ')}${more > 0 ? ` and ${more.toLocaleString('en-US')} more` : ''}`;
}
