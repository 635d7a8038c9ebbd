import type { InstanceState } from '../../model/observed.js';
import type { DesiredPowerState } from '../../model/resources.js';
import { CloudError, ErrorCode } from '../../errors.js';
import type { ActionContext } from '../action-context.js';

/**
 * Brings an instance from its observed state to the desired power state, waiting out a
 * transition in flight first (a `stopping` instance cannot be started). Pending counts as
 * running and stopping as stopped when that is the goal: they get there on their own.
 * Resolves whether anything was written.
 *
 * @example await setPowerState(ctx, 'i-1', 'stopped', 'running'); // start, wait running
 */
export async function setPowerState(
  ctx: ActionContext,
  instanceId: string,
  current: InstanceState,
  wanted: DesiredPowerState,
): Promise<boolean> {
  if (current === 'terminated' || current === 'shutting-down') {
    throw new CloudError(ErrorCode.CloudIncorrectState, `instance ${instanceId} is ${current} and cannot be ${wanted}`, {
      fix: 'run qm plan again: it will plan a new instance',
    });
  }
  if (wanted === 'running') {
    if (current === 'running' || current === 'pending') return false;
    if (current === 'stopping') await ctx.waitFor(instanceId, 'stopped');
    await ctx.instances('startInstances', instanceId);
    await ctx.waitFor(instanceId, 'running');
    return true;
  }
  if (current === 'stopped' || current === 'stopping') return false;
  if (current === 'pending') await ctx.waitFor(instanceId, 'running');
  await ctx.instances('stopInstances', instanceId);
  await ctx.waitFor(instanceId, 'stopped');
  return true;
}
