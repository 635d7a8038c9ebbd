import type { RunInstanceRequest } from '../../cloud/provider.js';
import { managedTags } from '../../model/identity.js';
import type { InstanceSpec } from '../../model/resources.js';
import type { ActionContext } from '../action-context.js';

/**
 * Launches the desired instance with its full tags and an idempotency token derived from the
 * resource uuid and the launch request, waits for it to run, and stops it when the definition
 * says `stopped`. A re-run with the same desired spec gets the same instance back.
 * `supersedes` (a replace) keeps its token apart from the original create's.
 *
 * @example const id = await launchInstance(ctx, desired); // 'i-0abc...'
 */
export async function launchInstance(ctx: ActionContext, desired: InstanceSpec, supersedes?: string): Promise<string> {
  const launch: Omit<RunInstanceRequest, 'clientToken'> = {
    instanceType: desired.instanceType,
    ami: desired.ami,
    subnetId: desired.subnetId,
    securityGroupIds: desired.securityGroupIds,
    keyName: desired.keyName,
    monitoring: desired.monitoring,
    ebsOptimized: desired.ebsOptimized,
    rootVolume: desired.rootVolume,
    userData: desired.userData,
    tags: managedTags(desired.tags, desired),
  };
  const clientToken = ctx.token('run-instance', launch, supersedes && `supersedes ${supersedes}`);
  const { instanceId } = await ctx.call('runInstance', (r) => `${desired.instanceType} -> ${r.instanceId}`, () =>
    ctx.provider.runInstance(ctx.target, { ...launch, clientToken }),
  );
  ctx.produced(instanceId);
  await ctx.waitFor(instanceId, 'running');
  if (desired.state === 'stopped') {
    await ctx.instances('stopInstances', instanceId);
    await ctx.waitFor(instanceId, 'stopped');
  }
  return instanceId;
}
