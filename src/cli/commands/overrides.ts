import os from 'node:os';
import type { Command } from 'commander';
import { ConfigInvalidError } from '../../errors.js';
import { renderCommandAnswerText } from '../../render/command-answer-text.js';
import { formatUtc } from '../../render/text-table.js';
import { EXIT_ERROR, EXIT_OK } from '../exit-codes.js';
import type { CommandContext } from './command-context.js';

export function registerOverrides(program: Command, ctx: CommandContext): void {
  const overrides = program.command('overrides').description('Temporary changes made from chat (shutdown, startup, --for, --until)');
  overrides
    .command('list', { isDefault: true })
    .option('-e, --env <name>', 'only this environment')
    .option('--json', 'print them as JSON')
    .description('List the active temporary changes: what, who, until when')
    // The default subcommand is handed any word typed after `overrides`: say it is not a subcommand.
    .allowExcessArguments()
    .action(async (flags: { env?: string; json?: boolean }, cmd: Command) =>
      ctx.run(async (rt) => {
        const [word] = cmd.args;
        if (word !== undefined) throw new ConfigInvalidError(`"${word}" is not an overrides command (expected list or expire)`, { fix: 'Run `qm overrides list` or `qm overrides expire` (`qm overrides --help`)' });
        const list = await rt.qm.overrides(flags.env);
        if (flags.json) rt.io.stdout.write(`${JSON.stringify(list, null, 2)}\n`);
        else if (list.length === 0) rt.io.stdout.write('No temporary change is active.\n');
        else for (const o of list) rt.io.stdout.write(`${o.id}  ${o.env}${o.target ? `/${o.target.name}` : ''}  ${o.change.kind}  by ${o.owner}  ${o.expiresAt ? `until ${formatUtc(o.expiresAt)}` : 'until startup'}\n`);
        return EXIT_OK;
      }),
    );
  overrides
    .command('expire')
    .description('Revert the temporary changes whose time is up, through the gate (for cron when no bot runs)')
    .addHelpText('after', `
Examples:
  */5 * * * *  cd /srv/fleet && qm overrides expire`)
    .action(async () =>
      ctx.run(async (rt) => {
        await rt.definitions();
        const results = await rt.qm.expireOverrides(`${rt.config.actor}@${os.hostname()} pid ${process.pid} (qm overrides expire)`);
        if (results.length === 0) rt.io.stdout.write('No temporary change is due.\n');
        let failed = 0;
        for (const r of results) {
          rt.io.stdout.write(`${r.override.id} (${r.override.reason.replace(/^\/qm /, '')}):\n${renderCommandAnswerText(r.answer, { color: rt.config.color })}`);
          if (r.answer.kind !== 'change' || !r.answer.ended) failed++;
        }
        return failed ? EXIT_ERROR : EXIT_OK;
      }),
    );
}
