import type { LaunchTemplateRef, PutLaunchTemplateRequest } from '../../cloud/provider.js';
import { managedTags } from '../../model/identity.js';
import type { AutoScalingGroupSpec } from '../../model/resources.js';
import type { ActionContext } from '../action-context.js';
import { withTokenGenerations } from './with-token-generations.js';

/**
 * Writes the group's launch template (a new version when it exists) with a token derived from
 * the uuid and the template content, so a re-run after a crash reuses the version it made.
 *
 * @example const ref = await putLaunchTemplate(ctx, desired, 'prod-web'); // { id: 'lt-1', version: '2' }
 */
export async function putLaunchTemplate(ctx: ActionContext, desired: AutoScalingGroupSpec, groupName: string): Promise<LaunchTemplateRef> {
  const req: Omit<PutLaunchTemplateRequest, 'clientToken'> = {
    name: groupName,
    spec: desired.launchTemplate,
    tags: managedTags(desired.tags, desired),
  };
  // A mismatch means the cloud saw this token with what it counts as other parameters (a
  // template made by a crashed run is now versioned, not created): a fresh token then costs at
  // most one identical version, never a wrong one.
  return withTokenGenerations(ctx, { purpose: 'launch-template', spec: req, spentWhen: ['IdempotentParameterMismatch'] }, (clientToken) =>
    ctx.call('putLaunchTemplate', (r) => `${groupName} -> ${r.id} v${r.version}`, () =>
      ctx.provider.putLaunchTemplate(ctx.target, { ...req, clientToken }),
    ),
  );
}
