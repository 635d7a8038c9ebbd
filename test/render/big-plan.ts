/**
 * Plans too large for a comment, built fast by cloning real actions of the representative
 * plan (createPlan is exercised by the plan tests; here only the size matters), and a helper
 * that checks a markdown body keeps its structure.
 */
import type { Plan, PlannedAction } from '../../src/model/plan.js';
import { summarizePlan } from '../../src/plan/index.js';
import { representativePlan } from './representative-plan.js';

interface BigPlanSpec {
  envs: string[];
  /** Changes per environment without downtime (creates). */
  creates: number;
  /** Per environment, placed after the creates so that plan order is not risk order. */
  downtime?: number;
  destructive?: number;
  /** Name of the i-th resource; default `node-00042`. */
  name?: (i: number, env: string) => string;
  /**
   * Creates alike but for their names, which the renderers show as one group. Default: each
   * create differs in a tag (`tags.slot`), so that the list stays long and its cutting is tested.
   */
  alike?: boolean;
}

export function bigPlan(spec: BigPlanSpec): Plan {
  const base = representativePlan();
  const template = (type: PlannedAction['type']) => base.actions.find((a) => a.type === type)!;
  const create = template('create');
  const resize = template('stop-modify-start');
  const replace = template('replace');
  const name = spec.name ?? ((i: number) => `node-${String(i).padStart(5, '0')}`);
  const actions: PlannedAction[] = [];
  for (const env of spec.envs) {
    let i = 0;
    const add = (t: PlannedAction, n: number) => {
      for (let k = 0; k < n; k++, i++) {
        const resourceName = name(i, env);
        const changes = t.type === 'create' ? createChanges(t, resourceName, spec.alike ? undefined : `${i}`) : t.changes;
        actions.push({ ...t, id: `${env}/${t.resource.kind}/${resourceName}`, resource: { ...t.resource, env, name: resourceName }, changes });
      }
    };
    add(create, spec.creates);
    add(resize, spec.downtime ?? 0);
    add(replace, spec.destructive ?? 0);
  }
  return {
    ...base,
    envs: spec.envs,
    actions,
    notices: [],
    summary: summarizePlan(actions),
    monthlyCostDelta: actions.reduce((n, a) => n + a.monthlyCostDelta, 0),
    fingerprint: 'b1g0000000000000000000000000000000000000000000000000000000000000',
  };
}

/** A create's changes naming its own resource, and with a `tags.slot` of its own when `slot` is given. */
function createChanges(t: PlannedAction, name: string, slot: string | undefined): PlannedAction['changes'] {
  const named = t.changes.map((c) => (c.field === 'name' ? { ...c, new: name } : c));
  return slot === undefined ? named : [...named, { field: 'tags.slot', old: undefined, new: slot }];
}

/** Code points, as GitHub counts a comment body. */
export const codePoints = (s: string): number => [...s].length;

/** `tags` that make each of many instance definitions differ from the others (no grouping). */
export function slotTags(i: number): Record<string, string> {
  return { team: 'platform', slot: String(i) };
}

/** The body without its fenced code blocks, and whether every fence was closed. */
export function outsideFences(md: string): { text: string; balanced: boolean } {
  const out: string[] = [];
  let fence: string | undefined;
  for (const line of md.split('\n')) {
    const m = /^(`{3,})/.exec(line);
    if (fence === undefined && m) fence = m[1];
    else if (fence !== undefined && line === fence) fence = undefined;
    else if (fence === undefined) out.push(line);
  }
  return { text: out.join('\n'), balanced: fence === undefined };
}
