import type { RunInstanceRequest } from '../../cloud/provider.js';
import { managedTags } from '../../model/identity.js';
import type { InstanceSpec } from '../../model/resources.js';
import type { ActionContext } from '../action-context.js';
import { withTokenGenerations } from './with-token-generations.js';

/**
 * Launches the desired instance with its full tags and an idempotency token derived from the
 * resource uuid and the launch request, waits for it to run, and stops it when the definition
 * says `stopped`. A re-run with the same desired spec gets the same instance back.
 * `supersedes` (a replace) keeps its token apart from the original create's.
 *
 * EC2 refuses a token whose instance was terminated (IdempotentInstanceTerminated): the
 * definition was deleted and restored, or changed back. The next generation of the token is
 * then used; generations are tried in order, so a re-run still lands on the same instance.
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
  const instanceId = await runWithToken(ctx, launch, supersedes === undefined ? '' : `supersedes ${supersedes}`);
  ctx.produced(instanceId);
  await ctx.waitFor(instanceId, 'running');
  if (desired.state === 'stopped') {
    await ctx.instances('stopInstances', instanceId);
    await ctx.waitFor(instanceId, 'stopped');
  }
  return instanceId;
}

function runWithToken(ctx: ActionContext, launch: Omit<RunInstanceRequest, 'clientToken'>, extra: string): Promise<string> {
  return withTokenGenerations(ctx, { purpose: 'run-instance', spec: launch, extra, spentWhen: ['IdempotentInstanceTerminated'] }, async (clientToken) => {
    const { instanceId } = await ctx.call('runInstance', (r) => `${launch.instanceType} -> ${r.instanceId}`, () =>
      ctx.provider.runInstance(ctx.target, { ...launch, clientToken }),
    );
    return instanceId;
  });
}
