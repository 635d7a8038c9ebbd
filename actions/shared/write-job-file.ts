import { createHash } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { ActionSettings } from './action-settings.js';

/**
 * Writes a file later steps of the job can read (RUNNER_TEMP), named by what it is and by this
 * run's key, so two matrix jobs on one runner never overwrite each other's; returns its path.
 *
 * @example await writeJobFile(settings, 'plan', renderPlanJson(plan)) // '/home/runner/work/_temp/quartermaster-plan-3f2a9c1d0b7e.json'
 */
export async function writeJobFile(settings: Pick<ActionSettings, 'key' | 'runnerTemp'>, kind: 'plan' | 'apply', text: string): Promise<string> {
  const id = createHash('sha256').update(settings.key).digest('hex').slice(0, 12);
  const file = path.join(settings.runnerTemp, `quartermaster-${kind}-${id}.json`);
  await mkdir(path.dirname(file), { recursive: true });
  await writeFile(file, text);
  return file;
}
