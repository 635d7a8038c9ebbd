import { IMPACT_RANK, type Impact, type Plan, type PlannedAction } from '../model/plan.js';
import { ACTION_STYLE } from './action-style.js';
import { codeSpan, escapeMarkdown } from './escape-markdown.js';

const NAME_MAX = 64;
const FIELDS_SHOWN = 3;

/**
 * A plan's changes, riskiest first (destructive, then downtime, then the rest; plan order
 * within each), one short markdown list item each:
 * `- **prod**: instance db (i-0a51daa783dc88026) will be replaced (destructive): ami` (field names
 * in code spans).
 *
 * @example riskLines(plan).slice(0, 20)
 */
export function riskLines(plan: Plan): string[] {
  return riskiestFirst(plan.actions.filter((a) => a.type !== 'no-op')).map(riskLine);
}

/** How many changes of each impact a plan has, for the line that says what was left out. */
export function countByImpact(actions: readonly PlannedAction[]): Record<Impact, number> {
  const out: Record<Impact, number> = { destructive: 0, downtime: 0, none: 0 };
  for (const a of actions) if (a.type !== 'no-op') out[a.impact]++;
  return out;
}

function riskiestFirst(actions: readonly PlannedAction[]): PlannedAction[] {
  // Array.prototype.sort is stable: plan order holds within an impact.
  return [...actions].sort((a, b) => IMPACT_RANK[b.impact] - IMPACT_RANK[a.impact]);
}

function riskLine(a: PlannedAction): string {
  const r = a.resource;
  const physical = r.physicalId && r.physicalId !== r.name ? ` (${escapeMarkdown(r.physicalId, NAME_MAX)})` : '';
  const impact = a.impact === 'none' ? '' : ` (${a.impact})`;
  const fields = a.type === 'create' || a.type === 'delete' ? [] : a.changes.map((c) => c.field);
  const shown = fields.slice(0, FIELDS_SHOWN).map((f) => codeSpan(f, { max: NAME_MAX }));
  const more = fields.length > shown.length ? ` and ${fields.length - shown.length} more` : '';
  const what = shown.length > 0 ? `: ${shown.join(', ')}${more}` : '';
  return `- **${escapeMarkdown(r.env, NAME_MAX)}**: ${escapeMarkdown(r.kind, NAME_MAX)} ${escapeMarkdown(r.name, NAME_MAX)}${physical} ${ACTION_STYLE[a.type].verb}${impact}${what}`;
}
