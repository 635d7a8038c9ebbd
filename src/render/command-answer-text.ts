import type { CommandAnswer } from '../engine/command-answer.js';
import { renderApplyResultTable } from './apply-result-table.js';
import { renderDriftText } from './drift-text.js';
import { renderPlanText } from './render-plan-text.js';
import { formatUtc } from './text-table.js';

/**
 * A chat command's answer as terminal text (`qm run`), the same data Slack shows as Block Kit
 * and GitHub as a comment.
 *
 * @example process.stdout.write(renderCommandAnswerText(await qm.command({ text: 'status dev', ... }), { color: false }))
 */
export function renderCommandAnswerText(answer: CommandAnswer, opts: { color: boolean }): string {
  const lines: string[] = [];
  const out = (s: string) => lines.push(s);
  switch (answer.kind) {
    case 'usage':
      out(answer.error);
      out('usage:');
      for (const line of answer.usage.split('\n')) out(`  ${line}`);
      break;
    case 'refused':
      out(`refused: ${answer.reason}`);
      break;
    case 'help':
      for (const t of answer.topics) out(`  ${t.usage.padEnd(48)} ${t.summary}`);
      break;
    case 'change':
      lines.push(...changeLines(answer, opts));
      break;
    case 'vote': {
      const o = answer.outcome;
      if (o.outcome === 'refused') out(`refused (${o.code}): ${o.reason}`);
      else if (o.outcome === 'vote-recorded') out(`Vote counted: ${o.request.id} still needs ${o.remaining.map((g) => `${g.need - g.have} from ${g.group}`).join(', ')}.`);
      else out(`Approved: ${o.request.id} has every approval it needs.`);
      if (answer.applied) lines.push(...changeLines(answer.applied, opts));
      break;
    }
    case 'denied':
      out(answer.outcome.outcome === 'refused' ? `refused (${answer.outcome.code}): ${answer.outcome.reason}` : `${answer.outcome.request.id} is denied.`);
      break;
    case 'status':
      for (const l of answer.lines) out(`${`${l.env}/${l.name}`.padEnd(28)} ${l.live}${l.pending ? `  (pending: ${l.pending})` : ''}`);
      for (const o of answer.overrides) out(`override ${o.id}: ${o.reason.replace(/^\/qm /, '')} by ${o.owner}${o.expiresAt ? ` until ${formatUtc(o.expiresAt)}` : ' until startup'}`);
      for (const r of answer.requests) out(`request ${r.id} (${r.state}): ${r.reason} by ${r.actor}`);
      break;
    case 'plan':
      out(renderPlanText(answer.plan, opts).trimEnd());
      break;
    case 'drift':
      out(renderDriftText(answer.report, opts).trimEnd());
      break;
    case 'requests':
      if (answer.requests.length === 0) out('No open requests.');
      for (const r of answer.requests) out(`${r.id}  ${r.state.padEnd(9)} ${r.reason}  by ${r.actor}, expires ${formatUtc(r.expiresAt)}`);
      break;
    case 'locks':
      if (answer.locks.length === 0) out('No environment is locked.');
      for (const l of answer.locks) out(`${l.env}: ${l.holder} since ${formatUtc(l.acquiredAt)} (${l.purpose})`);
      break;
    case 'unlock':
      out(answer.outcome.unlocked ? `Unlocked ${answer.env}.` : `refused: ${answer.outcome.reason}`);
      break;
  }
  return `${lines.join('\n')}\n`;
}

function changeLines(answer: Extract<CommandAnswer, { kind: 'change' }>, opts: { color: boolean }): string[] {
  const o = answer.outcome;
  const lines: string[] = [];
  switch (o.status) {
    case 'no-changes':
      lines.push(`${answer.text}: nothing to change, the fleet is already like that.`);
      break;
    case 'refused':
      lines.push(`refused: ${o.reason}`);
      break;
    case 'stale':
      lines.push(`${answer.text}: the plan changed while it was being made; ask again.`);
      break;
    case 'locked':
      lines.push(`${answer.text}: ${o.env} is locked by ${o.heldBy} since ${formatUtc(o.since)} (${o.purpose}); try again when it finishes.`);
      break;
    case 'not-claimed':
      lines.push(`${answer.text}: not applied: ${o.reason}`);
      break;
    case 'needs-approval':
      lines.push(renderPlanText(o.plan, opts).trimEnd());
      lines.push(`${o.request.id} waits for approval until ${formatUtc(o.request.expiresAt)}:`);
      for (const q of answer.approvals ?? []) lines.push(`  ${q.count} of ${q.group} (${q.approvers.join(', ')}): ${q.reason}`);
      lines.push(`An approver runs: qm run "approve ${o.request.id}" --as <their id>`);
      break;
    case 'applied':
      lines.push(renderApplyResultTable(o.result, o.plan, opts).trimEnd());
      lines.push(`${o.request.id}: ${o.request.state}.`);
      break;
  }
  if (answer.override) lines.push(`Temporary change ${answer.override.id}${answer.override.expiresAt ? ` until ${formatUtc(answer.override.expiresAt)}` : ' until `startup`'}.`);
  if (answer.ended) lines.push(`Ended the temporary change ${answer.ended.id} (${answer.ended.reason.replace(/^\/qm /, '')}).`);
  const wb = answer.writeBack;
  if (wb?.kind === 'local') lines.push(`Written back to the definitions: edited ${wb.files.join(', ')} in place (no repository configured).`);
  if (wb?.kind === 'pull-request') lines.push(`Written back: pull request #${wb.number} ${wb.url}`);
  if (wb?.kind === 'refused') lines.push(`warning: applied, but not written back: ${wb.reason}. Edit ${wb.files.join(', ')} by hand so git says what runs.`);
  if (wb?.kind === 'failed') lines.push(`warning: applied, but not written back to the definitions: ${wb.reason}. Edit them by hand so git says what runs.`);
  return lines;
}
