import type { QuorumGap } from '../../gates/index.js';
import type { ApprovalRequest } from '../../store/store.js';
import { SLACK_BLOCK_IDS, SLACK_LIMITS, type Block, type SlackMessage } from './block-kit.js';
import { fallback, fitBlocks, section } from './fit-blocks.js';
import { code, escapeMrkdwn, listOf, plain, who } from './mrkdwn.js';

/** What became of a request, as its approval message shows it once someone clicked. */
export type SlackDecision =
  /** Every approval it needs is in (`approvers`: everyone whose vote counted). */
  | { kind: 'approved'; by: string; approvers: readonly string[] }
  /** A vote counted; more are needed (the buttons stay). */
  | { kind: 'vote-recorded'; by: string; remaining: readonly QuorumGap[] }
  | { kind: 'denied'; by: string; reason?: string }
  /** It can no longer be approved (expired, superseded, already applied): the buttons go. */
  | { kind: 'closed'; state: string; reason?: string };

/** The approval message as Slack sent it back with the click (`body.message`). */
export interface OriginalMessage {
  blocks?: readonly unknown[];
}

const KEPT_TYPES = new Set(['header', 'section', 'context', 'divider', 'actions']);

/**
 * The approval message updated in place after a decision: the title says it, a status line
 * says who decided, and the buttons go (they stay while more votes are needed). Built from the
 * original message's own blocks (those the renderer wrote) when Slack sent them, else from the
 * request alone.
 *
 * @example await client.chat.update({ channel, ts, ...renderSlackDecision(body.message, request, { kind: 'approved', by: 'slack:U0BOB', approvers: ['slack:U0BOB'] }) })
 */
export function renderSlackDecision(original: OriginalMessage | undefined, request: Pick<ApprovalRequest, 'id' | 'reason' | 'actor'>, decision: SlackDecision): SlackMessage {
  const command = request.reason;
  const base = originalBlocks(original) ?? [
    { type: 'header', block_id: SLACK_BLOCK_IDS.title, text: { type: 'plain_text', text: plain(command, SLACK_LIMITS.headerText), emoji: true } },
    section(`${who(request.actor)} asked for ${code(command, 200)}\nRequest ${code(request.id)}`),
  ];
  const title = `${TITLE[decision.kind]}: ${command.replace(/^\/qm /, '')}`;
  const kept = base
    .filter((b) => blockId(b) !== SLACK_BLOCK_IDS.status && (decision.kind === 'vote-recorded' || blockId(b) !== SLACK_BLOCK_IDS.buttons))
    .map((b) => (blockId(b) === SLACK_BLOCK_IDS.title ? ({ type: 'header', block_id: SLACK_BLOCK_IDS.title, text: { type: 'plain_text', text: plain(title, SLACK_LIMITS.headerText), emoji: true } } satisfies Block) : b));
  const status = section(statusLine(decision), SLACK_BLOCK_IDS.status);
  const at = kept.findIndex((b) => blockId(b) === SLACK_BLOCK_IDS.buttons);
  const blocks = at >= 0 ? [...kept.slice(0, at), status, ...kept.slice(at)] : [...kept, status];
  return { text: fallback(`${escapeMrkdwn(title, 200)} (${request.id})`), blocks: fitBlocks(blocks, SLACK_LIMITS.messageBlocks) };
}

const TITLE: Record<SlackDecision['kind'], string> = { approved: 'Approved', 'vote-recorded': 'Approval needed', denied: 'Denied', closed: 'Closed' };

function statusLine(d: SlackDecision): string {
  switch (d.kind) {
    case 'approved': {
      const others = d.approvers.filter((a) => a !== d.by);
      return `:white_check_mark: *Approved by ${who(d.by)}*${others.length ? ` (with ${listOf(others.map(who), 5)})` : ''}`;
    }
    case 'vote-recorded':
      return `:thumbsup: ${who(d.by)} approved; still needed: ${d.remaining.map((g) => `${g.need - g.have} from ${code(g.group, 64)}`).join(', ') || 'nothing'}`;
    case 'denied':
      return `:x: *Denied by ${who(d.by)}*${d.reason ? `: ${escapeMrkdwn(d.reason, 300)}` : ''}`;
    case 'closed':
      return `:lock: This request is ${escapeMrkdwn(d.state, 30)}${d.reason ? `: ${escapeMrkdwn(d.reason, 300)}` : ''}; it can no longer be approved.`;
  }
}

function blockId(b: Block): string | undefined {
  return b.block_id;
}

/** The blocks Slack echoed, kept only when they have the shapes the renderers write. */
function originalBlocks(original: OriginalMessage | undefined): Block[] | undefined {
  const blocks = original?.blocks;
  if (!Array.isArray(blocks) || blocks.length === 0) return undefined;
  const kept = blocks.filter((b): b is Block => typeof b === 'object' && b !== null && KEPT_TYPES.has(String((b as { type?: unknown }).type)));
  return kept.length ? kept : undefined;
}
