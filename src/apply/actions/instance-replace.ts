import type { ObservedInstance } from '../../model/observed.js';
import type { InstanceSpec } from '../../model/resources.js';
import type { ActionContext, ActionOutcome } from '../action-context.js';
import { launchInstance } from './instance-create.js';

/**
 * A change AWS cannot make in place (AMI, subnet): the new instance is launched and running
 * before the old one is terminated, so a failure leaves the old one serving.
 *
 * @example await replaceInstance(ctx, desired, observed); // launch i-new, wait, terminate i-old
 */
export async function replaceInstance(ctx: ActionContext, desired: InstanceSpec, observed: ObservedInstance): Promise<ActionOutcome> {
  const newId = await launchInstance(ctx, desired, observed.id);
  await ctx.instances('terminateInstances', observed.id);
  return { status: 'applied', note: `${newId} replaced ${observed.id}` };
}
