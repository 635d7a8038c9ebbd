import { StartInstanceRefreshCommand } from '@aws-sdk/client-auto-scaling';
import type { Clock } from '../../clock.js';
import { CloudError, ErrorCode, TimeoutError } from '../../errors.js';
import type { InstanceRefreshStatus } from '../../model/observed.js';
import type { WaitOptions } from '../provider.js';
import { awsCall } from './aws-call.js';
import type { AwsClients } from './aws-clients.js';
import { describeNewestRefresh } from './aws-describes.js';
import { mapRefreshStatus } from './map-group.js';

const FINAL: ReadonlySet<InstanceRefreshStatus> = new Set(['Successful', 'Failed', 'Cancelled', 'RollbackSuccessful']);

/**
 * Starts a rolling refresh that skips instances already on the group's template. Like AWS,
 * it refuses while another refresh runs (CloudIncorrectState, InstanceRefreshInProgress):
 * the plan sees the running one (ObservedGroup.refresh) and waits for it instead.
 *
 * @example
 * const { refreshId } = await startInstanceRefresh(clients, 'prod-web', { minHealthyPercentage: 90 });
 */
export async function startInstanceRefresh(c: AwsClients, groupName: string, opts: { minHealthyPercentage: number }): Promise<{ refreshId: string }> {
  const out = await awsCall(
    'autoscaling:StartInstanceRefresh',
    () =>
      c.autoScaling.send(
        new StartInstanceRefreshCommand({
          AutoScalingGroupName: groupName,
          Strategy: 'Rolling',
          Preferences: { MinHealthyPercentage: opts.minHealthyPercentage, SkipMatching: true },
        }),
      ),
    { region: c.region, resource: groupName },
  );
  return { refreshId: out.InstanceRefreshId ?? '' };
}

/** Polls DescribeInstanceRefreshes on the injected clock until the refresh ends or the timeout passes. */
export async function waitForInstanceRefresh(
  c: AwsClients,
  groupName: string,
  refreshId: string,
  opts: WaitOptions,
  clock: Clock,
  pollMs: number,
): Promise<InstanceRefreshStatus> {
  const deadline = clock.now().getTime() + opts.timeoutMs;
  for (;;) {
    const r = await describeNewestRefresh(c, groupName, refreshId);
    if (!r) {
      throw new CloudError(ErrorCode.CloudNotFound, `instance refresh ${refreshId} of group ${groupName} was not found`, {
        fix: 'The group may have been deleted; run plan again',
        details: { region: c.region, resource: groupName },
      });
    }
    const status = mapRefreshStatus(r.Status);
    if (FINAL.has(status)) return status;
    if (clock.now().getTime() + pollMs > deadline) {
      throw new TimeoutError(`instance refresh ${refreshId} of group ${groupName} is still ${status} (${r.PercentageComplete ?? 0}%) after ${Math.round(opts.timeoutMs / 1000)} s`, {
        fix: 'Follow it in the Auto Scaling console (Instance refresh tab) and run apply again once it has finished',
        details: { region: c.region, resource: groupName, refreshId, status },
      });
    }
    await clock.sleep(pollMs);
  }
}
