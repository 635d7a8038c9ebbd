import { writeFile } from 'node:fs/promises';
import { Option, type Command } from 'commander';
import { describeFsError, OutputUnwritableError } from '../../errors.js';
import { hasChanges } from '../../model/plan.js';
import { renderPlanJson, renderPlanMarkdown, renderPlanText } from '../../render/index.js';
import { EXIT_CHANGES, EXIT_OK } from '../exit-codes.js';
import type { Runtime } from '../runtime.js';
import { collectEnv, type CommandContext } from './command-context.js';

interface PlanFlags {
  env: string[];
  json?: boolean;
  markdown?: boolean;
  out?: string;
  detailedExitcode?: boolean;
  full?: boolean;
}

export function registerPlan(program: Command, ctx: CommandContext): void {
  program
    .command('plan')
    .description('Show what apply would change to make the fleet equal the definitions')
    .option('-e, --env <name>', 'only this environment (repeatable)', collectEnv, [])
    .addOption(new Option('--json', 'print the plan as versioned JSON (docs/plan-format.md)').conflicts('markdown'))
    .option('--markdown', 'print the plan as markdown, as posted on pull requests')
    .option('-o, --out <file>', 'save the plan for `qm apply <file>`')
    .option('--detailed-exitcode', 'exit 2 when the plan has changes, 0 when none')
    .option('--full', 'list every change on its own (by default 10 or more changes alike but for their names are shown as one)')
    .addHelpText(
      'after',
      `
Examples:
  qm plan                          plan every environment
  qm plan --env prod --out prod.plan.json
  qm plan --json | jq '.summary'
  qm plan --full                   list each of 9,800 alike creates instead of one grouped entry
  qm plan --detailed-exitcode      exit 0 = no changes, 2 = changes, 1 = error`,
    )
    .action(async (flags: PlanFlags) => ctx.run((rt) => runPlan(rt, flags)));
}

async function runPlan(rt: Runtime, flags: PlanFlags): Promise<number> {
  await rt.definitions();
  const plan = await rt.qm.plan({ envs: flags.env });
  if (flags.out) await writePlanFile(flags.out, renderPlanJson(plan));
  if (flags.json) rt.io.stdout.write(renderPlanJson(plan));
  else if (flags.markdown) rt.io.stdout.write(renderPlanMarkdown(plan, { full: flags.full }));
  else {
    rt.io.stdout.write(`Provider: ${rt.config.provider}. ${describeStats(plan.stats)}\n\n`);
    rt.io.stdout.write(renderPlanText(plan, { color: rt.config.color, full: flags.full }));
    if (flags.out) rt.io.stdout.write(`\nSaved the plan to ${flags.out}. Apply exactly this plan with: qm apply ${flags.out}\n`);
  }
  return flags.detailedExitcode && hasChanges(plan) ? EXIT_CHANGES : EXIT_OK;
}

function describeStats(stats: { totalProviderCalls: number; readWallMs: number } | undefined): string {
  return stats ? `Read the live fleet in ${stats.totalProviderCalls} calls, ${stats.readWallMs} ms.` : '';
}

/** Saves the plan; a path that cannot be written is one coded error naming it and the fix. */
async function writePlanFile(file: string, json: string): Promise<void> {
  try {
    await writeFile(file, json);
  } catch (e) {
    const why = describeFsError(e);
    if (why === undefined) throw e;
    throw new OutputUnwritableError(`cannot save the plan to ${file}: ${why}`, {
      fix: 'Pass --out a file path in an existing, writable directory (e.g. --out plan.json)',
      cause: e,
    });
  }
}
