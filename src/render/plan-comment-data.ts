import type { Plan } from '../model/plan.js';

/** What a plan comment records of its plan, for the apply door to compare with on merge. */
export interface PlanCommentData {
  fingerprint: string;
  envs: string[];
  add: number;
  change: number;
  destroy: number;
}

const PREFIX = '<!-- quartermaster:plan-data ';
const SUFFIX = ' -->';
const DATA_LINE = /^<!-- quartermaster:plan-data (\{.*\}) -->\r?$/gm;

/** @example planCommentDataOf(plan) // { fingerprint: '333d...', envs: ['prod'], add: 1, change: 2, destroy: 0 } */
export function planCommentDataOf(plan: Plan): PlanCommentData {
  const s = plan.summary;
  return { fingerprint: plan.fingerprint, envs: [...plan.envs], add: s.add, change: s.change, destroy: s.destroy };
}

/**
 * The hidden line carrying a plan's fingerprint, environments and counts as JSON. `<` and `>`
 * are written as `\u003c` / `\u003e` (still the same JSON), so no value can end the comment.
 *
 * @example renderPlanCommentData(data) // '<!-- quartermaster:plan-data {"fingerprint":"333d...","envs":["prod"],"add":1,"change":2,"destroy":0} -->'
 */
export function renderPlanCommentData(data: PlanCommentData): string {
  const json = JSON.stringify({ fingerprint: data.fingerprint, envs: data.envs, add: data.add, change: data.change, destroy: data.destroy });
  return `${PREFIX}${json.replace(/</g, '\\u003c').replace(/>/g, '\\u003e')}${SUFFIX}`;
}

/**
 * The data of the last plan-data line of a comment body, or undefined when there is none or it
 * is not what renderPlanCommentData writes (edited, truncated, another tool's). Never throws.
 *
 * @example const reviewed = readPlanCommentData(comment.body ?? ''); if (reviewed?.fingerprint !== plan.fingerprint) ...
 */
export function readPlanCommentData(body: string): PlanCommentData | undefined {
  if (typeof body !== 'string') return undefined;
  let json: string | undefined;
  for (const m of body.matchAll(DATA_LINE)) json = m[1];
  if (json === undefined) return undefined;
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch {
    return undefined;
  }
  return asPlanCommentData(value);
}

function asPlanCommentData(value: unknown): PlanCommentData | undefined {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
  const v = value as Record<string, unknown>;
  const { fingerprint, envs, add, change, destroy } = v;
  if (typeof fingerprint !== 'string' || fingerprint.length === 0 || fingerprint.length > 256) return undefined;
  if (!Array.isArray(envs) || !envs.every((e): e is string => typeof e === 'string')) return undefined;
  if (![add, change, destroy].every(isCount)) return undefined;
  return { fingerprint, envs: [...envs], add: add as number, change: change as number, destroy: destroy as number };
}

function isCount(n: unknown): boolean {
  return typeof n === 'number' && Number.isSafeInteger(n) && n >= 0;
}
