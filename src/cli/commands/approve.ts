import type { Command } from 'commander';
import type { ApproveOutcome } from '../../gates/index.js';
import type { Plan } from '../../model/plan.js';
import { parsePlanJson, renderPlanText } from '../../render/index.js';
import type { ApprovalRequest } from '../../store/index.js';
import { EXIT_ERROR, EXIT_OK } from '../exit-codes.js';
import type { Runtime } from '../runtime.js';
import { AS_OPTION_HELP } from './cli-actor.js';
import type { CommandContext } from './command-context.js';
import { IDENTITY_NOTE } from './identity-note.js';
import { approvalProgress, renderRequestHeader } from './render-requests.js';
import { formatUtc } from '../../render/text-table.js';

interface ApproveFlags {
  comment?: string;
  as?: string;
  yes?: boolean;
}

export function registerApprove(program: Command, ctx: CommandContext): void {
  program
    .command('approve')
    .argument('<request-id>', 'the request, as `qm requests` lists it (req-...)')
    .description("Approve someone else's request: shows its plan, then records your vote bound to exactly that plan")
    .option('--comment <text>', 'kept with the vote and in the audit log')
    .option('--as <identity>', AS_OPTION_HELP)
    .option('-y, --yes', 'on a terminal, vote without asking once the plan is shown')
    .addHelpText('after', `
Exit 0 when the vote counted (the request is approved, or still needs others), 1 when refused:
your own request, not allowed to approve there, not in a group still required, expired, not
waiting for approvals. Every refusal is also written to the audit log.
${IDENTITY_NOTE}

Examples:
  qm requests                                  find the request id
  QM_ACTOR=github:alice-ops#583231 qm approve req-0123456789ab
  qm approve req-0123456789ab --as alice --comment "checked with the web team"`)
    .action(async (requestId: string, flags: ApproveFlags) => ctx.run((rt) => runApprove(rt, requestId, flags)));
}

async function runApprove(rt: Runtime, requestId: string, flags: ApproveFlags): Promise<number> {
  const approver = await rt.actor(flags.as);
  const request = await rt.qm.request(requestId);
  // The vote is bound to the plan the approver is shown; without a stored plan, to the request's fingerprint.
  let fingerprint = request?.fingerprint ?? '';
  if (request) {
    rt.io.stdout.write(renderRequestHeader(request));
    const shown = storedPlan(request);
    if (shown) {
      rt.io.stdout.write(`\n${renderPlanText(shown, { color: rt.config.color })}\n`);
      fingerprint = shown.fingerprint;
    } else {
      rt.io.stdout.write(`\nThe plan is not stored with ${request.id}${request.planRef ? `; it is at ${request.planRef}` : ''}. You approve plan ${request.fingerprint}.\n\n`);
    }
    if (request.state === 'requested' && rt.io.confirm && !flags.yes && !(await rt.io.confirm(`Approve ${request.id} as ${approver}?`))) {
      rt.io.stdout.write('Not approved; nothing was recorded.\n');
      return EXIT_OK;
    }
  }
  const outcome = await rt.qm.approve({ requestId, approver, door: 'cli', fingerprint, ...(flags.comment ? { comment: flags.comment } : {}) });
  return report(rt, outcome);
}

/** The plan kept with the request (redacted Plan JSON), read back as a Plan. */
function storedPlan(request: ApprovalRequest): Plan | undefined {
  if (request.plan === undefined || request.plan === null) return undefined;
  return parsePlanJson(JSON.stringify(request.plan), { source: `the plan stored with ${request.id}` });
}

function report(rt: Runtime, outcome: ApproveOutcome): number {
  switch (outcome.outcome) {
    case 'approved':
      rt.io.stdout.write(`Approved: ${outcome.request.id} has every approval it needs (${approvalProgress(outcome.request)}); it may be applied until ${formatUtc(outcome.request.expiresAt)}.\n`);
      return EXIT_OK;
    case 'vote-recorded': {
      const left = outcome.remaining.map((g) => `${g.need - g.have} from ${g.group}`).join(', ');
      rt.io.stdout.write(`Vote counted: ${outcome.request.id} still needs ${left} (${approvalProgress(outcome.request)}).\n`);
      return EXIT_OK;
    }
    case 'refused':
      rt.io.stderr.write(`refused (${outcome.code}): ${outcome.reason}\n`);
      return EXIT_ERROR;
  }
}
