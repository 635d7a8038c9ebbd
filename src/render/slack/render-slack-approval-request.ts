import type { Intent } from '../../commands/intent.js';
import type { GatedApplyOutcome } from '../../engine/gated-apply.js';
import type { PreviewRequirement } from '../../gates/index.js';
import { worstImpact } from '../../model/plan.js';
import { SLACK_ACTION_IDS, SLACK_BLOCK_IDS, SLACK_LIMITS, type Block, type ButtonElement, type SlackMessage } from './block-kit.js';
import { context, fallback, fitBlocks, packSections, section } from './fit-blocks.js';
import { code, cutText, escapeMrkdwn, listOf, plain, principals, slackDate, who } from './mrkdwn.js';
import { changeItems, changesOf, costOf, impactSummary } from './plan-items.js';

export interface ApprovalRequestInput {
  intent: Intent;
  /** The canonical command (`scale prod/web t3.large`). */
  text: string;
  outcome: Extract<GatedApplyOutcome, { status: 'needs-approval' }>;
  /** Who may approve, per requirement (CommandAnswer.approvals). */
  approvals?: readonly PreviewRequirement[];
}

/** Blocks kept for the head, facts, approvers, buttons and footer; the rest is for the changes. */
const CHANGE_SECTIONS = 30;
const APPROVER_NAMES = 8;

/**
 * The channel message of a change that waits for approval: what changes (one item per planned
 * change, user data only as its hash), its downtime, monthly cost, how long it lasts, who may
 * approve and until when, and Approve / Deny buttons whose value is the request id. Approve
 * asks for confirmation when the plan stops or destroys something.
 *
 * @example await client.chat.postMessage({ channel, ...renderSlackApprovalRequest(answer) })
 */
export function renderSlackApprovalRequest(input: ApprovalRequestInput): SlackMessage {
  const { plan, request } = input.outcome;
  const command = `/qm ${input.text}`;
  const changes = changesOf(plan);
  const worst = worstImpact(changes);
  const items = changeItems(plan);

  const blocks: Block[] = [
    { type: 'header', block_id: SLACK_BLOCK_IDS.title, text: { type: 'plain_text', text: plain(`Approval needed: ${input.text}`, SLACK_LIMITS.headerText), emoji: true } },
    section(`${who(request.actor)} asked for ${code(command, 200)}\nRequest ${code(request.id)} · plan ${code(request.fingerprint.slice(0, 12))}`),
    {
      type: 'section',
      fields: [
        { type: 'mrkdwn', text: cutText(`*Downtime*\n${impactSummary(plan)}`, SLACK_LIMITS.fieldText) },
        { type: 'mrkdwn', text: `*Monthly cost*\n${costOf(plan)}` },
        { type: 'mrkdwn', text: `*Lasts*\n${lasting(input.intent)}` },
        { type: 'mrkdwn', text: `*Expires*\n${slackDate(request.expiresAt)}` },
      ],
    },
    ...packSections(items.items, { weights: items.weights, title: '*What changes*', maxSections: CHANGE_SECTIONS, more: (n) => `_…and ${n.toLocaleString('en-US')} more changes; \`/qm plan\` lists them all_` }),
    ...packSections(approverItems(input.approvals ?? [], request.requirements), { title: '*Who may approve*', maxSections: 3, more: (n) => `_…and ${n} more requirements_` }),
    { type: 'actions', block_id: SLACK_BLOCK_IDS.buttons, elements: buttons(request.id, worst, plan.actions.filter((a) => a.type !== 'no-op' && a.impact === worst).map((a) => `${a.resource.env}/${a.resource.name}`)) },
    context('Never the requester; the approver’s rights are checked against policy.yml at the moment of the click.'),
  ];
  return { text: fallback(`Approval needed for ${escapeMrkdwn(command, 200)} (${request.id}), asked by ${who(request.actor)}`), blocks: fitBlocks(blocks, SLACK_LIMITS.messageBlocks) };
}

function lasting(intent: Intent): string {
  if (!('target' in intent) || !intent.target) return 'until changed';
  const l = 'lasting' in intent ? intent.lasting : undefined;
  if (l) return `${escapeMrkdwn(l.said, 60)}, then reverts by itself (${slackDate(l.until)})`;
  if (intent.command === 'shutdown') return `until ${code(`/qm startup ${intent.target.env}${'name' in intent.target ? `/${intent.target.name}` : ''}`)}`;
  if (intent.command === 'startup') return 'until the definitions say otherwise';
  return 'persistent: written back to the definitions';
}

function approverItems(reqs: readonly PreviewRequirement[], fallbackReqs: readonly { group: string; count: number; reason: string }[]): string[] {
  if (reqs.length === 0) return fallbackReqs.map((q) => `• *${q.count}* from ${code(q.group, 64)}: ${escapeMrkdwn(q.reason, 300)}`);
  return reqs.map((q) => {
    const names = q.approvers.map((a) => principals(a, 120));
    const done = q.approvedBy.length ? ` · approved so far by ${listOf(q.approvedBy.map(who), 5)}` : '';
    return `• *${q.count}* from ${code(q.group, 64)}${names.length ? ` (${listOf(names, APPROVER_NAMES)})` : ''}: ${escapeMrkdwn(q.reason, 300)}${done}`;
  });
}

function buttons(requestId: string, worst: ReturnType<typeof worstImpact>, names: readonly string[]): ButtonElement[] {
  const approve: ButtonElement = { type: 'button', action_id: SLACK_ACTION_IDS.approve, text: { type: 'plain_text', text: 'Approve' }, value: requestId, style: 'primary' };
  if (worst !== 'none') {
    const what = worst === 'destructive' ? 'destroys or replaces' : 'stops';
    approve.confirm = {
      title: { type: 'plain_text', text: worst === 'destructive' ? 'Approve a destructive change?' : 'Approve downtime?' },
      text: { type: 'mrkdwn', text: cutText(`This change ${what} ${listOf(names.map((n) => code(n, 64)), 5)}. It is applied as soon as the approvals it needs are in.`, SLACK_LIMITS.confirmText) },
      confirm: { type: 'plain_text', text: 'Approve' },
      deny: { type: 'plain_text', text: 'Cancel' },
      style: 'danger',
    };
  }
  const deny: ButtonElement = { type: 'button', action_id: SLACK_ACTION_IDS.deny, text: { type: 'plain_text', text: 'Deny' }, value: requestId, style: 'danger' };
  return [approve, deny];
}
