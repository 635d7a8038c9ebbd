import { readFile } from 'node:fs/promises';
import { PlanFileInvalidError } from '../../errors.js';
import type { Plan } from '../../model/plan.js';
import { parsePlanJson } from '../../render/index.js';

/**
 * A plan saved by `qm plan --out`, checked by parsePlanJson; a missing file is a coded error.
 *
 * @example const plan = await readPlanFile('prod.plan.json');
 */
export async function readPlanFile(file: string): Promise<Plan> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (e) {
    throw new PlanFileInvalidError(`cannot read plan file ${file}: ${(e as Error).message}`, {
      fix: 'Check the path, or create it with `qm plan --out <file>`',
    });
  }
  return parsePlanJson(text, { source: file });
}
