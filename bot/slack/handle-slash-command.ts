import type { AllMiddlewareArgs, SlackCommandMiddlewareArgs } from '@slack/bolt';
import type { CommandAnswer } from '../../src/engine/command-answer.js';
import { escapeMrkdwn, renderSlackAnswer, renderSlackDecision, renderSlackVote, type SlackMessage } from '../../src/render/slack/index.js';
import { postAppliedInChannel, postOutcomeInThread, threadMessageOf } from './deliver-change.js';
import { slackApplyProgress } from './slack-apply-progress.js';
import { payload, rememberApprovalMessage, type PostedMessage, type SlackDoorContext, type WebClient } from './slack-door-context.js';

type CommandArgs = SlackCommandMiddlewareArgs & AllMiddlewareArgs;

/**
 * `/qm <command>` and its aliases: acknowledged first (Slack waits 3 s at most), then the one
 * request the engine answers. Replies only the asker should see (usage, refusals, reads) are
 * ephemeral; a change waiting for approval is posted in the channel with its buttons; an
 * applied change is posted with its receipt in the thread. A repeat of the same delivery is
 * ignored.
 *
 * @example app.command('/qm', handleSlashCommand(ctx, { main: '/qm' }))
 */
export function handleSlashCommand(ctx: SlackDoorContext, opts: { main: string }) {
  return async ({ command, ack, respond, client }: CommandArgs): Promise<void> => {
    await ack();
    if (!ctx.deliveries.claim(`command:${command.trigger_id}`)) {
      ctx.logger.info(`slack: ignored a repeated delivery of ${command.command} (trigger ${command.trigger_id})`);
      return;
    }
    const typed = `${command.command} ${command.text.trim().replace(/\s+/g, ' ')}`.trim();
    const ephemeral = async (m: SlackMessage) => {
      await respond({ response_type: 'ephemeral', replace_original: false, ...payload(m) });
    };
    if (!ctx.submissions.claim(`${command.user_id}:${command.channel_id}:${typed.toLowerCase()}`)) {
      await ctx.track(ephemeral(note(`:repeat: You just asked \`${escapeMrkdwn(typed, 200)}\`; that one is being handled.`)).catch(() => undefined));
      return;
    }
    await ctx.track(
      run(ctx, command, client, ephemeral, opts.main).catch(async (err: unknown) => {
        // A fault, not a refusal: a retry of the same delivery may try again.
        ctx.deliveries.release(`command:${command.trigger_id}`);
        ctx.submissions.release(`${command.user_id}:${command.channel_id}:${typed.toLowerCase()}`);
        ctx.logger.error(`slack: ${typed} by ${command.user_id} failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
        await ephemeral(note(`:boom: Quartermaster could not finish \`${escapeMrkdwn(typed, 200)}\`: ${escapeMrkdwn(err instanceof Error ? err.message : String(err), 500)}. Check \`/qm requests\` before asking again.`)).catch(() => undefined);
      }),
    );
  };
}

async function run(ctx: SlackDoorContext, command: CommandArgs['command'], client: WebClient, ephemeral: (m: SlackMessage) => Promise<void>, main: string): Promise<void> {
  const actor = `slack:${command.user_id}`;
  const channel = command.channel_id;
  const alias = command.command === main ? undefined : command.command;
  const channelEnv = await ctx.engine.channelEnv('slack', channel);
  const text = `${alias ? `${alias.replace(/^\//, '')} ` : ''}${command.text}`.trim();
  // A typed `/qm approve <id>` of a request whose message this process posted: its apply is
  // shown in that message's thread, as a click's would be.
  const approving = /^approve\s+(\S+)/i.exec(text)?.[1];
  const at = approving ? ctx.approvalMessages.get(approving) : undefined;
  const progress = slackApplyProgress(ctx, client, at ? { channel: at.channel, threadTs: at.ts, text } : { channel, text });
  const answer = await ctx.engine.command({
    text: command.text,
    actor,
    door: 'slack',
    holder: ctx.holder,
    thread: at ? { door: 'slack', channel: at.channel, thread: at.ts } : { door: 'slack', channel },
    onEvent: progress.onEvent,
    ...(channelEnv ? { channelEnv } : {}),
    ...(alias ? { alias } : {}),
  });
  try {
    await deliver(ctx, client, { channel, actor, answer, ephemeral, progress, ...(at ? { at } : {}) });
  } catch (err) {
    // The engine has answered (perhaps applied): a failure to post is not a reason to run it
    // again, so the delivery stays claimed; the asker gets the answer privately instead.
    ctx.logger.warn(`slack: could not post the answer to ${text} in ${channel}: ${String(err)}`);
    await ephemeral(note(`:warning: I could not post in this channel (${escapeMrkdwn(err instanceof Error ? err.message : String(err), 200)}); here is the answer.`)).catch(() => undefined);
    for (const m of privateCopy(answer, actor)) await ephemeral(m).catch(() => undefined);
  }
}

/** An answer as messages for the asker alone, when the channel cannot be posted to. */
function privateCopy(answer: CommandAnswer, actor: string): SlackMessage[] {
  const change = answer.kind === 'vote' ? answer.applied : answer.kind === 'change' ? answer : undefined;
  if (change?.outcome.status === 'applied') return [renderSlackAnswer(change, actor), threadMessageOf(change)];
  return [renderSlackAnswer(answer, actor)];
}

interface Delivery {
  channel: string;
  actor: string;
  answer: CommandAnswer;
  ephemeral: (m: SlackMessage) => Promise<void>;
  progress: ReturnType<typeof slackApplyProgress>;
  /** The approval message a typed approval is about, when known. */
  at?: PostedMessage;
}

async function deliver(ctx: SlackDoorContext, client: WebClient, d: Delivery): Promise<void> {
  const { answer, channel } = d;
  if (answer.kind === 'change') {
    const o = answer.outcome;
    if (o.status === 'needs-approval' && !o.reused) return postApprovalRequest(ctx, client, d, o.request.id);
    if (o.status === 'applied') return postAppliedInChannel(client, channel, answer, d.progress);
    return d.ephemeral(renderSlackAnswer(answer, d.actor));
  }
  if (answer.kind === 'vote' && answer.outcome.outcome !== 'refused') {
    // `/qm approve <id>` typed: the approval message, when this process posted it, is updated as a click would.
    const request = answer.outcome.request;
    const at = d.at ?? ctx.approvalMessages.get(request.id);
    const decision =
      answer.outcome.outcome === 'approved'
        ? { kind: 'approved' as const, by: d.actor, approvers: [...new Set(request.approvals.map((v) => v.approver))] }
        : { kind: 'vote-recorded' as const, by: d.actor, remaining: answer.outcome.remaining };
    if (at) await client.chat.update({ channel: at.channel, ts: at.ts, ...payload(renderSlackDecision(undefined, request, decision)) }).catch((e: unknown) => ctx.logger.warn(`slack: could not update the approval message of ${request.id}: ${String(e)}`));
    await d.ephemeral(renderSlackVote(answer.outcome));
    if (!answer.applied) return;
    if (d.at) return postOutcomeInThread(client, d.at.channel, d.at.ts, answer.applied, d.progress);
    if (answer.applied.outcome.status === 'applied') return postAppliedInChannel(client, channel, answer.applied, d.progress);
    return d.ephemeral(renderSlackAnswer(answer.applied, d.actor));
  }
  if (answer.kind === 'denied' && answer.outcome.outcome === 'denied') {
    const request = answer.outcome.request;
    const at = ctx.approvalMessages.get(request.id);
    if (at) await client.chat.update({ channel: at.channel, ts: at.ts, ...payload(renderSlackDecision(undefined, request, { kind: 'denied', by: d.actor, ...(request.stateReason ? { reason: request.stateReason } : {}) })) }).catch((e: unknown) => ctx.logger.warn(`slack: could not update the approval message of ${request.id}: ${String(e)}`));
    return d.ephemeral(renderSlackAnswer(answer, d.actor));
  }
  if (answer.kind === 'unlock' && answer.outcome.unlocked) {
    // Everyone in the channel should know an environment was unlocked by force.
    await client.chat.postMessage({ channel, ...payload(renderSlackAnswer(answer, d.actor)) });
    return;
  }
  return d.ephemeral(renderSlackAnswer(answer, d.actor));
}

async function postApprovalRequest(ctx: SlackDoorContext, client: WebClient, d: Delivery, requestId: string): Promise<void> {
  const message = renderSlackAnswer(d.answer, d.actor);
  try {
    const posted = await client.chat.postMessage({ channel: d.channel, ...payload(message) });
    if (posted.ts) rememberApprovalMessage(ctx, requestId, { channel: d.channel, ts: posted.ts });
  } catch (err) {
    // Typically not_in_channel: the request exists all the same; say how approvers can reach it.
    ctx.logger.warn(`slack: could not post the approval request ${requestId} in ${d.channel}: ${String(err)}`);
    await d.ephemeral(
      note(`:warning: ${requestId} waits for approval, but I could not post it in this channel (${escapeMrkdwn(err instanceof Error ? err.message : String(err), 200)}). Invite me to the channel, or ask an approver to run \`/qm approve ${requestId}\`.`),
    );
  }
}

function note(text: string): SlackMessage {
  return { text, blocks: [{ type: 'section', text: { type: 'mrkdwn', text } }] };
}
