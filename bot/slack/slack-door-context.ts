import type { Logger, types, webApi } from '@slack/bolt';
import type { MembershipResolver } from '../../src/gates/index.js';
import type { SlackMessage } from '../../src/render/slack/index.js';
import type { RecentDeliveries } from './recent-deliveries.js';
import type { SlackEngine } from './slack-engine.js';

/** Where an approval message was posted, so a typed `/qm approve` can update it too. */
export interface PostedMessage {
  channel: string;
  ts: string;
}

/** What every listener of the Slack door shares; built once by createSlackApp. */
export interface SlackDoorContext {
  engine: SlackEngine;
  membership: MembershipResolver;
  holder: string;
  logger: Logger;
  /** Deliveries handled in the last few minutes: Slack's retries and double clicks are ignored. */
  deliveries: RecentDeliveries;
  /** The same command typed twice within seconds by the same person in the same channel. */
  submissions: RecentDeliveries;
  /** Approval messages this process posted, by request id (bounded; lost on restart, which only costs the in-place update of a typed approval). */
  approvalMessages: Map<string, PostedMessage>;
  /** Runs work after the ack and keeps it counted until it ends (graceful shutdown, tests). */
  track<T>(work: Promise<T>): Promise<T>;
}

export type WebClient = webApi.WebClient;

const APPROVAL_MESSAGES_MAX = 10_000;

/** Remembers where an approval message is, forgetting the oldest past the bound. */
export function rememberApprovalMessage(ctx: SlackDoorContext, requestId: string, at: PostedMessage): void {
  ctx.approvalMessages.delete(requestId);
  ctx.approvalMessages.set(requestId, at);
  if (ctx.approvalMessages.size > APPROVAL_MESSAGES_MAX) {
    const oldest = ctx.approvalMessages.keys().next().value;
    if (oldest !== undefined) ctx.approvalMessages.delete(oldest);
  }
}

/** A rendered message as the Web API methods take it. */
export function payload(m: SlackMessage): { text: string; blocks: types.KnownBlock[] } {
  return { text: m.text, blocks: m.blocks };
}
