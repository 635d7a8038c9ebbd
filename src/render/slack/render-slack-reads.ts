import type { CommandAnswer } from '../../engine/command-answer.js';
import type { DriftReport } from '../../engine/drift.js';
import type { Plan } from '../../model/plan.js';
import { describeOverride } from '../../store/describe-override.js';
import type { ApprovalRequest } from '../../store/store.js';
import { formatValue } from '../format-value.js';
import { NO_CHANGES_SENTENCE, planSentence } from '../plan-sentence.js';
import { SLACK_LIMITS, type Block, type SlackMessage } from './block-kit.js';
import { context, fallback, fitBlocks, packSections, section } from './fit-blocks.js';
import { code, escapeMrkdwn, slackDate, who } from './mrkdwn.js';
import { changeItems, changesOf, costOf } from './plan-items.js';

/**
 * The answers that only read (status, plan, drift, requests, locks, unlock) as compact
 * messages: one line per item, packed into sections, cut with `and N more`.
 */

const more = (what: string) => (n: number) => `_…and ${n.toLocaleString('en-US')} more ${what}_`;

/** @example await respond({ response_type: 'ephemeral', ...renderSlackStatus(answer) }) */
export function renderSlackStatus(answer: Extract<CommandAnswer, { kind: 'status' }>): SlackMessage {
  const lines = answer.lines.map(
    (l) => `${l.pending ? ':large_yellow_circle:' : ':large_green_circle:'} ${code(`${l.env}/${l.name}`, 100)} ${escapeMrkdwn(l.kind, 40)}${l.physicalId && l.physicalId !== l.name ? ` (${code(l.physicalId, 64)})` : ''}: ${escapeMrkdwn(l.live, 200)}${l.pending ? ` · _pending: ${escapeMrkdwn(l.pending, 40)}_` : ''}`,
  );
  const overrides = answer.overrides.map(
    (o) => `:stopwatch: ${code(o.id)} ${escapeMrkdwn(describeOverride(o), 200)} by ${who(o.owner)}, ${o.expiresAt ? `until ${slackDate(o.expiresAt)}` : 'until startup'}`,
  );
  const blocks: Block[] = [
    section(`*Status of ${answer.envs.length ? answer.envs.map((e) => code(e, 64)).join(', ') : 'no environment'}*`),
    ...packSections(lines.length ? lines : ['No resources.'], { maxSections: 15, more: more('resources') }),
    ...(overrides.length ? packSections(overrides, { title: '*Temporary changes*', maxSections: 3, more: more('temporary changes') }) : []),
    ...(answer.requests.length ? packSections(answer.requests.map(requestLine), { title: '*Open requests*', maxSections: 3, more: more('requests') }) : []),
  ];
  return { text: fallback(`Status of ${answer.envs.join(', ')}`), blocks: fitBlocks(blocks, SLACK_LIMITS.messageBlocks) };
}

/** @example renderSlackPlan(answer.plan) */
export function renderSlackPlan(plan: Plan): SlackMessage {
  const changes = changesOf(plan);
  const items = changeItems(plan);
  const sentence = changes.length ? planSentence(plan.summary) : NO_CHANGES_SENTENCE;
  const warnings = plan.notices.filter((n) => n.level === 'warning').length;
  const blocks: Block[] = [
    section(`*Plan for ${plan.envs.map((e) => code(e, 64)).join(', ') || 'no environment'}*: ${escapeMrkdwn(sentence, 200)}${changes.length ? ` ${costOf(plan)}` : ''}`),
    ...(changes.length ? packSections(items.items, { weights: items.weights, maxSections: 40, more: more('changes; `qm plan` in a terminal shows them all') }) : []),
    context(`plan ${code(plan.fingerprint.slice(0, 12))}${warnings ? ` · ${warnings} resource${warnings === 1 ? '' : 's'} tagged for these environments but not in the definitions` : ''}`),
  ];
  return { text: fallback(`Plan: ${sentence}`), blocks: fitBlocks(blocks, SLACK_LIMITS.messageBlocks) };
}

/** @example renderSlackDrift(answer.report) */
export function renderSlackDrift(report: DriftReport): SlackMessage {
  const envs = report.envs.map((e) => code(e, 64)).join(', ') || 'no environment';
  if (!report.hasDrift) return { text: fallback('No drift'), blocks: [section(`:white_check_mark: No drift in ${envs}: the fleet matches the definitions.`)] };
  const items = report.items.map((i) => {
    const where = `${code(`${i.env}/${i.name}`, 100)} ${escapeMrkdwn(i.kind, 40)}${i.physicalId && i.physicalId !== i.name ? ` (${code(i.physicalId, 64)})` : ''}`;
    if (i.state === 'missing') return `:red_circle: ${where}: defined but not found in the cloud`;
    const fields = i.fields.slice(0, 5).map((f) => `     ${code(`${f.field}: live ${formatValue(f.field, f.live)}, defined ${formatValue(f.field, f.defined)}`, 200)}`);
    return [`:large_yellow_circle: ${where}: changed outside Quartermaster`, ...fields, ...(i.fields.length > 5 ? [`     _and ${i.fields.length - 5} more fields_`] : [])].join('\n');
  });
  const notices = report.notices.map((n) => `:grey_question: ${code(`${n.env}/${n.kind}`, 64)} ${code(n.physicalId, 64)}${n.name ? ` (${code(n.name, 64)})` : ''}: ${escapeMrkdwn(n.message, 200)}`);
  const blocks: Block[] = [
    section(`*Drift in ${envs}*: ${report.items.length} resource${report.items.length === 1 ? '' : 's'} differ, ${report.notices.length} not in the definitions`),
    ...packSections([...items, ...notices], { maxSections: 40, more: more('differences') }),
  ];
  return { text: fallback(`Drift: ${report.items.length} resources differ`), blocks: fitBlocks(blocks, SLACK_LIMITS.messageBlocks) };
}

/** @example renderSlackRequests(answer.requests) */
export function renderSlackRequests(requests: readonly ApprovalRequest[]): SlackMessage {
  if (requests.length === 0) return { text: 'No open requests.', blocks: [section('No open requests.')] };
  const blocks = packSections(requests.map(requestLine), { title: '*Open requests*', maxSections: 40, more: more('requests; `qm requests` lists them all') });
  return { text: fallback(`${requests.length} open requests`), blocks: fitBlocks(blocks, SLACK_LIMITS.messageBlocks) };
}

/** @example renderSlackLocks(answer.locks) */
export function renderSlackLocks(locks: Extract<CommandAnswer, { kind: 'locks' }>['locks']): SlackMessage {
  if (locks.length === 0) return { text: 'No environment is locked.', blocks: [section('No environment is locked.')] };
  const lines = locks.map(
    (l) => `:lock: ${code(l.env, 64)} held by ${escapeMrkdwn(l.holder, 100)} since ${slackDate(l.acquiredAt)}${l.expired ? ' _(expired: anyone may take it over)_' : ''}\n     ${escapeMrkdwn(l.purpose, 300)}`,
  );
  return { text: fallback(`${locks.length} environments locked`), blocks: fitBlocks(packSections(lines, { title: '*Environment locks*', maxSections: 20, more: more('locks') }), SLACK_LIMITS.messageBlocks) };
}

/** @example renderSlackUnlock(answer, 'slack:U0ADMIN') */
export function renderSlackUnlock(answer: Extract<CommandAnswer, { kind: 'unlock' }>, by: string): SlackMessage {
  const o = answer.outcome;
  const text = o.unlocked
    ? `:unlock: ${who(by)} unlocked ${code(answer.env, 64)}${o.removed ? ` (it was held by ${escapeMrkdwn(o.removed.holder, 100)} for ${escapeMrkdwn(o.removed.purpose, 200)})` : ' (it was not locked)'}.`
    : `:no_entry: ${escapeMrkdwn(o.reason, 1000)}`;
  return { text: fallback(text), blocks: [section(text)] };
}

/** One request on one line: id, state, what was asked, by whom, until when. */
export function requestLine(r: ApprovalRequest): string {
  return `${code(r.id)} *${escapeMrkdwn(r.state, 20)}* ${code(r.reason, 150)} by ${who(r.actor)}, expires ${slackDate(r.expiresAt)}`;
}
