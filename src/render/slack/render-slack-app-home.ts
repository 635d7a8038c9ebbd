import type { PreviewRequirement } from '../../gates/index.js';
import type { ApprovalRequest } from '../../store/store.js';
import { SLACK_LIMITS, type Block, type SlackHomeView } from './block-kit.js';
import { context, fitBlocks, packSections, section } from './fit-blocks.js';
import { code, escapeMrkdwn, slackDate, who } from './mrkdwn.js';
import { requestLine } from './render-slack-reads.js';

export interface SlackHomeInput {
  /** Whose Home this is (`slack:U…`). */
  actor: string;
  /** Open requests of others this person may approve, with what each still needs. */
  toApprove: readonly { request: ApprovalRequest; approvals: readonly PreviewRequirement[] }[];
  /** Their own open requests. */
  mine: readonly ApprovalRequest[];
  /** The most recent finished requests (applied, failed, denied, expired), newest first. */
  recent: readonly ApprovalRequest[];
}

const STATE_MARK: Record<string, string> = {
  applied: ':white_check_mark:',
  failed: ':x:',
  denied: ':no_entry_sign:',
  expired: ':hourglass:',
  superseded: ':arrows_counterclockwise:',
  applying: ':gear:',
};
const more = (what: string) => (n: number) => `_…and ${n.toLocaleString('en-US')} more ${what}_`;

/**
 * The App Home tab: the requests waiting for this person's approval, their own requests, and
 * the recent changes, each with the command to act on it.
 *
 * @example await client.views.publish({ user_id, view: renderSlackAppHome(input) })
 */
export function renderSlackAppHome(input: SlackHomeInput): SlackHomeView {
  const waiting = input.toApprove.map(({ request: r, approvals }) => {
    const needs = approvals
      .filter((q) => q.approvedBy.length < q.count)
      .map((q) => `${q.count - q.approvedBy.length} from ${code(q.group, 64)}`)
      .join(', ');
    return `${code(r.id)} ${code(r.reason, 150)} asked by ${who(r.actor)}\n     needs ${needs || 'approval'} · expires ${slackDate(r.expiresAt)} · approve with ${code(`/qm approve ${r.id}`)}`;
  });
  const recent = input.recent.map((r) => `${STATE_MARK[r.state] ?? ':grey_question:'} ${code(r.reason, 150)} by ${who(r.actor)}: *${escapeMrkdwn(r.state, 20)}* ${slackDate(r.updatedAt)}`);
  const blocks: Block[] = [
    { type: 'header', text: { type: 'plain_text', text: 'Quartermaster', emoji: true } },
    section(`Hello ${who(input.actor)}. Type ${code('/qm help')} in any channel for the commands.`),
    { type: 'divider' },
    ...packSections(waiting.length ? waiting : ['Nothing is waiting for your approval.'], { title: `*Waiting for your approval* (${waiting.length})`, maxSections: 25, more: more('requests') }),
    { type: 'divider' },
    ...packSections(input.mine.length ? input.mine.map(requestLine) : ['You have no open requests.'], { title: `*Your open requests* (${input.mine.length})`, maxSections: 25, more: more('requests') }),
    { type: 'divider' },
    ...packSections(recent.length ? recent : ['No changes yet.'], { title: '*Recent changes*', maxSections: 25, more: more('changes') }),
    context('Approvals are checked against policy.yml at the moment you approve; never your own request.'),
  ];
  return { type: 'home', blocks: fitBlocks(blocks, SLACK_LIMITS.homeBlocks) };
}
