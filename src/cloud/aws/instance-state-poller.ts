import type { Clock } from '../../clock.js';
import { CloudError, ConfigInvalidError, ErrorCode, TimeoutError } from '../../errors.js';
import type { InstanceState } from '../../model/observed.js';
import type { WaitOptions } from '../provider.js';
import { redact } from './to-cloud-error.js';

/** States an instance can be waited for, and the states from which it can no longer get there (as the SDK's EC2 waiters judge). */
const HOPELESS: Record<'running' | 'stopped' | 'terminated', ReadonlySet<InstanceState>> = {
  running: new Set(['shutting-down', 'terminated', 'stopping']),
  stopped: new Set(['pending', 'terminated']),
  terminated: new Set(['pending', 'stopping']),
};

export type DescribeStates = (ids: readonly string[]) => Promise<Map<string, InstanceState>>;

export interface InstanceStatePoller {
  /** Resolves once every one of `ids` is in `state`; rejects for these ids only (timeout, a state they cannot leave for `state`). */
  wait(ids: readonly string[], state: InstanceState, opts: WaitOptions): Promise<void>;
}

interface Waiter {
  ids: string[];
  left: Set<string>;
  state: keyof typeof HOPELESS;
  deadline: number;
  timeoutMs: number;
  errors: Set<string>;
  resolve: () => void;
  reject: (e: unknown) => void;
}

/**
 * One poller for every instance wait of a region and role: each round is one describe
 * (`describe`, paginated, 200 ids a call) of every instance anyone waits for, then each wait
 * is settled on its own instances only. Waits started in the same turn share their first
 * round; a round comes every `intervalMs` on the clock, never later than the nearest deadline.
 * A failed round (throttling past the SDK's retries, a 403) is retried on the next one, as the
 * SDK waiters do, and a wait that runs out of time names the errors it saw.
 *
 * @example
 * const poller = createInstanceStatePoller((ids) => describeInstanceStates(clients, ids), clock, 15_000, 'eu-west-1');
 * await Promise.all(ids.map((id) => poller.wait([id], 'stopped', { timeoutMs: 600_000 }))); // one describe a round for all
 */
export function createInstanceStatePoller(describe: DescribeStates, clock: Clock, intervalMs: number, region: string): InstanceStatePoller {
  const waiters = new Set<Waiter>();
  let running = false;

  async function loop(): Promise<void> {
    // setImmediate runs after every pending microtask: waits started together share the first round.
    await new Promise((resolve) => setImmediate(resolve));
    try {
      await rounds();
    } finally {
      running = false;
    }
  }

  async function rounds(): Promise<void> {
    while (waiters.size > 0) {
      const round = [...waiters];
      const ids = [...new Set(round.flatMap((w) => [...w.left]))];
      let states: Map<string, InstanceState> | undefined;
      try {
        states = await describe(ids);
      } catch (e) {
        for (const w of round) w.errors.add(redact(e instanceof Error ? e.message : String(e)));
      }
      const now = clock.now().getTime();
      for (const w of round) settle(w, states, now);
      if (waiters.size === 0) break;
      const nearest = Math.min(...[...waiters].map((w) => w.deadline));
      await clock.sleep(Math.max(0, Math.min(intervalMs, nearest - now)));
    }
  }

  function settle(w: Waiter, states: Map<string, InstanceState> | undefined, now: number): void {
    if (states) {
      const hopeless: string[] = [];
      for (const id of w.left) {
        const s = states.get(id);
        // Terminated instances drop out of describes after a while: absent is as good as terminated.
        if (s === w.state || (s === undefined && w.state === 'terminated')) w.left.delete(id);
        else if (s !== undefined && HOPELESS[w.state].has(s)) hopeless.push(`${id} is ${s}`);
      }
      if (hopeless.length > 0) {
        return finish(w, new CloudError(ErrorCode.CloudIncorrectState, `instances ${w.ids.join(', ')} can no longer become ${w.state}: ${hopeless.join(', ')}`, {
          fix: 'See why they changed state in the EC2 console (StateReason), fix the cause and run apply again',
          details: { instanceIds: w.ids, state: w.state, region },
        }));
      }
    }
    if (w.left.size === 0) return finish(w);
    if (now >= w.deadline) {
      const errors = w.errors.size > 0 ? ` (errors while polling: ${[...w.errors].join('; ')})` : '';
      finish(w, new TimeoutError(`instances ${w.ids.join(', ')} were not ${w.state} after ${Math.round(w.timeoutMs / 1000)} s${errors}`, {
        fix: 'Look at the instances in the EC2 console (status checks, capacity) and run apply again, or raise the wait timeout',
        details: { instanceIds: w.ids, state: w.state, region },
      }));
    }
  }

  function finish(w: Waiter, error?: Error): void {
    waiters.delete(w);
    if (error) w.reject(error);
    else w.resolve();
  }

  return {
    async wait(ids, state, opts) {
      if (!(state in HOPELESS)) {
        throw new ConfigInvalidError(`cannot wait for instances to be "${state}": EC2 has waiters for running, stopped and terminated only`, {
          fix: 'Wait for running, stopped or terminated',
        });
      }
      if (ids.length === 0) return;
      await new Promise<void>((resolve, reject) => {
        waiters.add({
          ids: [...ids],
          left: new Set(ids),
          state: state as Waiter['state'],
          deadline: clock.now().getTime() + opts.timeoutMs,
          timeoutMs: opts.timeoutMs,
          errors: new Set(),
          resolve,
          reject,
        });
        if (!running) {
          running = true;
          void loop();
        }
      });
    },
  };
}
