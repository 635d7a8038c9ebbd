import type { LaunchTemplateRef, UpdateGroupRequest } from '../../cloud/provider.js';
import { CloudError, ErrorCode } from '../../errors.js';
import type { ObservedGroup } from '../../model/observed.js';
import type { AutoScalingGroupSpec } from '../../model/resources.js';
import { REFRESH_RUNNING } from '../../plan/group-state.js';
import type { ActionContext, ActionOutcome } from '../action-context.js';
import { groupWrites } from '../writes/group-writes.js';
import { hasTagWrites } from '../writes/tag-writes.js';
import { putLaunchTemplate } from './launch-template.js';

/**
 * An `update` or `rolling-refresh` of a group: writes exactly the plan's field changes. A
 * changed launch template becomes a new version, the group moves to it, and an instance refresh
 * replaces the instances; a refresh still running from an earlier (crashed) apply is waited for
 * instead of started again. A rolling-refresh without a template change refreshes members left
 * on an older version (an apply that died between moving the group and starting its refresh).
 * A refresh that does not end `Successful` fails the action.
 *
 * @example await convergeGroup(ctx, web, observedWeb); // putLaunchTemplate v3, updateGroup, refresh
 */
export async function convergeGroup(ctx: ActionContext, desired: AutoScalingGroupSpec, observed: ObservedGroup): Promise<ActionOutcome> {
  const name = observed.name;
  ctx.produced(name);
  const c = groupWrites(ctx.action.id, ctx.action.changes, desired, observed);
  let wrote = false;
  if (hasTagWrites(c.tags)) {
    await ctx.tags('autoscaling-group', name, c.tags.set, c.tags.remove);
    wrote = true;
  }
  let template: LaunchTemplateRef | undefined;
  if (c.launchTemplate) template = await putLaunchTemplate(ctx, desired, name);
  const update: UpdateGroupRequest = template ? { ...c.fields, launchTemplate: template } : c.fields;
  if (Object.keys(update).length > 0) {
    await ctx.call('updateGroup', `${name} ${Object.keys(update).join(',')}`, () => ctx.provider.updateGroup(ctx.target, name, update));
    wrote = true;
  }
  for (const policy of c.policiesToPut) {
    await ctx.call('putScalingPolicy', `${name} ${policy.name}`, () => ctx.provider.putScalingPolicy(ctx.target, name, policy));
    wrote = true;
  }
  for (const policy of c.policiesToDelete) {
    await ctx.call('deleteScalingPolicy', `${name} ${policy}`, () => ctx.provider.deleteScalingPolicy(ctx.target, name, policy));
    wrote = true;
  }
  // Only a rolling-refresh (or a new template) replaces instances: an update never does more than it says.
  if (ctx.action.type !== 'rolling-refresh' && !template) return { status: wrote ? 'applied' : 'unchanged' };
  const refreshing = observed.refresh && REFRESH_RUNNING.has(observed.refresh.status) ? observed.refresh : undefined;
  if (refreshing) {
    // AWS refuses a second refresh while one runs. Without a new template, the running one was
    // started by an earlier (crashed) apply for this very change: its outcome is ours.
    await waitForRefresh(ctx, name, refreshing.id, !template);
    if (!template) return { status: 'applied', note: `waited for instance refresh ${refreshing.id}` };
  }
  if (template ? observed.instances.length > 0 : instancesOutdated(observed)) {
    const { refreshId } = await ctx.call('startInstanceRefresh', (r) => `${name} ${r.refreshId}`, () =>
      ctx.provider.startInstanceRefresh(ctx.target, name, { minHealthyPercentage: ctx.opts.refreshMinHealthyPercentage }),
    );
    await waitForRefresh(ctx, name, refreshId, true);
    wrote = true;
  }
  return { status: wrote ? 'applied' : 'unchanged' };
}

/** Instances on another template version than the group's: a refresh was cut short before it started. */
function instancesOutdated(g: ObservedGroup): boolean {
  return g.instances.some((i) => i.launchTemplateVersion !== undefined && i.launchTemplateVersion !== g.launchTemplate.version);
}

async function waitForRefresh(ctx: ActionContext, name: string, refreshId: string, mustSucceed: boolean): Promise<void> {
  const status = await ctx.waitCall('waitForInstanceRefresh', (s) => `${name} ${refreshId} ${s}`, () =>
    ctx.provider.waitForInstanceRefresh(ctx.target, name, refreshId, { timeoutMs: ctx.opts.waitTimeoutMs }),
  );
  if (status !== 'Successful' && mustSucceed) {
    throw new CloudError(ErrorCode.CloudApi, `instance refresh ${refreshId} of group ${name} ended ${status}`, {
      fix: `see its status with \`aws autoscaling describe-instance-refreshes --auto-scaling-group-name ${name}\`, fix the cause, and run qm apply again`,
      details: { refreshId, status },
    });
  }
}
