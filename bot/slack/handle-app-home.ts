import type { AllMiddlewareArgs, SlackEventMiddlewareArgs } from '@slack/bolt';
import type { MembershipResolver, PreviewRequirement } from '../../src/gates/index.js';
import { renderSlackAppHome, type SlackHomeInput } from '../../src/render/slack/index.js';
import type { ApprovalRequest } from '../../src/store/store.js';
import type { SlackDoorContext } from './slack-door-context.js';
import type { SlackEngine } from './slack-engine.js';

type HomeArgs = SlackEventMiddlewareArgs<'app_home_opened'> & AllMiddlewareArgs;

const RECENT = 10;
const FINISHED: readonly ApprovalRequest['state'][] = ['applied', 'failed', 'denied', 'expired'];

/**
 * The App Home tab, published each time someone opens it: the requests they may approve, their
 * own open requests, the recent changes.
 *
 * @example app.event('app_home_opened', handleAppHome(ctx))
 */
export function handleAppHome(ctx: SlackDoorContext) {
  return async ({ event, body, client }: HomeArgs): Promise<void> => {
    if (event.tab !== undefined && event.tab !== 'home') return;
    const eventId = (body as { event_id?: string }).event_id;
    if (eventId && !ctx.deliveries.claim(`event:${eventId}`)) return;
    await ctx.track(
      homeOf(ctx.engine, ctx.membership, `slack:${event.user}`)
        .then((input) => client.views.publish({ user_id: event.user, view: renderSlackAppHome(input) }))
        .catch((err: unknown) => {
          if (eventId) ctx.deliveries.release(`event:${eventId}`);
          ctx.logger.error(`slack: could not publish the App Home of ${event.user}: ${err instanceof Error ? err.message : String(err)}`);
        }),
    );
  };
}

/**
 * What one person's App Home shows. "May approve" reads the approvers the policy lists for each
 * requirement still open (Slack users, and Slack user groups asked of Slack); it only chooses
 * what to show: the click or `/qm approve` is judged by the engine.
 *
 * @example const input = await homeOf(qm, membership, 'slack:U0BOB')
 */
export async function homeOf(engine: SlackEngine, membership: MembershipResolver, actor: string): Promise<SlackHomeInput> {
  const open = await engine.requests();
  const mine = open.filter((r) => r.actor === actor);
  const toApprove: SlackHomeInput['toApprove'][number][] = [];
  for (const request of open.filter((r) => r.actor !== actor && r.state === 'requested')) {
    const approvals = await engine.approvalsOf(request);
    if (await mayApprove(actor, approvals, membership)) toApprove.push({ request, approvals });
  }
  const recent = (await engine.requests({ all: true })).filter((r) => FINISHED.includes(r.state)).slice(0, RECENT);
  return { actor, toApprove, mine, recent };
}

async function mayApprove(actor: string, approvals: readonly PreviewRequirement[], membership: MembershipResolver): Promise<boolean> {
  const user = /^slack:([UW][A-Z0-9]+)$/.exec(actor)?.[1];
  if (!user) return false;
  const open = approvals.filter((q) => q.approvedBy.length < q.count && !q.approvedBy.includes(actor));
  const text = open.flatMap((q) => q.approvers).join(' ');
  if ([...text.matchAll(/\bslack:([UW][A-Z0-9]+)\b/g)].some((m) => m[1] === user)) return true;
  const groups = [...new Set([...text.matchAll(/\bslack-group:(S[A-Z0-9]+)\b/g)].map((m) => `slack-group:${m[1]}`))];
  return groups.length > 0 && (await membership.memberOf(actor, groups)).length > 0;
}
