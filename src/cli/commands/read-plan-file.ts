import { readFile } from 'node:fs/promises';
import { describeFsError, PlanFileInvalidError } from '../../errors.js';
import type { Plan } from '../../model/plan.js';
import { parsePlanJson } from '../../render/index.js';

const REWRITE = 'Write it again with `qm plan --out plan.json`';

/**
 * A plan saved by `qm plan --out`, checked by parsePlanJson. A file that cannot be read, is not
 * text or is not JSON is a coded error that never quotes the file (a plan file can be anything
 * the user pointed at, secrets included).
 *
 * @example const plan = await readPlanFile('prod.plan.json');
 */
export async function readPlanFile(file: string): Promise<Plan> {
  let bytes: Buffer;
  try {
    bytes = await readFile(file);
  } catch (e) {
    throw new PlanFileInvalidError(`cannot read plan file ${file}: ${describeFsError(e) ?? (e as Error).message}`, {
      fix: 'Check the path, or create it with `qm plan --out <file>`',
      cause: e,
    });
  }
  if (bytes.includes(0)) throw new PlanFileInvalidError(`${file} is not a text file, so not a plan`, { fix: REWRITE });
  // A byte order mark (Windows editors, PowerShell's Out-File) is not part of the JSON.
  const text = bytes.toString('utf8').replace(/^\uFEFF/, '');
  try {
    JSON.parse(text);
  } catch (e) {
    // JSON.parse quotes the text around the fault: say only where it is.
    const at = /at position (\d+)/.exec((e as Error).message)?.[1];
    throw new PlanFileInvalidError(`${file} is not JSON${at ? ` (at character ${at})` : text.trim() === '' ? ' (it is empty)' : ''}, so not a plan`, { fix: REWRITE });
  }
  return parsePlanJson(text, { source: file });
}
