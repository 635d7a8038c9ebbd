import type { Command } from 'commander';
import { EXIT_OK } from '../exit-codes.js';
import type { CommandContext } from './command-context.js';
import { formatUtc, renderTextTable } from '../../render/text-table.js';

export function registerLocks(program: Command, ctx: CommandContext): void {
  program
    .command('locks')
    .description('List the environment apply locks: who holds each, for what, since when, until when')
    .option('--json', 'print the locks as JSON')
    .addHelpText('after', `
An expired lock's holder stopped renewing it (its process died): the next apply takes it over.

Examples:
  qm locks
  qm locks --json | jq '.[] | select(.expired)'`)
    .action(async (flags: { json?: boolean }) =>
      ctx.run(async (rt) => {
        const locks = await rt.qm.locks();
        if (flags.json) rt.io.stdout.write(`${JSON.stringify(locks, null, 2)}\n`);
        else if (locks.length === 0) rt.io.stdout.write('No environment is locked.\n');
        else {
          const header = ['ENV', 'HOLDER', 'SINCE (UTC)', 'EXPIRES (UTC)', 'EXPIRED', 'PURPOSE'];
          rt.io.stdout.write(renderTextTable(header, locks.map((l) => [l.env, l.holder, formatUtc(l.acquiredAt), formatUtc(l.expiresAt), l.expired ? 'yes' : 'no', l.purpose])));
        }
        return EXIT_OK;
      }),
    );
}
