import type { ObservedInstance } from '../../model/observed.js';
import type { InstanceSpec } from '../../model/resources.js';
import type { ActionContext, ActionOutcome } from '../action-context.js';
import { instanceWrites, isEmptyModify } from '../writes/instance-writes.js';
import { hasTagWrites } from '../writes/tag-writes.js';
import { setPowerState } from './instance-power.js';
import { resizeInstance } from './instance-resize.js';

/**
 * An `update` or `stop-modify-start` of an instance: writes exactly the plan's field changes.
 * Tags and running-safe attributes first, then either the resize (stop, modify, start, with
 * rollback) or the power state change.
 *
 * @example await convergeInstance(ctx, desired, observed); // { status: 'applied' }
 */
export async function convergeInstance(ctx: ActionContext, desired: InstanceSpec, observed: ObservedInstance): Promise<ActionOutcome> {
  const id = observed.id;
  ctx.produced(id);
  const w = instanceWrites(ctx.action.id, ctx.action.changes, desired);
  let wrote = false;
  if (hasTagWrites(w.tags)) {
    await ctx.tags('instance', id, w.tags.set, w.tags.remove);
    wrote = true;
  }
  if (!isEmptyModify(w.inPlace)) {
    await ctx.call('modifyInstance', `${id} ${Object.keys(w.inPlace).join(',')}`, () =>
      ctx.provider.modifyInstance(ctx.target, id, w.inPlace),
    );
    wrote = true;
  }
  if (!isEmptyModify(w.whileStopped)) return resizeInstance(ctx, observed, desired, w.whileStopped);
  if (w.state !== undefined && (await setPowerState(ctx, id, observed.state, w.state))) wrote = true;
  return { status: wrote ? 'applied' : 'unchanged' };
}
