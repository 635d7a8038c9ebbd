import type { CommandAnswer } from '../../engine/command-answer.js';
import type { SlackMessage } from './block-kit.js';
import { renderSlackApprovalRequest } from './render-slack-approval-request.js';
import { renderSlackApplied, renderSlackChangeOutcome } from './render-slack-change-outcome.js';
import { renderSlackDrift, renderSlackLocks, renderSlackPlan, renderSlackRequests, renderSlackStatus, renderSlackUnlock } from './render-slack-reads.js';
import { renderSlackHelp, renderSlackRefusal, renderSlackUsage } from './render-slack-reply.js';
import { renderSlackDenied, renderSlackVote } from './render-slack-vote.js';

/**
 * Any command answer as one Slack message: the approval message of a change waiting for
 * approval (new requests only), the headline of an applied change, and otherwise the reply for
 * the person who asked. Where each goes (ephemeral, the channel, a thread) is the door's choice.
 *
 * @example renderSlackAnswer(await engine.command(req), req.actor)
 */
export function renderSlackAnswer(answer: CommandAnswer, actor: string): SlackMessage {
  switch (answer.kind) {
    case 'usage':
      return renderSlackUsage(answer);
    case 'refused':
      return renderSlackRefusal(answer.reason);
    case 'help':
      return renderSlackHelp(answer);
    case 'change': {
      const o = answer.outcome;
      if (o.status === 'needs-approval' && !o.reused) return renderSlackApprovalRequest({ intent: answer.intent, text: answer.text, outcome: o, ...(answer.approvals ? { approvals: answer.approvals } : {}) });
      if (o.status === 'applied') return renderSlackApplied(answer);
      return renderSlackChangeOutcome(answer);
    }
    case 'vote':
      return renderSlackVote(answer.outcome);
    case 'denied':
      return renderSlackDenied(answer.outcome);
    case 'status':
      return renderSlackStatus(answer);
    case 'plan':
      return renderSlackPlan(answer.plan);
    case 'drift':
      return renderSlackDrift(answer.report);
    case 'requests':
      return renderSlackRequests(answer.requests);
    case 'locks':
      return renderSlackLocks(answer.locks);
    case 'unlock':
      return renderSlackUnlock(answer, actor);
  }
}
