import type { Command } from 'commander';
import { EXIT_ERROR, EXIT_OK } from '../exit-codes.js';
import type { Runtime } from '../runtime.js';
import { AS_OPTION_HELP } from './cli-actor.js';
import type { CommandContext } from './command-context.js';
import { IDENTITY_NOTE } from './identity-note.js';

interface DenyFlags {
  reason: string;
  as?: string;
}

export function registerDeny(program: Command, ctx: CommandContext): void {
  program
    .command('deny')
    .argument('<request-id>', 'the request, as `qm requests` lists it (req-...)')
    .description('Deny an open request (anyone who could approve it may), or withdraw your own')
    .requiredOption('--reason <text>', 'why; kept with the request and in the audit log')
    .option('--as <identity>', AS_OPTION_HELP)
    .addHelpText('after', `
Exit 0 when the request is denied, 1 when refused (not open any more, or you may not deny it).
${IDENTITY_NOTE}

Examples:
  qm deny req-0123456789ab --reason "not during the sale; retry Monday"
  qm deny req-0123456789ab --reason "wrong branch"      the requester withdraws it`)
    .action(async (requestId: string, flags: DenyFlags) => ctx.run((rt) => runDeny(rt, requestId, flags)));
}

async function runDeny(rt: Runtime, requestId: string, flags: DenyFlags): Promise<number> {
  const by = await rt.actor(flags.as);
  const outcome = await rt.qm.deny({ requestId, by, door: 'cli', reason: flags.reason });
  if (outcome.outcome === 'refused') {
    rt.io.stderr.write(`refused (${outcome.code}): ${outcome.reason}\n`);
    return EXIT_ERROR;
  }
  rt.io.stdout.write(`${outcome.request.id} is denied: ${outcome.request.stateReason ?? flags.reason}.\n`);
  return EXIT_OK;
}
