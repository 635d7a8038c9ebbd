import type { Command } from 'commander';
import { EXIT_OK } from '../exit-codes.js';
import type { Runtime } from '../runtime.js';
import type { CommandContext } from './command-context.js';
import { renderRequestsTable } from './render-requests.js';

interface RequestsFlags {
  env?: string;
  all?: boolean;
  json?: boolean;
}

export function registerRequests(program: Command, ctx: CommandContext): void {
  program
    .command('requests')
    .description('List approval requests: open ones (waiting for approvals or for apply), or all recent ones')
    .option('-e, --env <name>', 'only requests touching this environment')
    .option('--all', 'the 100 most recent requests in every state (applied, denied, expired...)')
    .option('--json', 'print the requests as JSON (without their stored plans; `qm approve` shows a plan)')
    .addHelpText('after', `
Each line: id, state, command, environments, requester, created, expires, approvals so far
against what the policy requires (e.g. 1/2 sre).

Examples:
  qm requests                      what waits for approval or apply
  qm requests --env prod --all     prod's recent history
  qm requests --json | jq -r '.[].id'`)
    .action(async (flags: RequestsFlags) => ctx.run((rt) => runRequests(rt, flags)));
}

async function runRequests(rt: Runtime, flags: RequestsFlags): Promise<number> {
  const now = rt.clock.now();
  const requests = await rt.qm.requests({ ...(flags.env ? { env: flags.env } : {}), ...(flags.all ? { all: true } : {}) });
  if (flags.json) {
    rt.io.stdout.write(`${JSON.stringify(requests.map(({ plan: _plan, ...r }) => r), null, 2)}\n`);
  } else if (requests.length === 0) {
    rt.io.stdout.write(`No ${flags.all ? '' : 'open '}requests${flags.env ? ` in ${flags.env}` : ''}.\n`);
  } else {
    rt.io.stdout.write(renderRequestsTable(requests, now));
  }
  return EXIT_OK;
}
