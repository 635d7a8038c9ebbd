import { UnresolvedReferenceError } from '../../errors.js';
import { physicalName } from '../../model/identity.js';
import type { ObservedAlarm } from '../../model/observed.js';
import type { AlarmSpec } from '../../model/resources.js';
import type { ActionContext, ActionOutcome } from '../action-context.js';
import { alarmRequest } from '../writes/alarm-request.js';
import { hasTagWrites, isTagField, tagWrites } from '../writes/tag-writes.js';

/**
 * Creates or updates an alarm. A target (`target: web`) is resolved to its physical id: the
 * live one, or the one its create (or replace) made earlier in this run.
 *
 * @example await putAlarm(ctx, cpuHigh); // putAlarm prod-cpu-high AutoScalingGroupName=prod-web
 */
export async function putAlarm(ctx: ActionContext, desired: AlarmSpec, observed?: ObservedAlarm): Promise<ActionOutcome> {
  const name = observed?.name ?? ctx.action.resource.physicalId ?? physicalName(desired.env, desired.name);
  let targetId: string | undefined;
  if (desired.target) {
    targetId = ctx.physicalIdOf(desired.target.kind, desired.target.uuid);
    if (targetId === undefined) {
      throw new UnresolvedReferenceError(`alarm ${desired.name} targets ${desired.target.kind} ${desired.target.name}, which does not exist and is not created by this plan`, {
        fix: `define ${desired.target.name} in environment ${desired.env} (or remove the target), then plan again`,
      });
    }
  }
  const req = alarmRequest(desired, name, targetId);
  ctx.produced(name);
  const changes = ctx.action.changes;
  // PutMetricAlarm overwrites every setting but ignores tags on an existing alarm: those are written apart.
  const put = !observed || changes.some((c) => !isTagField(c.field));
  const tags = observed ? tagWrites(changes, desired) : undefined;
  const detail = targetId === undefined ? name : `${name} ${Object.entries(req.dimensions).map(([k, v]) => `${k}=${v}`).join(',')}`;
  if (put) await ctx.call('putAlarm', detail, () => ctx.provider.putAlarm(ctx.target, req));
  if (tags && hasTagWrites(tags)) {
    await ctx.call('updateTags', name, () => ctx.provider.updateTags(ctx.target, 'alarm', [name], tags.set, tags.remove));
  }
  return { status: put || (tags && hasTagWrites(tags)) ? 'applied' : 'unchanged' };
}
