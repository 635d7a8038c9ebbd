import { describe, expect, it } from 'vitest';
import { helpText } from '../../../src/commands/help-text.js';
import { driftOf } from '../../../src/engine/drift.js';
import type { CommandAnswer } from '../../../src/engine/command-answer.js';
import type { Override } from '../../../src/model/override.js';
import {
  renderSlackAnswer,
  renderSlackAppHome,
  renderSlackApprovalRequest,
  renderSlackDecision,
  renderSlackPlan,
  renderSlackReceipt,
  renderSlackRevert,
  SLACK_LIMITS,
  type Block,
  type SlackHomeView,
  type SlackMessage,
} from '../../../src/render/slack/index.js';
import { mixedApply } from '../../apply/support/mixed-apply.js';
import { aRequest, applied, APPROVERS, approvedAndApplied, capacityPlan, needsApproval, REQUEST_ID, resizePlan, USAGE } from '../../bot/slack/support/answers.js';
import { bigPlan } from '../big-plan.js';
import { EVIL, evilPlan } from '../fixtures.js';
import { alikeCreatesPlan, mixedPlan } from '../grouped-plan.js';
import { representativePlan, SECRET } from '../representative-plan.js';

/** The texts Slack reads as mrkdwn (where `<...>` is a mention or a link): plain_text is shown as it is. */
function mrkdwnOf(m: SlackMessage | SlackHomeView): string[] {
  const out: string[] = 'text' in m ? [m.text] : [];
  for (const b of m.blocks) {
    if (b.type === 'section') out.push(...(b.text ? [b.text.text] : []), ...(b.fields ?? []).map((f) => f.text));
    if (b.type === 'context') out.push(...b.elements.map((e) => e.text));
    if (b.type === 'actions') for (const e of b.elements) out.push(e.confirm?.text.text ?? '');
  }
  return out;
}

/** Every text a message carries, whatever block it sits in. */
function textsOf(m: SlackMessage | SlackHomeView): string[] {
  const out: string[] = 'text' in m ? [m.text] : [];
  for (const b of m.blocks) {
    if (b.type === 'section') out.push(...(b.text ? [b.text.text] : []), ...(b.fields ?? []).map((f) => f.text));
    if (b.type === 'header') out.push(b.text.text);
    if (b.type === 'context') out.push(...b.elements.map((e) => e.text));
    if (b.type === 'actions') for (const e of b.elements) out.push(e.text.text, e.value ?? '', e.confirm?.text.text ?? '', e.confirm?.title.text ?? '');
  }
  return out;
}

/** Block Kit's limits, checked on a rendered message. */
function expectWithinLimits(m: SlackMessage | SlackHomeView): void {
  expect(m.blocks.length).toBeLessThanOrEqual('type' in m ? SLACK_LIMITS.homeBlocks : SLACK_LIMITS.messageBlocks);
  for (const b of m.blocks) {
    if (b.type === 'section') {
      if (b.text) expect(b.text.text.length).toBeLessThanOrEqual(SLACK_LIMITS.sectionText);
      expect(b.text?.text.trim() || b.fields?.length).toBeTruthy();
      expect((b.fields ?? []).length).toBeLessThanOrEqual(SLACK_LIMITS.sectionFields);
      for (const f of b.fields ?? []) expect(f.text.length).toBeLessThanOrEqual(SLACK_LIMITS.fieldText);
    }
    if (b.type === 'header') expect(b.text.text.length).toBeLessThanOrEqual(SLACK_LIMITS.headerText);
    if (b.type === 'actions') {
      for (const e of b.elements) {
        expect(e.text.text.length).toBeLessThanOrEqual(SLACK_LIMITS.buttonText);
        if (e.confirm) expect(e.confirm.text.text.length).toBeLessThanOrEqual(SLACK_LIMITS.confirmText);
      }
    }
  }
}

const json = (v: unknown) => `${JSON.stringify(v, null, 2)}\n`;

describe('renderSlackApprovalRequest', () => {
  it('shows what changes, downtime, cost, who may approve and until when, with buttons and a confirmation (snapshot)', async () => {
    const m = renderSlackAnswer(needsApproval(), 'slack:U0ALICE');
    await expect(json(m)).toMatchFileSnapshot('__snapshots__/approval-request.json');
    expectWithinLimits(m);
    const actions = m.blocks.find((b): b is Extract<Block, { type: 'actions' }> => b.type === 'actions');
    expect(actions?.elements.map((e) => [e.action_id, e.value, Boolean(e.confirm)])).toEqual([
      ['qm_approve', REQUEST_ID, true],
      ['qm_deny', REQUEST_ID, false],
    ]);
    const all = textsOf(m).join('\n');
    expect(all).toContain('`prod/web`');
    expect(all).toContain('<@U0BOB>');
    expect(all).toContain('<!subteam^S0SRE>');
    expect(all).toContain('<!date^1772370000^');
  });

  it('asks no confirmation when nothing stops or is destroyed', () => {
    const m = renderSlackApprovalRequest({ ...needsApproval(capacityPlan()), approvals: APPROVERS });
    const actions = m.blocks.find((b) => b.type === 'actions');
    expect(actions?.type === 'actions' && actions.elements.some((e) => e.confirm)).toBe(false);
    expect(textsOf(m).join('\n')).toContain('*Downtime*\nnone');
  });

  it('fits a huge plan into 50 blocks and 3,000 characters a section, counting what it left out', () => {
    const plan = bigPlan({ envs: ['prod', 'staging'], creates: 1_500, downtime: 300, destructive: 200 });
    const m = renderSlackApprovalRequest({ ...needsApproval(plan), outcome: { ...needsApproval(plan).outcome, plan } });
    expectWithinLimits(m);
    const all = textsOf(m).join('\n');
    const shown = (all.match(/^(?:-\/\+|[~+-]) `/gm) ?? []).length;
    const left = Number(/…and ([\d,]+) more changes/.exec(all)?.[1]?.replace(/,/g, ''));
    expect(shown).toBeGreaterThan(10);
    expect(shown + left).toBe(4_000);
    // Riskiest first: the 400 destructive changes, then downtime; the harmless creates are the ones cut.
    const items = all.match(/^(?:-\/\+|[~+-]) `.*$/gm) ?? [];
    expect(items[0]).toContain('*destructive*');
    expect(items.findIndex((l) => l.includes('*downtime*'))).toBe(400);
    expect(items.some((l) => l.startsWith('+ '))).toBe(false);
    expect(m.blocks.some((b) => b.type === 'actions')).toBe(true);
  });

  it('never shows user data, only its hash', () => {
    const plan = representativePlan();
    const m = renderSlackApprovalRequest({ ...needsApproval(plan), outcome: { ...needsApproval(plan).outcome, plan } });
    const all = textsOf(m).join('\n');
    expect(all).not.toContain('hunter2');
    expect(all).not.toContain(SECRET);
    expect(all).toMatch(/sha256:[0-9a-f]{12}/);
  });

  it('escapes hostile names and reasons: no mention, link or broken code span comes from user text', () => {
    const plan = evilPlan();
    const base = needsApproval(plan);
    const m = renderSlackApprovalRequest({ ...base, text: EVIL, outcome: { ...base.outcome, plan, request: aRequest(plan, { actor: EVIL }) }, approvals: [{ ...APPROVERS[0]!, approvers: [EVIL], reason: EVIL }] });
    expectWithinLimits(m);
    for (const t of mrkdwnOf(m)) {
      expect(t).not.toMatch(/<(?!@U0BOB>|!subteam\^S0SRE>|!date\^)/);
      expect(t).not.toContain('\n```');
    }
    expect(textsOf(m).join('\n')).toContain('&lt;!-- quartermaster:plan-comment');
  });
});

describe('renderSlackDecision', () => {
  const original = renderSlackAnswer(needsApproval(), 'slack:U0ALICE');
  const request = aRequest(resizePlan());

  it('says who approved and removes the buttons (snapshot)', async () => {
    const m = renderSlackDecision(original, request, { kind: 'approved', by: 'slack:U0BOB', approvers: ['slack:U0BOB'] });
    await expect(json(m)).toMatchFileSnapshot('__snapshots__/decision-approved.json');
    expect(m.blocks.some((b) => b.type === 'actions')).toBe(false);
    expect(m.blocks[0]).toMatchObject({ type: 'header', text: { text: 'Approved: scale prod/web t3.large' } });
    expect(textsOf(m).join('\n')).toContain(':white_check_mark: *Approved by <@U0BOB>*');
  });

  it('keeps the buttons while more votes are needed, the status above them, and replaces an earlier status', () => {
    const first = renderSlackDecision(original, request, { kind: 'vote-recorded', by: 'slack:U0BOB', remaining: [{ group: 'leads', need: 2, have: 1 }] });
    const second = renderSlackDecision(first, request, { kind: 'approved', by: 'slack:U0CAROL', approvers: ['slack:U0BOB', 'slack:U0CAROL'] });
    const types = first.blocks.map((b) => b.block_id ?? b.type);
    expect(types.indexOf('qm_status')).toBe(types.indexOf('qm_buttons') - 1);
    expect(textsOf(first).join('\n')).toContain('still needed: 1 from `leads`');
    expect(second.blocks.filter((b) => b.block_id === 'qm_status')).toHaveLength(1);
    expect(textsOf(second).join('\n')).toContain('Approved by <@U0CAROL>* (with <@U0BOB>)');
    expect(second.blocks.some((b) => b.type === 'actions')).toBe(false);
  });

  it('says who denied, and why a request can no longer be approved', () => {
    const denied = renderSlackDecision(original, request, { kind: 'denied', by: 'slack:U0BOB', reason: 'not during the sale' });
    expect(textsOf(denied).join('\n')).toContain(':x: *Denied by <@U0BOB>*: not during the sale');
    const closed = renderSlackDecision(original, request, { kind: 'closed', state: 'expired', reason: 'expired at 2026-03-01T13:00:00.000Z' });
    expect(closed.blocks.some((b) => b.type === 'actions')).toBe(false);
    expect(textsOf(closed).join('\n')).toContain('This request is expired');
  });

  it('builds the message from the request when Slack sent no blocks back', () => {
    const m = renderSlackDecision(undefined, request, { kind: 'approved', by: 'slack:U0BOB', approvers: ['slack:U0BOB'] });
    expect(m.blocks.map((b) => b.type)).toEqual(['header', 'section', 'section']);
    expect(textsOf(m).join('\n')).toContain('`/qm scale prod/web t3.large`');
  });
});

describe('renderSlackReceipt', () => {
  it('lists each resource with its outcome, who asked and approved, and the pull request (snapshot)', async () => {
    const answer = applied();
    if (answer.outcome.status !== 'applied') throw new Error('fixture');
    const m = renderSlackReceipt({ text: answer.text, outcome: answer.outcome, ...(answer.writeBack ? { writeBack: answer.writeBack } : {}) });
    await expect(json(m)).toMatchFileSnapshot('__snapshots__/receipt-applied.json');
    expectWithinLimits(m);
  });

  it('puts failures first, with their errors, and says how to finish (snapshot)', async () => {
    const { plan, result } = await mixedApply();
    const base = applied(plan);
    if (base.outcome.status !== 'applied') throw new Error('fixture');
    const m = renderSlackReceipt({ text: 'scale prod/bastion m5.large', outcome: { ...base.outcome, plan, result } });
    await expect(json(m)).toMatchFileSnapshot('__snapshots__/receipt-failed.json');
    const lines = textsOf(m).join('\n');
    expect(lines.indexOf(':x:')).toBeLessThan(lines.indexOf(':white_check_mark: `'));
    expect(lines).toContain('Apply incomplete');
  });

  it('says where a change was written back, or that it was not, and when a temporary change reverts', () => {
    const answer = applied();
    if (answer.outcome.status !== 'applied') throw new Error('fixture');
    const override: Override = { id: 'ovr-0123456789ab', env: 'dev', change: { kind: 'shutdown' }, owner: 'slack:U0ALICE', reason: '/qm shutdown dev --for 1h', createdAt: '2026-03-01T12:00:00.000Z', expiresAt: '2026-03-01T13:00:00.000Z', state: 'active' };
    const local = textsOf(renderSlackReceipt({ text: answer.text, outcome: answer.outcome, writeBack: { kind: 'local', files: ['environments/prod/web.yml'] } })).join('\n');
    const failed = textsOf(renderSlackReceipt({ text: answer.text, outcome: answer.outcome, writeBack: { kind: 'failed', reason: 'GitHub answered 403' } })).join('\n');
    const temporary = textsOf(renderSlackReceipt({ text: 'shutdown dev --for 1h', outcome: answer.outcome, override })).join('\n');
    expect(local).toContain('edited `environments/prod/web.yml` in place');
    expect(failed).toContain('*not written back* to the definitions: GitHub answered 403');
    expect(temporary).toContain('reverts by itself <!date^1772370000^');
  });
});

describe('renderSlackAnswer: replies', () => {
  const request = aRequest(resizePlan());
  const cases: [string, CommandAnswer][] = [
    ['usage', USAGE],
    ['refused', { kind: 'refused', reason: 'slack:U0DAVE may not run plan in prod: no permission allows it' }],
    ['help', { kind: 'help', topics: helpText() }],
    ['vote-refused', { kind: 'vote', outcome: { outcome: 'refused', code: 'self-approval', reason: 'you asked for req-0123456789ab; someone else must approve it' } }],
    ['vote-recorded', { kind: 'vote', outcome: { outcome: 'vote-recorded', request, remaining: [{ group: 'leads', need: 2, have: 1 }] } }],
    ['denied', { kind: 'denied', outcome: { outcome: 'denied', request: { ...request, state: 'denied', stateReason: 'denied by slack:U0BOB: not now' } } }],
    ['status', { kind: 'status', envs: ['prod'], lines: [{ env: 'prod', kind: 'instance', name: 'web', physicalId: 'i-0abc', live: 'running t3.small', pending: 'stop-modify-start' }, { env: 'prod', kind: 'autoscaling-group', name: 'api', live: '3 in service (min 2, max 8, desired 3)' }], overrides: [{ id: 'ovr-0123456789ab', env: 'prod', target: { kind: 'autoscaling-group', name: 'api' }, change: { kind: 'capacity', desired: 5 }, owner: 'slack:U0ALICE', reason: '/qm scale prod/api 5 --for 2h', createdAt: '2026-03-01T12:00:00.000Z', expiresAt: '2026-03-01T14:00:00.000Z', state: 'active' }], requests: [request] }],
    ['plan', { kind: 'plan', plan: representativePlan() }],
    ['drift', { kind: 'drift', report: driftOf(representativePlan()) }],
    ['requests', { kind: 'requests', requests: [request] }],
    ['locks', { kind: 'locks', locks: [{ env: 'prod', holder: 'bot-7f9c pid 42', purpose: 'scale (/qm scale prod/web t3.large)', acquiredAt: '2026-03-01T12:00:00.000Z', renewedAt: '2026-03-01T12:01:00.000Z', expiresAt: '2026-03-01T12:05:00.000Z', expired: false }] }],
    ['unlock', { kind: 'unlock', env: 'prod', outcome: { unlocked: true } }],
    ['change-locked', { ...needsApproval(), outcome: { status: 'locked', env: 'prod', heldBy: 'bot-7f9c pid 42', since: '2026-03-01T12:00:00.000Z', purpose: 'apply (PR #42 merged)' } }],
    ['change-reused', { ...needsApproval(), outcome: { ...needsApproval().outcome, reused: true } }],
    ['change-no-changes', { ...needsApproval(), outcome: { status: 'no-changes', plan: resizePlan() } }],
    ['applied-headline', approvedAndApplied().applied!],
  ];

  it.each(cases)('%s (snapshot)', async (name, answer) => {
    const m = renderSlackAnswer(answer, 'slack:U0ADMIN');
    await expect(json(m)).toMatchFileSnapshot(`__snapshots__/answer-${name}.json`);
    expectWithinLimits(m);
    const all = textsOf(m).join('\n');
    expect(all).not.toContain(SECRET);
    expect(m.text.length).toBeGreaterThan(0);
  });
});

describe('renderSlackRevert', () => {
  it('says which temporary change is over, then the revert receipt (snapshot)', async () => {
    const override: Override = { id: 'ovr-0123456789ab', env: 'dev', change: { kind: 'shutdown' }, owner: 'slack:U078PQRST', reason: '/qm shutdown dev --for 1h', thread: { door: 'slack', channel: 'C0DEVTEAM1' }, createdAt: '2026-03-01T12:00:00.000Z', expiresAt: '2026-03-01T13:00:00.000Z', state: 'expired' };
    const answer = applied();
    const m = renderSlackRevert(override, { ...answer, text: 'revert ovr-0123456789ab', ended: override });
    await expect(json(m)).toMatchFileSnapshot('__snapshots__/revert-applied.json');
    expectWithinLimits(m);
    expect(m.text).toBe('Temporary change ovr-0123456789ab is over: reverted');
  });
});

describe('renderSlackAppHome', () => {
  const plan = resizePlan();
  it('lists what waits for the visitor, their requests and recent changes (snapshot)', async () => {
    const view = renderSlackAppHome({
      actor: 'slack:U0BOB',
      toApprove: [{ request: aRequest(plan), approvals: APPROVERS }],
      mine: [aRequest(plan, { id: 'req-00000000000b', actor: 'slack:U0BOB', reason: '/qm shutdown dev --for 1h', requirements: [] })],
      recent: [aRequest(plan, { id: 'req-00000000000a', state: 'applied', reason: '/qm scale prod/api 5', updatedAt: '2026-03-01T11:00:00.000Z' })],
    });
    await expect(json(view)).toMatchFileSnapshot('__snapshots__/app-home.json');
    expectWithinLimits(view);
  });

  it('stays within 100 blocks with hundreds of requests', () => {
    const many = Array.from({ length: 600 }, (_, i) => aRequest(plan, { id: `req-${String(i).padStart(12, '0')}` }));
    const view = renderSlackAppHome({ actor: 'slack:U0BOB', toApprove: many.map((request) => ({ request, approvals: APPROVERS })), mine: many, recent: many });
    expectWithinLimits(view);
    expect(textsOf(view).join('\n')).toMatch(/…and [\d,]+ more requests/);
  });
});

describe('Slack changes alike but for their names', () => {
  /** How many changes the shown items stand for: a group its count, any other one. */
  const shownChanges = (all: string) =>
    (all.match(/^(?:-\/\+|[~+-]) (?:`|[\d,]+ )/gm) ?? []).reduce((n, l) => n + Number(/^\S+ ([\d,]+) /.exec(l)?.[1]?.replace(/,/g, '') ?? 1), 0);

  it('shows 10,000 alike creates as one item, with nothing left out', () => {
    const m = renderSlackPlan(alikeCreatesPlan(10_000));
    expectWithinLimits(m);
    const all = textsOf(m).join('\n');
    expect(all).toContain('+ 10,000 instances like `prod/app-0001` (also `app-0002`, `app-0003`, `app-0004` and 9,996 more)');
    expect(all).not.toContain('more changes');
  }, 60_000);

  it('lists each risky change on its own and counts the members of a group it leaves out', () => {
    const plan = bigPlan({ envs: ['prod', 'staging'], creates: 1_500, downtime: 300, destructive: 200, alike: true });
    const m = renderSlackApprovalRequest({ ...needsApproval(plan), outcome: { ...needsApproval(plan).outcome, plan } });
    expectWithinLimits(m);
    const all = textsOf(m).join('\n');
    const left = Number(/…and ([\d,]+) more changes/.exec(all)?.[1]?.replace(/,/g, ''));
    // The groups come last (riskiest first) and are cut: their 3,000 creates are counted as left out.
    expect(left).toBeGreaterThan(3_000);
    expect(shownChanges(all) + left).toBe(4_000);
  });

  it('groups in a mixed plan only what carries no risk', () => {
    const all = textsOf(renderSlackPlan(mixedPlan())).join('\n');
    expect(all.match(/^[~+] 12 instances like /gm)).toHaveLength(2);
    expect(all.match(/^~ `prod\/resize-\d\d` instance \(`i-\w+`\) \[stop-modify-start\] \*downtime\*$/gm)).toHaveLength(10);
    expect(all).toMatch(/^-\/\+ `prod\/db` instance/m);
    expect(all).toMatch(/^- `prod\/legacy` instance/m);
    expect(shownChanges(all)).toBe(41);
  });
});
