export interface OrderedNode {
  id: string;
  dependsOn: readonly string[];
}

/**
 * A running node's place under the concurrency limit. A node gives it up while it only waits
 * (for an instance state, an instance refresh), so the limit bounds nodes at work, not nodes
 * waiting; it gets a place back, before any node not yet started, when the wait ends.
 */
export interface Slot {
  /** Runs `wait` without holding a place; resolves once `wait` settled and a place is held again. */
  release<T>(wait: () => Promise<T>): Promise<T>;
}

export interface RunInOrderOptions<N extends OrderedNode> {
  /** At most this many `run` calls at work at once (>= 1): unthrottled nodes and nodes waiting in `slot.release` aside. */
  concurrency: number;
  /** Nodes that start as soon as they are ready, neither waiting for nor taking a place under `concurrency`. */
  unthrottled?: (node: N) => boolean;
  /** Resolves true when the node succeeded; false (or a rejection) marks its dependents skipped. */
  run: (node: N, slot: Slot) => Promise<boolean>;
  /** Called once for each node that will not run, with the reason. */
  skip: (node: N, reason: string) => void;
  /** Asked before each start: when it says why, nothing more starts, runs in flight finish, the rest is skipped with that reason. */
  stopped?: () => string | undefined;
}

/**
 * Runs nodes after their dependencies, independent ones in parallel under a concurrency limit
 * (which `unthrottled` nodes skip, and which a node gives up while it waits: see Slot), ready
 * nodes in input order. A node that fails, depends on an unknown id, or sits in a cycle
 * skips its dependents; the others go on.
 *
 * @example
 * await runInDependencyOrder(actions, { concurrency: 8, run: execute, skip: (a, why) => note(a, why) });
 */
export function runInDependencyOrder<N extends OrderedNode>(nodes: readonly N[], o: RunInOrderOptions<N>): Promise<void> {
  const limit = Math.max(1, Math.floor(o.concurrency));
  const byId = new Map(nodes.map((n) => [n.id, n]));
  const waitingOn = new Map<string, Set<string>>();
  const dependents = new Map<string, string[]>();
  const pending: N[] = [];
  const done = new Set<string>();

  function skipWithDependents(node: N, reason: string): void {
    if (done.has(node.id)) return;
    done.add(node.id);
    waitingOn.delete(node.id);
    o.skip(node, reason);
    for (const d of dependents.get(node.id) ?? []) {
      const dep = byId.get(d);
      if (dep) skipWithDependents(dep, `depends on ${node.id}, which did not succeed`);
    }
  }

  for (const n of nodes) {
    const deps = new Set(n.dependsOn.filter((d) => d !== n.id));
    waitingOn.set(n.id, deps);
    for (const d of deps) dependents.set(d, [...(dependents.get(d) ?? []), n.id]);
    pending.push(n);
  }
  for (const n of nodes) {
    const unknown = n.dependsOn.find((d) => !byId.has(d));
    if (unknown !== undefined) skipWithDependents(n, `depends on ${unknown}, which is not in the plan`);
  }

  const free = new Set(nodes.filter((n) => o.unthrottled?.(n) === true).map((n) => n.id));
  let freePending = free.size;

  return new Promise<void>((resolve) => {
    let inFlight = 0;
    /** Places taken under the limit: throttled nodes started and not waiting in a release. */
    let throttledInFlight = 0;
    /** Throttled nodes whose wait ended, in the order they asked for their place back (from `resumed` on: no shift over thousands). */
    const resuming: (() => void)[] = [];
    let resumed = 0;
    const holding = new Set<string>();

    /** A place under the limit for `node`: given up during each wait, taken back after it. */
    function slotOf(node: N): Slot {
      if (free.has(node.id)) return { release: (wait) => wait() };
      return {
        async release(wait) {
          if (!holding.delete(node.id)) return wait(); // a nested wait: the place is already given up
          throttledInFlight--;
          pump();
          try {
            return await wait();
          } finally {
            await new Promise<void>((resolve) => {
              resuming.push(() => {
                holding.add(node.id);
                resolve();
              });
              pump();
            });
          }
        },
      };
    }

    function finish(node: N, ok: boolean): void {
      inFlight--;
      if (holding.delete(node.id)) throttledInFlight--;
      done.add(node.id);
      for (const d of dependents.get(node.id) ?? []) {
        const dep = byId.get(d);
        if (!dep || done.has(d)) continue;
        if (ok) waitingOn.get(d)?.delete(node.id);
        else skipWithDependents(dep, `depends on ${node.id}, which did not succeed`);
      }
      pump();
    }

    function pump(): void {
      // Nodes at work get their place back first, stopped or not: they finish what they began.
      while (resumed < resuming.length && throttledInFlight < limit) {
        throttledInFlight++;
        resuming[resumed++]!();
      }
      if (resumed === resuming.length || resumed > 1024) {
        resuming.splice(0, resumed);
        resumed = 0;
      }
      const stop = o.stopped?.();
      if (stop !== undefined) {
        if (inFlight > 0) return;
        for (const node of pending.splice(0)) skipWithDependents(node, stop);
        resolve();
        return;
      }
      for (let i = 0; i < pending.length && (throttledInFlight < limit || freePending > 0); ) {
        const node = pending[i]!;
        const isFree = free.has(node.id);
        if (done.has(node.id)) {
          pending.splice(i, 1);
          if (isFree) freePending--;
        } else if (waitingOn.get(node.id)?.size === 0 && (isFree || throttledInFlight < limit)) {
          pending.splice(i, 1);
          waitingOn.delete(node.id);
          inFlight++;
          if (isFree) freePending--;
          else {
            throttledInFlight++;
            holding.add(node.id);
          }
          const slot = slotOf(node);
          Promise.resolve()
            .then(() => o.run(node, slot))
            .then(
            (ok) => finish(node, ok),
            () => finish(node, false),
          );
        } else {
          i++;
        }
      }
      if (inFlight > 0) return;
      // Nothing runs and nothing is ready: whatever is left waits on itself.
      for (const node of pending.splice(0)) skipWithDependents(node, 'it is part of a dependency cycle');
      resolve();
    }

    pump();
  });
}
