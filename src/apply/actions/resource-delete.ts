import { isQmError, ErrorCode } from '../../errors.js';
import type { ActionContext, ActionOutcome } from '../action-context.js';

/**
 * Deletes a resource whose definition says `deleted: true`: terminates an instance, force-deletes
 * a group (with its instances and launch template), deletes an alarm. Already gone counts as done.
 *
 * @example await deleteResource(ctx, 'i-0abc'); // terminateInstances i-0abc
 */
export async function deleteResource(ctx: ActionContext, physicalId: string): Promise<ActionOutcome> {
  const { kind } = ctx.action.resource;
  try {
    if (kind === 'instance') await ctx.instances('terminateInstances', physicalId);
    else if (kind === 'autoscaling-group') await ctx.call('deleteGroup', physicalId, () => ctx.provider.deleteGroup(ctx.target, physicalId));
    else await ctx.call('deleteAlarms', physicalId, () => ctx.provider.deleteAlarms(ctx.target, [physicalId]));
    return { status: 'applied' };
  } catch (e) {
    if (isQmError(e, ErrorCode.CloudNotFound)) return { status: 'unchanged', note: `${physicalId} was already gone` };
    throw e;
  }
}
