import { TimeoutError } from '../../errors.js';
import type { InstanceState } from '../../model/observed.js';
import type { PollerDialect } from '../instance-state-poller.js';
import { awsError } from './aws-errors.js';

/**
 * How the sim's instance waits fail: as the SDK's EC2 waiters do (their failure acceptors,
 * `stopped` also giving up on shutting-down), worded as the sim's other AWS errors are.
 *
 * @example createInstanceStatePoller(describe, clock, timings.pollIntervalMs, region, SIM_WAITER)
 */
export const SIM_WAITER: Partial<PollerDialect> = {
  hopeless: {
    running: new Set<InstanceState>(['shutting-down', 'terminated', 'stopping']),
    stopped: new Set<InstanceState>(['pending', 'terminated', 'shutting-down']),
    terminated: new Set<InstanceState>(['pending', 'stopping']),
  },
  cannotReach: ({ state: wanted, instances: [first] }) =>
    awsError('IncorrectInstanceState', `Waiter for '${wanted}' failed: instance '${first?.id}' is '${first?.state}'.`, {
      operation: 'DescribeInstances',
      fix: `It cannot reach '${wanted}' from '${first?.state}'; check who changed it and re-run \`qm plan\``,
      details: { instanceId: first?.id, state: first?.state, wanted },
    }),
  timedOut: ({ ids, state: wanted, instances, timeoutMs, errors }) => {
    const still = instances
      .slice(0, 5)
      .map((i) => `${i.id} ${i.state ?? 'not found'}`)
      .join(', ');
    const failed = errors.length > 0 ? `; errors while polling: ${errors.join('; ')}` : '';
    return new TimeoutError(`Timed out after ${Math.round(timeoutMs / 1000)} s waiting for ${ids.length} instance(s) to be ${wanted} (still: ${still}${failed})`, {
      fix: 'Check the instances in the EC2 console, then re-run apply: it resumes where it stopped',
      details: { instanceIds: instances.map((i) => i.id), wanted },
    });
  },
};
