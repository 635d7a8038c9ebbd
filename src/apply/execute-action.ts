import { PlanFileInvalidError } from '../errors.js';
import { physicalIdOf } from '../model/observed.js';
import type { ObservedAlarm, ObservedGroup, ObservedInstance } from '../model/observed.js';
import type { AlarmSpec, AutoScalingGroupSpec, InstanceSpec } from '../model/resources.js';
import type { ActionContext, ActionOutcome } from './action-context.js';
import { putAlarm } from './actions/alarm-put.js';
import { createGroup } from './actions/group-create.js';
import { convergeGroup } from './actions/group-converge.js';
import { launchInstance } from './actions/instance-create.js';
import { convergeInstance } from './actions/instance-converge.js';
import { replaceInstance } from './actions/instance-replace.js';
import { deleteResource } from './actions/resource-delete.js';

/**
 * Carries out one planned action through its context. Throws on failure (the caller turns the
 * error into a `failed` result); a resize that rolled back resolves `rolled-back`.
 *
 * @example const outcome = await executeAction(ctx); // { status: 'applied' }
 */
export async function executeAction(ctx: ActionContext): Promise<ActionOutcome> {
  const { action } = ctx;
  if (action.type === 'no-op') return { status: 'unchanged' };
  if (action.type === 'delete') {
    const id = action.resource.physicalId ?? (action.observed && physicalIdOf(action.observed));
    if (id === undefined) return { status: 'unchanged', note: 'nothing to delete' };
    return deleteResource(ctx, id);
  }
  const desired = action.desired;
  if (!desired) throw invalid(`plan action ${action.id} (${action.type}) has no desired resource`);
  const observed = action.observed;
  if (action.type !== 'create' && !observed) throw invalid(`plan action ${action.id} (${action.type}) has no observed resource`);

  switch (desired.kind) {
    case 'instance':
      if (action.type === 'create') {
        const id = await launchInstance(ctx, desired);
        return { status: 'applied', note: `launched ${id}` };
      }
      if (action.type === 'replace') return replaceInstance(ctx, desired, observed as ObservedInstance);
      return convergeInstance(ctx, desired as InstanceSpec, observed as ObservedInstance);
    case 'autoscaling-group':
      if (action.type === 'create') return createGroup(ctx, desired);
      if (action.type === 'replace') throw invalid(`replacing an Auto Scaling group (${action.id}) is not supported`);
      return convergeGroup(ctx, desired as AutoScalingGroupSpec, observed as ObservedGroup);
    case 'alarm':
      return putAlarm(ctx, desired as AlarmSpec, observed as ObservedAlarm | undefined);
  }
}

function invalid(message: string): PlanFileInvalidError {
  return new PlanFileInvalidError(message, { fix: 'run qm plan again with this version of qm' });
}
