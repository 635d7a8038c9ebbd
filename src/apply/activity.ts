/**
 * Tells the write batcher when to send: a batch waits while an action that could still join it
 * is busy (recording its start in the audit log, making a per-resource call before its batched
 * write, or releasing, when it ends, an action that will write) and goes out once every such
 * action is parked: waiting on a batch, on an instance state, on a long wait such as an instance
 * refresh, or sleeping before a retry. So actions released one by one (by their dependencies, or
 * by the audit log answering at different times) still share one call, while actions that can
 * never join (an alarm nothing batched depends on) hold nothing back.
 *
 * @example
 * const activity = createActivity();
 * const busy = activity.begin(true);           // an action that may join a batch starts: busy
 * await busy.park(() => batcher.run(...));     // not busy while it waits
 * busy.end();
 */
export interface Activity {
  /** An action starts; it counts as busy (until it parks or ends) only when it `mayJoin` a batch. */
  begin(mayJoin: boolean): ActionActivity;
  /** True when no running action that may join a batch is busy. */
  idle(): boolean;
  /** Calls `listener` each time the last busy action parks or ends; returns the unsubscribe. */
  onIdle(listener: () => void): () => void;
}

/** One running action's part of the activity. */
export interface ActionActivity {
  /** Runs `wait` with the action counted as parked until it settles; parks may nest (a retry sleep inside a long wait). */
  park<T>(wait: () => Promise<T>): Promise<T>;
  /** The action is done: it is not busy any more, whatever it was. */
  end(): void;
}

/** The part of an action that never holds a batch back. */
const UNTRACKED: ActionActivity = { park: (wait) => wait(), end: () => undefined };

export function createActivity(): Activity {
  let busy = 0;
  const listeners = new Set<() => void>();
  const down = (): void => {
    busy--;
    if (busy === 0) for (const l of [...listeners]) l();
  };
  return {
    begin(mayJoin) {
      if (!mayJoin) return UNTRACKED;
      busy++;
      let parked = 0;
      let ended = false;
      return {
        async park(wait) {
          if (parked++ === 0 && !ended) down();
          try {
            return await wait();
          } finally {
            if (--parked === 0 && !ended) busy++;
          }
        },
        end() {
          if (ended) return;
          ended = true;
          if (parked === 0) down();
        },
      };
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
  begin: () => UNTRACKED,
  idle: () => true,
  onIdle: () => () => undefined,
};
