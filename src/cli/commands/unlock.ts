import type { Command } from 'commander';
import { EXIT_ERROR, EXIT_OK } from '../exit-codes.js';
import type { Runtime } from '../runtime.js';
import { AS_OPTION_HELP } from './cli-actor.js';
import type { CommandContext } from './command-context.js';
import { IDENTITY_NOTE } from './identity-note.js';
import { formatUtc } from '../../render/text-table.js';

interface UnlockFlags {
  reason: string;
  as?: string;
}

export function registerUnlock(program: Command, ctx: CommandContext): void {
  program
    .command('unlock')
    .argument('<env>', 'the environment whose apply lock to remove')
    .description("Force-release an environment's apply lock (a stuck or dead apply); only people policy.yml lets run `unlock` there")
    .requiredOption('--reason <text>', 'why; kept in the audit log')
    .option('--as <identity>', AS_OPTION_HELP)
    .addHelpText('after', `
A lock whose holder stopped renewing it expires by itself and the next apply takes it over;
unlock is for when you cannot wait. Refused or not, the attempt is written to the audit log.
Exit 0 when unlocked (or there was no lock), 1 when refused.
${IDENTITY_NOTE}

Examples:
  qm locks                                   who holds what
  qm unlock prod --reason "apply runner killed during the incident"
  qm unlock dev --as github:davedev#3318842 --reason "my laptop died mid-apply"`)
    .action(async (env: string, flags: UnlockFlags) => ctx.run((rt) => runUnlock(rt, env, flags)));
}

async function runUnlock(rt: Runtime, env: string, flags: UnlockFlags): Promise<number> {
  const by = await rt.actor(flags.as);
  const outcome = await rt.qm.unlock({ env, by, door: 'cli', reason: flags.reason });
  if (!outcome.unlocked) {
    rt.io.stderr.write(`refused: ${outcome.reason}\n`);
    return EXIT_ERROR;
  }
  const l = outcome.removed;
  rt.io.stdout.write(
    l
      ? `Unlocked ${env}: removed the lock ${l.holder} held since ${formatUtc(l.acquiredAt)} for ${l.purpose}${l.expired ? ' (it had expired)' : ''}.\n`
      : `${env} was not locked; nothing to remove (the attempt is in the audit log).\n`,
  );
  return EXIT_OK;
}
