import {
  waitUntilInstanceRunning,
  waitUntilInstanceStopped,
  waitUntilInstanceTerminated,
  type DescribeInstancesCommandOutput,
} from '@aws-sdk/client-ec2';
import { CloudError, ConfigInvalidError, ErrorCode, TimeoutError } from '../../errors.js';
import type { InstanceState } from '../../model/observed.js';
import type { WaitOptions } from '../provider.js';
import { chunks } from './aws-call.js';
import type { AwsClients } from './aws-clients.js';
import { redact, toCloudError } from './to-cloud-error.js';

const WAITERS = {
  running: waitUntilInstanceRunning,
  stopped: waitUntilInstanceStopped,
  terminated: waitUntilInstanceTerminated,
} as const;

/** The SDK's own delays for the instance waiters, in seconds. */
const SDK_MIN_DELAY = 15;
const SDK_MAX_DELAY = 120;

/** DescribeInstances with InstanceIds answers at most this many per call without paging. */
const WAIT_BATCH = 200;

export interface WaiterDelays {
  min: number;
  max: number;
}

/**
 * Waits with the SDK's own EC2 waiters (they poll DescribeInstances by id and know which
 * states can never reach the target, e.g. `terminated` while waiting for `running`).
 * A waiter that gives up becomes a TIMEOUT QmError; one that fails, an incorrect-state error.
 *
 * @example
 * await waitForInstances(clients, ['i-1'], 'running', { timeoutMs: 300_000 });
 */
export async function waitForInstances(
  c: AwsClients,
  ids: string[],
  state: InstanceState,
  opts: WaitOptions,
  delays?: WaiterDelays,
): Promise<void> {
  if (ids.length === 0) return;
  if (!(state in WAITERS)) {
    throw new ConfigInvalidError(`cannot wait for instances to be "${state}": EC2 has waiters for running, stopped and terminated only`, {
      fix: 'Wait for running, stopped or terminated',
    });
  }
  const waiter = WAITERS[state as keyof typeof WAITERS];
  // The SDK refuses a wait shorter than its first delay (15 s for instances): shrink the delays to fit.
  const maxWaitTime = Math.max(opts.timeoutMs / 1000, 0.002);
  const minDelay = Math.min(delays?.min ?? SDK_MIN_DELAY, maxWaitTime / 2);
  const maxDelay = Math.max(minDelay, Math.min(delays?.max ?? SDK_MAX_DELAY, maxWaitTime));
  await Promise.all(
    chunks(ids, WAIT_BATCH).map(async (batch) => {
      try {
        await waiter({ client: c.ec2, maxWaitTime, minDelay, maxDelay }, { InstanceIds: batch });
      } catch (e) {
        throw waiterError(e, batch, state, opts, c.region);
      }
    }),
  );
}

function waiterError(e: unknown, ids: string[], state: string, opts: WaitOptions, region: string): Error {
  const name = (e as { name?: string } | undefined)?.name;
  const resource = ids.join(', ');
  if (name === 'TimeoutError') {
    // The waiter retries on any error, so an error seen while polling (403...) only shows here.
    const errors = observedErrors(e);
    return new TimeoutError(`instances ${resource} were not ${state} after ${Math.round(opts.timeoutMs / 1000)} s${errors ? ` (errors while polling: ${errors})` : ''}`, {
      fix: 'Look at the instances in the EC2 console (status checks, capacity) and run apply again, or raise the wait timeout',
      details: { instanceIds: ids, state, region },
    });
  }
  // A waiter FAILURE carries the last DescribeInstances output in its JSON message.
  const states = lastStates(e);
  if (states) {
    return new CloudError(ErrorCode.CloudIncorrectState, `instances ${resource} can no longer become ${state}: ${states}`, {
      fix: 'See why they changed state in the EC2 console (StateReason), fix the cause and run apply again',
      details: { instanceIds: ids, state, region },
      cause: e,
    });
  }
  return toCloudError(e, 'ec2:DescribeInstances', { region, resource });
}

function observedErrors(e: unknown): string | undefined {
  const parsed = parseWaiterMessage(e) as { observedResponses?: Record<string, number> } | undefined;
  const errors = Object.keys(parsed?.observedResponses ?? {}).filter((k) => !k.startsWith('200'));
  return errors.length > 0 ? redact(errors.join('; ')) : undefined;
}

function parseWaiterMessage(e: unknown): unknown {
  const message = (e as { message?: string } | undefined)?.message;
  if (!message?.startsWith('{')) return undefined;
  try {
    return JSON.parse(message);
  } catch {
    return undefined;
  }
}

function lastStates(e: unknown): string | undefined {
  const parsed = parseWaiterMessage(e) as { state?: string; reason?: DescribeInstancesCommandOutput } | undefined;
  if (parsed?.state !== 'FAILURE' || !parsed.reason?.Reservations) return undefined;
  return parsed.reason.Reservations.flatMap((r) => r.Instances ?? [])
    .map((i) => `${i.InstanceId} is ${i.State?.Name}`)
    .join(', ');
}
