import { TAG_SUPERSEDED } from '../../model/identity.js';
import type { ObservedInstance } from '../../model/observed.js';
import type { InstanceSpec } from '../../model/resources.js';
import type { ActionContext, ActionOutcome } from '../action-context.js';
import { launchInstance } from './instance-create.js';

/**
 * A change AWS cannot make in place (AMI, subnet): the new instance is launched and running
 * before the old one is terminated, so a failure leaves the old one serving. The old one is
 * first tagged `qm:superseded`: if a crash leaves both alive with one qm:uuid, the plan can
 * tell which is the leftover.
 *
 * @example await replaceInstance(ctx, desired, observed); // tag i-old, launch i-new, wait, terminate i-old
 */
export async function replaceInstance(ctx: ActionContext, desired: InstanceSpec, observed: ObservedInstance): Promise<ActionOutcome> {
  const oldId = observed.id;
  if (observed.tags[TAG_SUPERSEDED] === undefined) {
    await ctx.call('updateTags', `${oldId} ${TAG_SUPERSEDED}`, () =>
      ctx.provider.updateTags(ctx.target, 'instance', [oldId], { [TAG_SUPERSEDED]: 'true' }, []),
    );
  }
  let newId: string;
  try {
    newId = await launchInstance(ctx, desired, oldId);
  } catch (e) {
    // Nothing was launched: the old instance is not superseded after all (best effort).
    if (ctx.producedId === undefined) {
      await ctx.provider.updateTags(ctx.target, 'instance', [oldId], {}, [TAG_SUPERSEDED]).catch(() => undefined);
    }
    throw e;
  }
  await ctx.instances('terminateInstances', oldId);
  return { status: 'applied', note: `${newId} replaced ${oldId}` };
}
