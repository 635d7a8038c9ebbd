import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { webApi } from '@slack/bolt';
import { afterEach, describe, expect, it } from 'vitest';
import { createSlackMembership } from '../../../bot/slack/slack-membership.js';
import type { SlackEngine } from '../../../bot/slack/slack-engine.js';
import { createManualClock } from '../../../src/clock.js';
import { createSimProvider } from '../../../src/cloud/sim/index.js';
import { parseEngineSettings } from '../../../src/engine/engine-settings.js';
import { openQuartermaster, type Quartermaster } from '../../../src/engine/open-quartermaster.js';
import type { Block } from '../../../src/render/slack/index.js';
import { ALICE as ALICE_GITHUB, BOB as BOB_SLACK, scratchFleet } from '../../cli/run-qm.js';
import { startFakeSlackApi, type FakeSlackApi, type SlackCall } from './support/fake-slack-api.js';
import { startDoor, type DoorUnderTest } from './support/slack-door-harness.js';
import { blockActionBody, FORM, sendToSlackApp, slashCommandBody } from './support/slack-requests.js';

/**
 * The Slack door over the real facade: examples/fleet applied on the sim, its policy.yml (alice
 * and bob in sre by Slack id, dave a developer, #prod-ops bound to prod), the Web API a fake
 * Slack whose user groups answer membership.
 */
const ALICE = 'U012ABCDE';
const BOB = BOB_SLACK.replace('slack:', '');
const DAVE = 'U078PQRST';
const PROD_OPS = 'C0PRODOPS1';

let opened: { door: DoorUnderTest<SlackEngine>; qm: Quartermaster; slack: FakeSlackApi; dir: string } | undefined;
afterEach(async () => {
  await opened?.door.close();
  await opened?.qm.close();
  await opened?.slack.close();
  opened = undefined;
});

async function openFleet() {
  const slack = await startFakeSlackApi();
  slack.groups.set('S0SRE1234', []);
  slack.groups.set('S0DEV5678', [DAVE]);
  const { dir, env } = await scratchFleet();
  const clock = createManualClock('2026-12-04T10:00:00Z');
  const provider = createSimProvider({ statePath: env.QM_SIM_STATE!, clock });
  const membership = createSlackMembership(new webApi.WebClient('xoxb-test-token', { slackApiUrl: slack.apiUrl, retryConfig: { retries: 0 } }));
  const qm = openQuartermaster({ settings: parseEngineSettings({ ...env, QM_DATABASE_URL: 'memory:' }, { dir }), clock, provider, membership });
  for (const e of ['dev', 'staging', 'prod']) {
    const a = await qm.apply({ envs: [e], actor: ALICE_GITHUB, door: 'cli', command: 'apply', reason: 'setup', holder: 'test', approvedBy: [BOB_SLACK] });
    expect(a.status).toBe('applied');
  }
  // The facade is what the bot passes: it is a SlackEngine as it is.
  const engine: SlackEngine = qm;
  const door = await startDoor({ engine, slack });
  opened = { door, qm, slack, dir };
  return { ...opened, clock };
}

let seq = 0;
function typed(d: DoorUnderTest<SlackEngine>, user: string, command: string, text: string, triggerId = `e2e-${++seq}`, channelId = PROD_OPS) {
  return slashCommandBody({ command, text, userId: user, channelId, triggerId, responseUrl: d.slack.responseUrl(`e2e-${seq}`) });
}
function clickOn(d: DoorUnderTest<SlackEngine>, message: SlackCall, ts: string, user: string, requestId: string) {
  const n = ++seq;
  return blockActionBody({ actionId: 'qm_approve', value: requestId, userId: user, channelId: PROD_OPS, message: { ts, text: String(message.args.text), blocks: message.args.blocks }, triggerId: `e2e-click-${n}`, actionTs: `1772370200.${n}`, responseUrl: d.slack.responseUrl(`e2e-click-${n}`) });
}
const textOf = (c: SlackCall | undefined) => JSON.stringify(c?.args.blocks ?? c?.args.text ?? '');

describe('Slack door end to end on the real engine', () => {
  it('/scale web 5 in #prod-ops waits for an SRE; the requester and an outsider are refused; an SRE approves; applied once, receipted and written back', async () => {
    const { door, qm, slack, dir } = await openFleet();

    // A retried delivery of the same command (same trigger_id) opens one request, posts one message.
    const body = typed(door, ALICE, '/scale', 'web 5', 'e2e-trigger-1');
    expect((await sendToSlackApp(door.url, body, { contentType: FORM })).status).toBe(200);
    expect((await sendToSlackApp(door.url, body, { contentType: FORM, retryNum: 1 })).status).toBe(200);
    await door.door.idle();
    const posts = slack.callsTo('chat.postMessage');
    expect(posts).toHaveLength(1);
    const message = posts[0]!;
    expect(message.args.channel).toBe(PROD_OPS);
    const buttons = (message.args.blocks as Block[]).find((b) => b.type === 'actions');
    const requestId = buttons?.type === 'actions' ? buttons.elements[0]!.value! : '';
    expect(requestId).toMatch(/^req-[0-9a-f]{12}$/);
    expect(textOf(message)).toContain('scale prod/web 5');
    expect(await qm.requests()).toHaveLength(1);
    const ts = '1772370000.000001';

    // Alice (the requester) and Dave (a developer) are refused, each privately.
    await sendToSlackApp(door.url, clickOn(door, message, ts, ALICE, requestId), { contentType: FORM });
    await sendToSlackApp(door.url, clickOn(door, message, ts, DAVE, requestId), { contentType: FORM });
    await door.door.idle();
    const refusals = slack.callsTo('chat.postEphemeral');
    expect(refusals.map((c) => c.args.user)).toEqual([ALICE, DAVE]);
    expect(textOf(refusals[0])).toMatch(/refused/);
    expect(slack.callsTo('chat.update')).toEqual([]);
    const audit = await qm.audit({ requestId, kind: 'refusal' });
    expect(audit.map((e) => e.actor)).toEqual([`slack:${ALICE}`, `slack:${DAVE}`]);

    // Bob double-clicks: one vote, one apply; the message updated in place; the receipt in its thread.
    await Promise.all([sendToSlackApp(door.url, clickOn(door, message, ts, BOB, requestId), { contentType: FORM }), sendToSlackApp(door.url, clickOn(door, message, ts, BOB, requestId), { contentType: FORM })]);
    await door.door.idle();
    const update = slack.callsTo('chat.update').find((c) => c.args.ts === ts);
    expect(textOf(update)).toContain(`Approved by <@${BOB}>`);
    expect((update?.args.blocks as Block[]).some((b) => b.type === 'actions')).toBe(false);
    const inThread = slack.callsTo('chat.postMessage').filter((c) => c.args.thread_ts === ts);
    expect(inThread).toHaveLength(1);
    const receiptTs = slack.callsTo('chat.update').find((c) => c.args.ts !== ts);
    const receipt = receiptTs ?? inThread[0];
    expect(textOf(receipt)).toContain('Applied');
    expect(textOf(receipt)).toContain('Written back to the definitions');
    expect((await qm.audit({ requestId, kind: 'apply-result' })).length).toBe(1);
    expect(await qm.request(requestId)).toMatchObject({ state: 'applied', approvals: [expect.objectContaining({ approver: `slack:${BOB}` })] });
    expect(await readFile(path.join(dir, 'environments/prod/web.yml'), 'utf8')).toMatch(/desired_capacity: 5/);
    expect((await qm.plan({ envs: ['prod'] })).summary).toMatchObject({ add: 0, change: 0, destroy: 0 });
  });

  it('/shutdown --for 1h in #dev-team applies at once with its receipt in the thread; when it expires, the revert is announced in the channel', async () => {
    const { door, qm, slack, clock } = await openFleet();
    const DEV_TEAM = 'C0DEVTEAM1';
    await sendToSlackApp(door.url, typed(door, DAVE, '/shutdown', 'dev --for 1h', 'e2e-shutdown', DEV_TEAM), { contentType: FORM });
    await door.door.idle();
    const [progress, receipt] = slack.callsTo('chat.postMessage');
    expect(progress?.args.channel).toBe(DEV_TEAM);
    expect(slack.callsTo('chat.update').find((c) => c.args.ts === '1772370000.000001')?.args.text).toMatch(/^Applied: \/qm shutdown dev/);
    expect(receipt?.args.thread_ts).toBe('1772370000.000001');
    expect(textOf(receipt)).toContain('reverts by itself');
    const [override] = await qm.overrides('dev');
    expect(override).toMatchObject({ owner: `slack:${DAVE}`, thread: { door: 'slack', channel: DEV_TEAM } });

    clock.advance(61 * 60_000);
    const expired = await qm.expireOverrides('bot-test pid 1');
    expect(expired).toHaveLength(1);
    for (const e of expired) expect(await door.door.announceRevert(e.override, e.answer)).toBe(true);
    const announcement = slack.callsTo('chat.postMessage').at(-1);
    expect(announcement?.args.channel).toBe(DEV_TEAM);
    expect(textOf(announcement)).toContain(`The temporary change \`${override!.id}\``);
    expect(textOf(announcement)).toContain('Applied');
    expect((await qm.plan({ envs: ['dev'] })).summary).toMatchObject({ add: 0, change: 0, destroy: 0 });
  });
});
