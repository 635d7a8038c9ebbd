import type { LaunchTemplateRef, PutLaunchTemplateRequest } from '../../cloud/provider.js';
import { managedTags } from '../../model/identity.js';
import type { AutoScalingGroupSpec } from '../../model/resources.js';
import type { ActionContext } from '../action-context.js';

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
  const clientToken = ctx.token('launch-template', req);
  return ctx.call('putLaunchTemplate', (r) => `${groupName} -> ${r.id} v${r.version}`, () =>
    ctx.provider.putLaunchTemplate(ctx.target, { ...req, clientToken }),
  );
}
