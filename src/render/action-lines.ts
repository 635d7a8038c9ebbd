import type { FieldChange, PlannedAction } from '../model/plan.js';
import { ACTION_STYLE } from './action-style.js';
import { formatUsdDelta } from './format-usd.js';
import { formatValue } from './format-value.js';

/** The words of one action, shared by the text and markdown renderers. */
export interface ActionLines {
  /** `autoscaling-group web (prod-web)` */
  title: string;
  /** `launch_template.instance_type: "t3.small" -> "t3.medium"` */
  fields: string[];
  /** `impact: none · cost: +$45.55/month`; `cost: $0.00/month (g5.xlarge not priced)` for a type outside the catalogue */
  facts: string;
  reason: string;
}

/** @example actionLines(action).fields // ['instance_type: "t3.small" -> "t3.large"'] */
export function actionLines(a: PlannedAction): ActionLines {
  const r = a.resource;
  const marker = ACTION_STYLE[a.type].marker;
  const physical = r.physicalId && r.physicalId !== r.name ? ` (${r.physicalId})` : '';
  return {
    title: `${r.kind} ${r.name}${physical}${marker ? ` ${marker}` : ''}`,
    fields: a.changes.map((c) => fieldLine(c, a.type === 'create')),
    facts: `impact: ${a.impact} · cost: ${formatUsdDelta(a.monthlyCostDelta)}/month${a.unpriced?.length ? ` (${a.unpriced.join(', ')} not priced)` : ''}${a.dependsOn.length ? ` · after: ${a.dependsOn.join(', ')}` : ''}`,
    reason: a.reason,
  };
}

function fieldLine(c: FieldChange, isCreate: boolean): string {
  if (isCreate) return `${c.field}: ${formatValue(c.field, c.new)}`;
  return `${c.field}: ${formatValue(c.field, c.old)} -> ${formatValue(c.field, c.new)}`;
}
