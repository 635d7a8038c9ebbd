import { afterEach, describe, expect, it } from 'vitest';
import type { Block } from '../../../src/render/slack/index.js';
import { ALICE, approvedAndApplied, BOB, CHANNEL, capacityPlan, MALLORY, needsApproval, refusedVote, REQUEST_ID, USAGE, aRequest, resizePlan } from './support/answers.js';
import type { SlackCall } from './support/fake-slack-api.js';
import { fakeEngine, startDoor, type DoorUnderTest } from './support/slack-door-harness.js';
import { appHomeOpenedBody, blockActionBody, FORM, JSON_TYPE, sendToSlackApp, signSlackRequest, SIGNING_SECRET, slashCommandBody } from './support/slack-requests.js';

let door: DoorUnderTest | undefined;
afterEach(async () => {
  await door?.close();
  door = undefined;
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
let seq = 0;

function command(d: DoorUnderTest, text: string, opts: { user?: string; command?: string; triggerId?: string } = {}) {
  const id = ++seq;
  return slashCommandBody({ command: opts.command ?? '/qm', text, userId: opts.user ?? ALICE, channelId: CHANNEL, triggerId: opts.triggerId ?? `13345224609.738474920.${id}`, responseUrl: d.slack.responseUrl(`cmd-${id}`) });
}

function click(d: DoorUnderTest, message: SlackCall, opts: { user: string; action?: 'qm_approve' | 'qm_deny' }) {
  const id = ++seq;
  const posted = message.args as { channel: string; text: string; blocks: unknown };
  const ts = d.slack.callsTo('chat.postMessage').indexOf(message) + 1;
  return blockActionBody({
    actionId: opts.action ?? 'qm_approve',
    value: REQUEST_ID,
    userId: opts.user,
    channelId: posted.channel,
    message: { ts: `1772370000.${String(ts).padStart(6, '0')}`, text: posted.text, blocks: posted.blocks },
    triggerId: `click-${id}`,
    actionTs: `1772370100.${String(id).padStart(6, '0')}`,
    responseUrl: d.slack.responseUrl(`click-${id}`),
  });
}

const blocksOf = (c: SlackCall) => c.args.blocks as Block[];
const textOf = (c: SlackCall) => JSON.stringify(c.args.blocks ?? c.args.text);

/** The approval message, posted in the channel by a slash command whose answer needs approval. */
async function postApproval(d: DoorUnderTest): Promise<SlackCall> {
  d.engine.answer = () => needsApproval();
  expect((await sendToSlackApp(d.url, command(d, 'scale prod/web t3.large'), { contentType: FORM })).status).toBe(200);
  await d.door.idle();
  const [posted] = d.slack.callsTo('chat.postMessage');
  expect(posted).toBeDefined();
  return posted!;
}

describe('Slack door: slash commands', () => {
  it('acknowledges at once while the engine still works, then calls it once with the typed request', async () => {
    door = await startDoor();
    door.engine.channels.set(CHANNEL, 'prod');
    door.engine.answer = async () => {
      await sleep(1_500);
      return USAGE;
    };
    const res = await sendToSlackApp(door.url, command(door, 'web t3.large', { command: '/scale' }), { contentType: FORM });
    expect(res.status).toBe(200);
    expect(res.body).toBe('');
    expect(res.ms).toBeLessThan(1_000);
    expect(door.engine.calls).toHaveLength(1);
    await door.door.idle();
    expect(door.engine.calls[0]).toMatchObject({
      text: 'web t3.large',
      alias: '/scale',
      actor: `slack:${ALICE}`,
      door: 'slack',
      channelEnv: 'prod',
      holder: 'test-bot pid 1',
      thread: { door: 'slack', channel: CHANNEL },
    });
  });

  it('rejects a bad signature and a timestamp older than five minutes with 401, running nothing', async () => {
    door = await startDoor();
    const body = command(door, 'status');
    const forged = await sendToSlackApp(door.url, body, { contentType: FORM, signature: signSlackRequest('not-the-secret', body)['x-slack-signature']! });
    const old = await sendToSlackApp(door.url, body, { contentType: FORM, timestamp: Math.floor(Date.now() / 1000) - 5 * 60 - 5 });
    const tampered = await sendToSlackApp(door.url, body.replace('text=status', 'text=unlock+prod+x'), { contentType: FORM, signature: signSlackRequest(SIGNING_SECRET, body)['x-slack-signature']! });
    expect([forged.status, old.status, tampered.status]).toEqual([401, 401, 401]);
    await door.door.idle();
    expect(door.engine.calls).toHaveLength(0);
    expect(door.slack.said()).toEqual([]);
  });

  it('answers 404 to any other path', async () => {
    door = await startDoor();
    const res = await sendToSlackApp(door.url.replace('/slack/events', '/slack/other'), 'x=1', { contentType: FORM });
    expect(res.status).toBe(404);
  });

  it('tells a usage error to the person who typed it only (ephemeral), never in the channel', async () => {
    door = await startDoor();
    door.engine.answer = () => USAGE;
    await sendToSlackApp(door.url, command(door, 'scale wbe t3.large'), { contentType: FORM });
    await door.door.idle();
    const [reply] = door.slack.callsTo('response_url');
    expect(reply?.args).toMatchObject({ response_type: 'ephemeral', replace_original: false });
    expect(textOf(reply!)).toContain('did you mean');
    expect(door.slack.callsTo('chat.postMessage')).toEqual([]);
  });

  it('posts a change that needs approval in the channel, with Approve/Deny buttons and a confirmation for downtime', async () => {
    door = await startDoor();
    const posted = await postApproval(door);
    expect(posted.args.channel).toBe(CHANNEL);
    expect(posted.token).toBe('xoxb-test-token');
    const actions = blocksOf(posted).find((b) => b.type === 'actions');
    expect(actions).toMatchObject({
      block_id: 'qm_buttons',
      elements: [
        { action_id: 'qm_approve', value: REQUEST_ID, confirm: { title: { text: 'Approve downtime?' } } },
        { action_id: 'qm_deny', value: REQUEST_ID },
      ],
    });
    expect(textOf(posted)).toContain('<@U0BOB>');
    expect(door.slack.callsTo('response_url')).toEqual([]);
  });

  it('asks no confirmation for a change without downtime', async () => {
    door = await startDoor();
    door.engine.answer = () => ({ ...needsApproval(capacityPlan()), text: 'scale prod/api 5' });
    await sendToSlackApp(door.url, command(door, 'scale prod/api 5'), { contentType: FORM });
    await door.door.idle();
    const actions = blocksOf(door.slack.callsTo('chat.postMessage')[0]!).find((b) => b.type === 'actions');
    expect(actions?.type === 'actions' && actions.elements[0]?.confirm).toBeUndefined();
  });

  it('posts an applied change in the channel and its receipt with the pull request link in the thread', async () => {
    door = await startDoor();
    door.engine.answer = () => approvedAndApplied().applied!;
    await sendToSlackApp(door.url, command(door, 'scale prod/web t3.large'), { contentType: FORM });
    await door.door.idle();
    const [headline, receipt] = door.slack.callsTo('chat.postMessage');
    expect(headline?.args.thread_ts).toBeUndefined();
    expect(receipt?.args.thread_ts).toBe('1772370000.000001');
    expect(textOf(receipt!)).toContain('<https://github.com/acme/fleet/pull/12|pull request #12>');
  });

  it('runs a command retried by Slack (x-slack-retry-num) once, acknowledging every delivery', async () => {
    door = await startDoor();
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    door.engine.answer = async () => {
      await gate;
      return needsApproval();
    };
    const body = command(door, 'scale prod/web t3.large', { triggerId: 'trigger-retried' });
    const first = await sendToSlackApp(door.url, body, { contentType: FORM });
    const retry1 = await sendToSlackApp(door.url, body, { contentType: FORM, retryNum: 1 });
    release();
    await door.door.idle();
    const retry2 = await sendToSlackApp(door.url, body, { contentType: FORM, retryNum: 2 });
    await door.door.idle();
    expect([first.status, retry1.status, retry2.status]).toEqual([200, 200, 200]);
    expect(door.engine.calls).toHaveLength(1);
    expect(door.slack.callsTo('chat.postMessage')).toHaveLength(1);
  });

  it('ignores the same command typed twice at once, saying so', async () => {
    door = await startDoor();
    door.engine.answer = async () => (await sleep(200), needsApproval());
    await Promise.all([sendToSlackApp(door.url, command(door, 'scale prod/web  t3.large'), { contentType: FORM }), sendToSlackApp(door.url, command(door, 'scale prod/web t3.large'), { contentType: FORM })]);
    await door.door.idle();
    expect(door.engine.calls).toHaveLength(1);
    expect(textOf(door.slack.callsTo('response_url')[0]!)).toContain('You just asked');
  });

  it('when it cannot post in the channel, says so privately with the request id, or the receipt of what it applied', async () => {
    door = await startDoor();
    door.slack.on('chat.postMessage', () => ({ ok: false, error: 'not_in_channel' }));
    door.engine.answer = () => needsApproval();
    await sendToSlackApp(door.url, command(door, 'scale prod/web t3.large'), { contentType: FORM });
    await door.door.idle();
    expect(textOf(door.slack.callsTo('response_url')[0]!)).toMatch(new RegExp(`${REQUEST_ID} waits for approval, but I could not post it in this channel \\(An API error occurred: not_in_channel\\)`));

    door.engine.answer = () => approvedAndApplied().applied!;
    const body = command(door, 'scale prod/web t3.large --for 1h', { triggerId: 'trigger-applied-hidden' });
    await sendToSlackApp(door.url, body, { contentType: FORM });
    await door.door.idle();
    const replies = door.slack.callsTo('response_url').slice(1).map(textOf);
    expect(replies[0]).toContain('I could not post in this channel');
    expect(replies[2]).toContain('pull request #12');
    // Applied, so a retry of that delivery does not run it again.
    await sendToSlackApp(door.url, body, { contentType: FORM, retryNum: 1 });
    await door.door.idle();
    expect(door.engine.calls).toHaveLength(2);
  });

  it('tells the asker when the engine fails, and lets a retry try again', async () => {
    door = await startDoor();
    door.engine.answer = () => {
      throw new Error('store unavailable: connection refused');
    };
    const body = command(door, 'status', { triggerId: 'trigger-fails' });
    await sendToSlackApp(door.url, body, { contentType: FORM });
    await door.door.idle();
    expect(textOf(door.slack.callsTo('response_url')[0]!)).toContain('store unavailable');
    door.engine.answer = () => ({ kind: 'requests', requests: [] });
    await sendToSlackApp(door.url, body, { contentType: FORM, retryNum: 1 });
    await door.door.idle();
    expect(door.engine.calls).toHaveLength(2);
  });
});

describe('Slack door: Approve and Deny', () => {
  it("refuses the requester's own approval, to them alone", async () => {
    door = await startDoor();
    const posted = await postApproval(door);
    door.engine.answer = () => refusedVote('self-approval', `slack:${ALICE} asked for ${REQUEST_ID}; a second person must approve it`);
    await sendToSlackApp(door.url, click(door, posted, { user: ALICE }), { contentType: FORM });
    await door.door.idle();
    expect(door.engine.calls.at(-1)).toMatchObject({ text: `approve ${REQUEST_ID}`, actor: `slack:${ALICE}`, door: 'slack', thread: { door: 'slack', channel: CHANNEL, thread: '1772370000.000001' } });
    const [ephemeral] = door.slack.callsTo('chat.postEphemeral');
    expect(ephemeral?.args).toMatchObject({ channel: CHANNEL, user: ALICE });
    expect(textOf(ephemeral!)).toContain('a second person must approve it');
    expect(door.slack.callsTo('chat.update')).toEqual([]);
  });

  it("refuses an outsider's click, to them alone", async () => {
    door = await startDoor();
    const posted = await postApproval(door);
    door.engine.answer = () => refusedVote('not-authorized', `slack:${MALLORY} may not approve scale in prod`);
    await sendToSlackApp(door.url, click(door, posted, { user: MALLORY }), { contentType: FORM });
    await door.door.idle();
    expect(door.slack.callsTo('chat.postEphemeral')[0]?.args).toMatchObject({ user: MALLORY });
    expect(door.slack.callsTo('chat.update')).toEqual([]);
    expect(door.slack.callsTo('chat.postMessage')).toHaveLength(1);
  });

  it("updates the message in place on an approver's click (buttons gone) and posts the receipt in its thread", async () => {
    door = await startDoor();
    const posted = await postApproval(door);
    door.engine.answer = () => approvedAndApplied();
    await sendToSlackApp(door.url, click(door, posted, { user: BOB }), { contentType: FORM });
    await door.door.idle();
    const [update] = door.slack.callsTo('chat.update');
    expect(update?.args).toMatchObject({ channel: CHANNEL, ts: '1772370000.000001' });
    expect(textOf(update!)).toContain('Approved by <@U0BOB>');
    expect(blocksOf(update!).some((b) => b.type === 'actions')).toBe(false);
    const receipt = door.slack.callsTo('chat.postMessage')[1];
    expect(receipt?.args).toMatchObject({ channel: CHANNEL, thread_ts: '1772370000.000001' });
    expect(textOf(receipt!)).toContain('Applied');
    expect(textOf(receipt!)).toContain('pull request #12');
  });

  it('a vote recorded stays recorded when the message cannot be updated: the receipt still follows', async () => {
    door = await startDoor();
    const posted = await postApproval(door);
    door.slack.on('chat.update', () => ({ ok: false, error: 'cant_update_message' }));
    door.engine.answer = () => approvedAndApplied();
    await sendToSlackApp(door.url, click(door, posted, { user: BOB }), { contentType: FORM });
    await door.door.idle();
    expect(door.slack.callsTo('chat.update')).toHaveLength(1);
    expect(textOf(door.slack.callsTo('chat.postMessage')[1]!)).toContain('pull request #12');
    expect(door.slack.callsTo('chat.postEphemeral')).toEqual([]);
    expect(door.logger.lines.join('\n')).toContain('could not update the approval message');
  });

  it('shows the apply running in the thread, then turns that message into the receipt', async () => {
    door = await startDoor();
    const posted = await postApproval(door);
    door.engine.answer = async (req) => {
      req.onEvent?.({ type: 'apply-started', at: '2026-03-01T12:05:00.000Z', message: 'applying', total: 1, envs: ['prod'] });
      await sleep(50);
      return approvedAndApplied();
    };
    await sendToSlackApp(door.url, click(door, posted, { user: BOB }), { contentType: FORM });
    await door.door.idle();
    const progress = door.slack.callsTo('chat.postMessage')[1];
    expect(progress?.args.thread_ts).toBe('1772370000.000001');
    expect(textOf(progress!)).toContain('Applying 1 change');
    const updates = door.slack.callsTo('chat.update');
    expect(updates.map((u) => u.args.ts)).toEqual(['1772370000.000001', '1772370000.000002']);
    expect(textOf(updates[1]!)).toContain('pull request #12');
  });

  it('applies once on a double click: the second click of the same person is ignored', async () => {
    door = await startDoor();
    const posted = await postApproval(door);
    let applies = 0;
    door.engine.answer = async () => {
      await sleep(100);
      applies++;
      return applies === 1 ? approvedAndApplied() : refusedVote('not-pending', `${REQUEST_ID} is applied, not waiting for approvals`);
    };
    const [a, b] = await Promise.all([sendToSlackApp(door.url, click(door, posted, { user: BOB }), { contentType: FORM }), sendToSlackApp(door.url, click(door, posted, { user: BOB }), { contentType: FORM })]);
    await door.door.idle();
    expect([a.status, b.status]).toEqual([200, 200]);
    expect(door.engine.calls.filter((c) => c.text.startsWith('approve'))).toHaveLength(1);
    expect(applies).toBe(1);
    expect(door.slack.callsTo('chat.postEphemeral')).toEqual([]);
  });

  it('marks the message denied on Deny, buttons gone', async () => {
    door = await startDoor();
    const posted = await postApproval(door);
    door.engine.answer = () => ({ kind: 'denied', outcome: { outcome: 'denied', request: aRequest(resizePlan(), { state: 'denied', stateReason: 'denied in Slack' }) } });
    await sendToSlackApp(door.url, click(door, posted, { user: BOB, action: 'qm_deny' }), { contentType: FORM });
    await door.door.idle();
    expect(door.engine.calls.at(-1)?.text).toBe(`deny ${REQUEST_ID} denied in Slack`);
    const [update] = door.slack.callsTo('chat.update');
    expect(textOf(update!)).toContain('Denied by <@U0BOB>');
    expect(blocksOf(update!).some((b) => b.type === 'actions')).toBe(false);
  });

  it('a typed /qm approve updates the approval message this process posted', async () => {
    door = await startDoor();
    await postApproval(door);
    door.engine.answer = () => approvedAndApplied();
    await sendToSlackApp(door.url, command(door, `approve ${REQUEST_ID}`, { user: BOB }), { contentType: FORM });
    await door.door.idle();
    const [update] = door.slack.callsTo('chat.update');
    expect(update?.args.ts).toBe('1772370000.000001');
    expect(textOf(update!)).toContain('Approved by <@U0BOB>');
    expect(door.slack.callsTo('chat.postMessage')[1]?.args.thread_ts).toBe('1772370000.000001');
  });
});

describe('Slack door: App Home', () => {
  it('publishes the requests waiting for the visitor, theirs, and recent changes', async () => {
    door = await startDoor();
    door.slack.groups.set('S0SRE', [BOB]);
    const plan = resizePlan();
    door.engine.stored.set(REQUEST_ID, aRequest(plan));
    door.engine.stored.set('req-00000000000a', aRequest(plan, { id: 'req-00000000000a', state: 'applied', reason: '/qm scale prod/api 5', updatedAt: '2026-03-01T11:00:00.000Z' }));
    const body = appHomeOpenedBody({ userId: BOB, eventId: 'Ev0HOME1' });
    await sendToSlackApp(door.url, body, { contentType: JSON_TYPE });
    await sendToSlackApp(door.url, body, { contentType: JSON_TYPE, retryNum: 1 });
    await door.door.idle();
    const published = door.slack.callsTo('views.publish');
    expect(published).toHaveLength(1);
    expect(published[0]?.args.user_id).toBe(BOB);
    const view = JSON.stringify(published[0]?.args.view);
    expect(view).toContain('Waiting for your approval* (1)');
    expect(view).toContain(REQUEST_ID);
    expect(view).toContain('scale prod/api 5');
  });
});

describe('Slack door: transports', () => {
  it('builds a Socket Mode app (no HTTP listener) when an app token is set', async () => {
    const { createSlackApp } = await import('../../../bot/slack/create-slack-app.js');
    const d = createSlackApp({ settings: { botToken: 'xoxb-t', appToken: 'xapp-1-A0QMAPP-1-abc', holder: 'h' }, engine: fakeEngine() });
    expect(d.requestListener).toBeUndefined();
  });

  it('refuses to start when Slack refuses the bot token, saying which variable to check', async () => {
    const { startFakeSlackApi } = await import('./support/fake-slack-api.js');
    const slack = await startFakeSlackApi();
    slack.on('auth.test', () => ({ ok: false, error: 'invalid_auth' }));
    await expect(startDoor({ slack })).rejects.toThrow(/SLACK_BOT_TOKEN/);
    await slack.close();
  });
});
