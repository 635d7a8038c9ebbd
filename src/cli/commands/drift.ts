import type { Command } from 'commander';
import { renderDriftText } from '../../render/drift-text.js';
import { EXIT_CHANGES, EXIT_OK } from '../exit-codes.js';
import { collectEnv, type CommandContext } from './command-context.js';

export function registerDrift(program: Command, ctx: CommandContext): void {
  program
    .command('drift')
    .description('Report what was changed by hand: where the live fleet differs from the definitions (exit 2 on drift)')
    .option('-e, --env <name>', 'only this environment (repeatable)', collectEnv, [])
    .option('--json', 'print the drift report as JSON')
    .addHelpText('after', `
Resources defined but not in the cloud are listed as "not yet applied (run qm apply)", not as
drift: a fresh environment exits 0. (A plan cannot tell them from ones deleted by hand.)

Examples:
  qm drift                         every environment; exit 0 = none, 2 = drift, 1 = error
  qm drift --env prod --json`)
    .action(async (flags: { env: string[]; json?: boolean }) =>
      ctx.run(async (rt) => {
        await rt.definitions();
        const report = await rt.qm.drift({ envs: flags.env });
        rt.io.stdout.write(flags.json ? `${JSON.stringify(report, null, 2)}\n` : renderDriftText(report, { color: rt.config.color }));
        return report.hasDrift ? EXIT_CHANGES : EXIT_OK;
      }),
    );
}
