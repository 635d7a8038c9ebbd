import { readFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { ConfigInvalidError, PlanFileInvalidError } from '../../errors.js';
import { hasChanges, type Plan } from '../../model/plan.js';
import type { Definitions } from '../../model/resources.js';
import { parsePlanJson, renderPlanText } from '../../render/index.js';
import { createApplyProgress } from '../../render/apply-progress.js';
import { renderApplyResultTable } from '../../render/apply-result-table.js';
import { EXIT_ERROR, EXIT_OK } from '../exit-codes.js';
import type { Runtime } from '../runtime.js';
import { collectEnv, type CommandContext } from './command-context.js';

interface ApplyFlags {
  env: string[];
  autoApprove?: boolean;
  concurrency?: string;
}

export function registerApply(program: Command, ctx: CommandContext): void {
  program
    .command('apply')
    .argument('[plan-file]', 'a plan saved by `qm plan --out`; refused if the fleet or definitions changed since')
    .description('Make the fleet equal the definitions')
    .option('-e, --env <name>', 'only this environment (repeatable; ignored with a plan file)', collectEnv, [])
    .option('--auto-approve', 'do not ask for confirmation (needed when not on a terminal)')
    .option('--concurrency <n>', 'actions run at once', '8')
    .addHelpText(
      'after',
      `
Examples:
  qm apply                         plan, show, ask "yes", apply
  qm plan --out p.json && qm apply p.json
                                   apply exactly the reviewed plan (refused if stale)
  qm apply --env dev --auto-approve`,
    )
    .action(async (planFile: string | undefined, flags: ApplyFlags) => ctx.run((rt) => runApply(rt, planFile, flags)));
}

async function runApply(rt: Runtime, planFile: string | undefined, flags: ApplyFlags): Promise<number> {
  const concurrency = Number(flags.concurrency ?? 8);
  if (!Number.isInteger(concurrency) || concurrency < 1 || concurrency > 64) {
    throw new ConfigInvalidError(`--concurrency "${flags.concurrency}" is not a whole number from 1 to 64`, { fix: 'Pass e.g. --concurrency 8' });
  }
  const definitions = await rt.definitions();
  const expected = planFile ? await readPlanFile(planFile) : await planAndConfirm(rt, definitions, flags);
  if (!expected) return EXIT_OK;

  const onEvent = createApplyProgress(rt.io.stderr, { color: rt.config.color });
  const { plan, result } = await rt.engine().apply({ definitions, expected, onEvent, concurrency });
  rt.io.stdout.write(`\n${renderApplyResultTable(result, plan, { color: rt.config.color })}`);
  return result.ok ? EXIT_OK : EXIT_ERROR;
}

/** Plans now, shows it, and asks; undefined when there is nothing to do or the user said no. */
async function planAndConfirm(rt: Runtime, definitions: Definitions, flags: ApplyFlags): Promise<Plan | undefined> {
  const plan = await rt.engine().plan({ definitions, envs: flags.env });
  rt.io.stdout.write(renderPlanText(plan, { color: rt.config.color }));
  if (!hasChanges(plan)) return undefined;
  if (flags.autoApprove) return plan;
  if (!rt.io.confirm) {
    throw new ConfigInvalidError('refusing to apply without confirmation: this is not an interactive terminal', {
      fix: 'Review the plan and pass --auto-approve, or save it with `qm plan --out p.json` and run `qm apply p.json`',
    });
  }
  const yes = await rt.io.confirm('\nDo you want to apply these changes?');
  if (!yes) rt.io.stdout.write('Apply cancelled; nothing was changed.\n');
  return yes ? plan : undefined;
}

async function readPlanFile(file: string): Promise<Plan> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (e) {
    throw new PlanFileInvalidError(`cannot read plan file ${file}: ${(e as Error).message}`, {
      fix: 'Check the path, or create it with `qm plan --out <file>`',
    });
  }
  return parsePlanJson(text);
}
