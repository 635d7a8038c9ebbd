/**
 * Tells the write batcher when to send: a batch waits while any running action is still busy
 * (recording its start in the audit log, checking the account, making a per-resource call,
 * doing its own work) because that action may be about to join it, and goes out once every
 * running action is parked: waiting on a batch, on an instance state, or on a long wait such as
 * an instance refresh. So actions released one by one (by their dependencies, or by the
 * audit log answering at different times) still share one call.
 *
 * @example
 * const activity = createActivity();
 * activity.begin();                               // an action starts: busy
 * await activity.park(() => batcher.run(...));    // not busy while it waits
 * activity.end();
 */
export interface Activity {
  /** An action started running: it counts as busy until it parks or ends. */
  begin(): void;
  end(): void;
  /** Runs `wait` with the caller counted as parked (not busy) until it settles. */
  park<T>(wait: () => Promise<T>): Promise<T>;
  /** True when no running action is busy. */
  idle(): boolean;
  /** Calls `listener` each time the last busy action parks or ends; returns the unsubscribe. */
  onIdle(listener: () => void): () => void;
}

export function createActivity(): Activity {
  let busy = 0;
  const listeners = new Set<() => void>();
  const down = (): void => {
    busy--;
    if (busy === 0) for (const l of [...listeners]) l();
  };
  return {
    begin: () => {
      busy++;
    },
    end: down,
    async park(wait) {
      down();
      try {
        return await wait();
      } finally {
        busy++;
      }
    },
    idle: () => busy <= 0,
    onIdle(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}

/** An activity that is always idle: a batcher on it sends what arrived in the same turn of the event loop. */
export const ALWAYS_IDLE: Activity = {
  begin: () => undefined,
  end: () => undefined,
  park: (wait) => wait(),
  idle: () => true,
  onIdle: () => () => undefined,
};
