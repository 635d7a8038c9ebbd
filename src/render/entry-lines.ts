import type { PlannedAction } from '../model/plan.js';
import { actionLines, type ActionLines } from './action-lines.js';
import { ACTION_STYLE } from './action-style.js';
import { formatUsdDelta } from './format-usd.js';
import { sharedChanges, type PlanEntry } from './group-alike.js';

/** Names a group's title shows besides its first. */
const NAMES_SHOWN = 3;

/**
 * The names a group's title shows after its first, each as `show` words it, and how many more.
 *
 * @example alsoNamed(group.members, (n) => n) // 'also app-0002, app-0003, app-0004 and 9,796 more'
 */
export function alsoNamed(members: readonly PlannedAction[], show: (name: string) => string): string {
  const also = members.slice(1, 1 + NAMES_SHOWN).map((a) => show(a.resource.name));
  const more = members.length - 1 - also.length;
  return `also ${also.join(', ')}${more > 0 ? ` and ${count(more)} more` : ''}`;
}

/**
 * The words of an entry, shared by the text and markdown renderers: a change's own lines, or
 * for a group its count, first names, the fields its members share, and the cost of each and
 * of all.
 *
 * @example entryLines(group).title // '9,800 instances like app-0001 (also app-0002, app-0003, app-0004 and 9,796 more)'
 */
export function entryLines(e: PlanEntry): ActionLines {
  if (e.kind === 'one') return actionLines(e.action);
  const first = e.members[0]!;
  const marker = ACTION_STYLE[first.type].marker;
  const total = e.members.reduce((n, a) => n + a.monthlyCostDelta, 0);
  // The first member's own lines, less what is its alone (its name field, its dependencies), say
  // what each member does; only the count, the names and the total are the group's.
  const each = actionLines({ ...first, changes: sharedChanges(first), dependsOn: [] });
  return {
    title: `${count(e.members.length)} ${first.resource.kind}s like ${first.resource.name}${marker ? ` ${marker}` : ''} (${alsoNamed(e.members, (n) => n)})`,
    fields: each.fields,
    facts: `${each.facts} each · all ${count(e.members.length)}: ${formatUsdDelta(total)}/month${first.dependsOn.length ? ' · each after its own dependencies' : ''}`,
    reason: each.reason,
  };
}

function count(n: number): string {
  return n.toLocaleString('en-US');
}
