/**
 * A min-heap of "look at `id` at time `at`", at most one live entry per id: scheduling an id
 * again replaces its time (the old heap entry is skipped when it surfaces). It lets the sim
 * settle only the instances whose transition is due instead of scanning the fleet per call.
 *
 * @example
 * const due = createDueQueue();
 * due.schedule('i-00000000000000001', 3_000);
 * due.popDue(5_000); // ['i-00000000000000001']
 */
export interface DueQueue {
  /** Asks to be told about `id` at `at`; undefined cancels. */
  schedule(id: string, at: number | undefined): void;
  /** The ids due at or before `now`, earliest first, each removed from the queue. */
  popDue(now: number): string[];
  /** The earliest time asked for, or undefined when nothing is (it may be an entry popDue will skip). */
  nextAt(): number | undefined;
  clear(): void;
  readonly size: number;
}

export function createDueQueue(): DueQueue {
  // Parallel arrays: a heap of 10,000s of entries without an object per entry.
  let times: number[] = [];
  let ids: string[] = [];
  let scheduled = new Map<string, number>();

  const swap = (i: number, j: number) => {
    const t = times[i]!;
    times[i] = times[j]!;
    times[j] = t;
    const d = ids[i]!;
    ids[i] = ids[j]!;
    ids[j] = d;
  };
  const up = (i: number) => {
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (times[parent]! <= times[i]!) return;
      swap(i, parent);
      i = parent;
    }
  };
  const down = (i: number) => {
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let least = i;
      if (l < times.length && times[l]! < times[least]!) least = l;
      if (r < times.length && times[r]! < times[least]!) least = r;
      if (least === i) return;
      swap(i, least);
      i = least;
    }
  };
  const pop = () => {
    const last = times.length - 1;
    swap(0, last);
    times.pop();
    ids.pop();
    if (times.length > 0) down(0);
  };

  return {
    schedule(id, at) {
      if (at === undefined) {
        scheduled.delete(id);
        return;
      }
      if (scheduled.get(id) === at) return;
      scheduled.set(id, at);
      times.push(at);
      ids.push(id);
      up(times.length - 1);
    },
    popDue(now) {
      const due: string[] = [];
      while (times.length > 0 && times[0]! <= now) {
        const at = times[0]!;
        const id = ids[0]!;
        pop();
        // An entry whose id was rescheduled or cancelled since is stale.
        if (scheduled.get(id) !== at) continue;
        scheduled.delete(id);
        due.push(id);
      }
      return due;
    },
    nextAt: () => times[0],
    clear() {
      times = [];
      ids = [];
      scheduled = new Map();
    },
    get size() {
      return scheduled.size;
    },
  };
}
