import { managedTags, physicalName } from '../../model/identity.js';
import type { AutoScalingGroupSpec } from '../../model/resources.js';
import type { ActionContext, ActionOutcome } from '../action-context.js';
import { putLaunchTemplate } from './launch-template.js';

/**
 * Creates a group: its launch template, the group at `desiredCapacity ?? minSize`, then each
 * target-tracking policy.
 *
 * @example await createGroup(ctx, web); // putLaunchTemplate, createGroup prod-web, putScalingPolicy cpu
 */
export async function createGroup(ctx: ActionContext, desired: AutoScalingGroupSpec): Promise<ActionOutcome> {
  const name = ctx.action.resource.physicalId ?? physicalName(desired.env, desired.name);
  const launchTemplate = await putLaunchTemplate(ctx, desired, name);
  await ctx.call('createGroup', name, () =>
    ctx.provider.createGroup(ctx.target, {
      name,
      launchTemplate,
      minSize: desired.minSize,
      maxSize: desired.maxSize,
      desiredCapacity: desired.desiredCapacity ?? desired.minSize,
      subnetIds: desired.subnetIds,
      availabilityZones: desired.availabilityZones,
      healthCheck: desired.healthCheck,
      tags: managedTags(desired.tags, desired),
    }),
  );
  ctx.produced(name);
  for (const policy of desired.scalingPolicies) {
    await ctx.call('putScalingPolicy', `${name} ${policy.name}`, () => ctx.provider.putScalingPolicy(ctx.target, name, policy));
  }
  return { status: 'applied' };
}
