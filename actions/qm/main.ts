import * as core from '@actions/core';
import { ConfigInvalidError } from '../../src/errors.js';
import { failWith } from '../shared/fail-with.js';
import { run as runPlan } from '../plan/main.js';
import { run as runApply } from '../apply/main.js';
import { run as runDrift } from '../drift/main.js';

const COMMANDS: Record<string, () => Promise<void>> = { plan: runPlan, apply: runApply, drift: runDrift };

/** The root action (`uses: acme/quartermaster@v1` with `command: plan | apply | drift`): one table, the same runs. */
export async function run(): Promise<void> {
  const command = core.getInput('command').trim();
  const chosen = COMMANDS[command];
  if (!chosen) {
    failWith(core, new ConfigInvalidError(`the command input "${command}" is not one of ${Object.keys(COMMANDS).join(', ')}`, { fix: 'Set `command: plan` on pull requests, `command: apply` on pushes to the default branch, `command: drift` on a schedule' }));
    return;
  }
  await chosen();
}
