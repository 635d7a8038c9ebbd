import type { Clock } from '../clock.js';
import { CloudError, ConfigInvalidError, ErrorCode, TimeoutError } from '../errors.js';
import type { InstanceState } from '../model/observed.js';
import type { WaitOptions } from './provider.js';
import { redactCredentials } from './redact-credentials.js';

/** The states an instance can be waited for. */
export type WaitableState = 'running' | 'stopped' | 'terminated';

/** Per waitable state, the states from which an instance can no longer get there. */
export type HopelessStates = Record<WaitableState, ReadonlySet<InstanceState>>;

/** As the SDK's EC2 waiters judge. */
const SDK_HOPELESS: HopelessStates = {
  running: new Set(['shutting-down', 'terminated', 'stopping']),
  stopped: new Set(['pending', 'terminated']),
  terminated: new Set(['pending', 'stopping']),
};

/** The states of those of `ids` the cloud shows: an id it does not know is absent, not an error. */
export type DescribeStates = (ids: readonly string[]) => Promise<Map<string, InstanceState>>;

/** How one wait ended badly, for the provider to word. */
export interface WaitFailure {
  ids: readonly string[];
  state: WaitableState;
  region: string;
  /** Cannot reach `state`: these, in the state each is in. Timed out: those not there yet, in their last seen state (undefined: never seen). */
  instances: { id: string; state: InstanceState | undefined }[];
  timeoutMs: number;
  /** The errors of failed rounds during the wait, as `errorText` worded them. */
  errors: string[];
}

/** What a provider may say its own way; every field has the AWS adapter's default. */
export interface PollerDialect {
  hopeless: HopelessStates;
  /** A failed round's error as a timeout names it; the default takes credentials out. */
  errorText: (e: unknown) => string;
  cannotReach: (f: WaitFailure) => Error;
  timedOut: (f: WaitFailure) => Error;
}

const DEFAULT_DIALECT: PollerDialect = {
  hopeless: SDK_HOPELESS,
  errorText: (e) => redactCredentials(e instanceof Error ? e.message : String(e)),
  cannotReach: (f) =>
    new CloudError(ErrorCode.CloudIncorrectState, `instances ${f.ids.join(', ')} can no longer become ${f.state}: ${f.instances.map((i) => `${i.id} is ${i.state}`).join(', ')}`, {
      fix: 'See why they changed state in the EC2 console (StateReason), fix the cause and run apply again',
      details: { instanceIds: f.ids, state: f.state, region: f.region },
    }),
  timedOut: (f) => {
    const errors = f.errors.length > 0 ? ` (errors while polling: ${f.errors.join('; ')})` : '';
    return new TimeoutError(`instances ${f.ids.join(', ')} were not ${f.state} after ${Math.round(f.timeoutMs / 1000)} s${errors}`, {
      fix: 'Look at the instances in the EC2 console (status checks, capacity) and run apply again, or raise the wait timeout',
      details: { instanceIds: f.ids, state: f.state, region: f.region },
    });
  },
};

export interface InstanceStatePoller {
  /** Resolves once every one of `ids` is in `state`; rejects for these ids only (timeout, a state they cannot leave for `state`). */
  wait(ids: readonly string[], state: InstanceState, opts: WaitOptions): Promise<void>;
}

interface Waiter {
  ids: string[];
  left: Set<string>;
  /** The last state seen of each of `left`. */
  seen: Map<string, InstanceState>;
  state: WaitableState;
  deadline: number;
  timeoutMs: number;
  /** When its instances are next described: see createInstanceStatePoller. */
  nextPollAt: number;
  errors: Set<string>;
  resolve: () => void;
  reject: (e: unknown) => void;
}

/**
 * One poller for every instance wait of a region and role (AWS), or of a region (the sim): each round is one describe
 * (`describe`, paginated, 200 ids a call) of the instances of the waits that are due, then each
 * wait is settled on its own instances only. A wait is due at its deadline, every `intervalMs`
 * on the clock after its last poll, and first when it joins, or, if a round was made less than
 * half an interval before, half an interval after that round: a stream of waits joining costs
 * at most two rounds an interval, and none waits more than half an interval for its first look.
 * A round takes along every wait due within half an interval, so waits that joined at different
 * times share their rounds from then on. A wait joining while the poller sleeps past its first
 * poll or its deadline wakes it. Waits joining in the same turn share their first round. A
 * failed round (throttling past the SDK's retries, a 403) is retried on the next one, as the SDK
 * waiters do, and a wait that runs out of time names the errors it saw. However many wait, the
 * poller keeps one sleep on the clock and no timer per wait. `dialect` words its errors the
 * provider's way (default: the AWS adapter's).
 *
 * @example
 * const poller = createInstanceStatePoller((ids) => describeInstanceStates(clients, ids), clock, 15_000, 'eu-west-1');
 * await Promise.all(ids.map((id) => poller.wait([id], 'stopped', { timeoutMs: 600_000 }))); // one describe a round for all
 */
export function createInstanceStatePoller(
  describe: DescribeStates,
  clock: Clock,
  intervalMs: number,
  region: string,
  dialect: Partial<PollerDialect> = {},
): InstanceStatePoller {
  const say: PollerDialect = { ...DEFAULT_DIALECT, ...dialect };
  const waiters = new Set<Waiter>();
  let running = false;
  let lastRoundAt = -Infinity;
  /** Ends the poller's current sleep early; set only while it sleeps, until `sleepingUntil`. */
  let wake: (() => void) | undefined;
  let sleepingUntil = Infinity;

  function start(): void {
    running = true;
    void loop();
  }

  async function loop(): Promise<void> {
    try {
      await nextTurn();
      await rounds();
    } finally {
      running = false;
      // A wait that joined after the last round ended, before this line, starts the next.
      if (waiters.size > 0) start();
    }
  }

  async function rounds(): Promise<void> {
    while (waiters.size > 0) {
      const now = clock.now().getTime();
      if (earliest() <= now) {
        lastRoundAt = now;
        await poll([...waiters].filter((w) => w.nextPollAt <= now + intervalMs / 2 || w.deadline <= now));
      }
      if (waiters.size === 0) break;
      await sleep(Math.max(0, earliest() - clock.now().getTime()));
    }
  }

  /** When the next wait is due (a loop: no spread of thousands of waits into Math.min). */
  function earliest(): number {
    let next = Infinity;
    for (const w of waiters) next = Math.min(next, w.nextPollAt, w.deadline);
    return next;
  }

  async function poll(due: Waiter[]): Promise<void> {
    const wanted = new Set<string>();
    for (const w of due) for (const id of w.left) wanted.add(id);
    let states: Map<string, InstanceState> | undefined;
    try {
      states = await describe([...wanted]);
    } catch (e) {
      const text = say.errorText(e);
      for (const w of due) w.errors.add(text);
    }
    const now = clock.now().getTime();
    for (const w of due) {
      w.nextPollAt = now + intervalMs;
      settle(w, states, now);
    }
  }

  /** Sleeps on the clock until `ms` have passed or `wake` is called; then lets the rest of that turn's waits join too. */
  function sleep(ms: number): Promise<void> {
    const woken = new AbortController();
    sleepingUntil = clock.now().getTime() + ms;
    return new Promise<void>((resolve) => {
      wake = () => {
        wake = undefined;
        sleepingUntil = Infinity;
        woken.abort();
        void nextTurn().then(resolve);
      };
      const slept = (): void => {
        if (woken.signal.aborted) return; // woken: resolved after the turn, above
        wake = undefined;
        sleepingUntil = Infinity;
        resolve();
      };
      clock.sleep(ms, woken.signal).then(slept, slept);
    });
  }

  function settle(w: Waiter, states: Map<string, InstanceState> | undefined, now: number): void {
    if (states) {
      const hopeless: WaitFailure['instances'] = [];
      for (const id of w.left) {
        const s = states.get(id);
        if (s !== undefined) w.seen.set(id, s);
        // Terminated instances drop out of describes after a while: absent is as good as terminated.
        if (s === w.state || (s === undefined && w.state === 'terminated')) w.left.delete(id);
        else if (s !== undefined && say.hopeless[w.state].has(s)) hopeless.push({ id, state: s });
      }
      if (hopeless.length > 0) return finish(w, say.cannotReach(failure(w, hopeless)));
    }
    if (w.left.size === 0) return finish(w);
    if (now >= w.deadline) finish(w, say.timedOut(failure(w, [...w.left].map((id) => ({ id, state: w.seen.get(id) })))));
  }

  function failure(w: Waiter, instances: WaitFailure['instances']): WaitFailure {
    return { ids: w.ids, state: w.state, region, instances, timeoutMs: w.timeoutMs, errors: [...w.errors] };
  }

  function finish(w: Waiter, error?: Error): void {
    waiters.delete(w);
    if (error) w.reject(error);
    else w.resolve();
  }

  return {
    async wait(ids, state, opts) {
      if (!(state in say.hopeless)) {
        throw new ConfigInvalidError(`cannot wait for instances to be "${state}": EC2 has waiters for running, stopped and terminated only`, {
          fix: 'Wait for running, stopped or terminated',
        });
      }
      if (ids.length === 0) return;
      await new Promise<void>((resolve, reject) => {
        const now = clock.now().getTime();
        const w: Waiter = {
          ids: [...ids],
          left: new Set(ids),
          seen: new Map(),
          state: state as WaitableState,
          deadline: now + opts.timeoutMs,
          timeoutMs: opts.timeoutMs,
          nextPollAt: Math.max(now, lastRoundAt + intervalMs / 2),
          errors: new Set(),
          resolve,
          reject,
        };
        waiters.add(w);
        if (!running) start();
        else if (Math.min(w.nextPollAt, w.deadline) < sleepingUntil) wake?.();
      });
    },
  };
}

/** setImmediate runs after every pending microtask: waits started together share a round. */
function nextTurn(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
