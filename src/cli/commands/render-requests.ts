import { effectiveState, quorumGaps } from '../../gates/index.js';
import type { ApprovalRequest } from '../../store/index.js';
import { formatUtc, renderTextTable } from '../../render/text-table.js';

/**
 * Approvals so far against the requirements: `1/2 sre, 0/1 dba`, or `none needed`.
 *
 * @example approvalProgress(request) // '0/1 sre'
 */
export function approvalProgress(request: Pick<ApprovalRequest, 'requirements' | 'approvals'>): string {
  if (request.requirements.length === 0) return 'none needed';
  const gaps = quorumGaps(request);
  // A vote only counts for groups that still need one, so a met requirement has exactly its count.
  return request.requirements.map((q) => `${gaps.find((g) => g.group === q.group)?.have ?? q.count}/${q.count} ${q.group}`).join(', ');
}

/**
 * One line per request for `qm requests`, with each request's state as of `now` (an overdue
 * open request reads as expired).
 *
 * @example process.stdout.write(renderRequestsTable(await store.listRequests(), clock.now()))
 */
export function renderRequestsTable(requests: readonly ApprovalRequest[], now: Date): string {
  const header = ['ID', 'STATE', 'COMMAND', 'ENVS', 'ACTOR', 'CREATED (UTC)', 'EXPIRES (UTC)', 'APPROVALS'];
  return renderTextTable(
    header,
    requests.map((r) => [r.id, effectiveState(r, now), r.command, r.envs.join(','), r.actor, formatUtc(r.createdAt), formatUtc(r.expiresAt), approvalProgress(r)]),
  );
}

/**
 * What an approver reads before the plan: who asks for what, why, and what is still needed.
 *
 * @example rt.io.stdout.write(renderRequestHeader(request))
 */
export function renderRequestHeader(request: ApprovalRequest): string {
  const lines = [
    `Request ${request.id}: ${request.command} in ${request.envs.join(', ')} (${request.state}${request.stateReason ? `: ${request.stateReason}` : ''})`,
    `  requested by ${request.actor} via ${request.door} at ${formatUtc(request.createdAt)}: ${request.reason}`,
    `  expires ${formatUtc(request.expiresAt)}; approvals ${approvalProgress(request)}`,
    ...request.requirements.map((q) => `  needs ${q.count} from ${q.group}: ${q.reason}`),
    ...request.approvals.map((v) => `  approved by ${v.approver} (${v.groups.join(', ')}) at ${formatUtc(v.at)}${v.comment ? `: ${v.comment}` : ''}`),
  ];
  return `${lines.join('\n')}\n`;
}
