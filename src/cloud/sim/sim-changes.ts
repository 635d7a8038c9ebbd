/** The collections of SimState that hold records, by the name the files use. */
export type SimCollection = 'instances' | 'launchTemplates' | 'groups' | 'alarms' | 'images' | 'tokens';

export const SIM_COLLECTIONS: readonly SimCollection[] = ['instances', 'launchTemplates', 'groups', 'alarms', 'images', 'tokens'];

/**
 * The records one sim call changed, by key (`state.groups`' regionKey, an instance id...): what
 * goes to the journal (a key no longer in the state is journalled as deleted) and what the
 * index re-reads. `everything()` is for changes nobody listed (editState): the whole fleet is
 * written and re-indexed.
 *
 * @example
 * const changes = createSimChanges();
 * changes.mark('instances', 'i-00000000000000001');
 */
export interface SimChanges {
  mark(collection: SimCollection, key: string): void;
  markAll(collection: SimCollection, keys: Iterable<string>): void;
  everything(): void;
  readonly all: boolean;
  readonly empty: boolean;
  keys(collection: SimCollection): ReadonlySet<string>;
  /**
   * Instance ids and group keys marked since the last call, for the index to catch up with
   * (the journal needs every key; the index only the new ones).
   */
  takeUnindexed(): { instances: string[]; groups: string[] };
}

export function createSimChanges(): SimChanges {
  const sets = new Map<SimCollection, Set<string>>(SIM_COLLECTIONS.map((c) => [c, new Set<string>()]));
  let unindexedInstances: string[] = [];
  let unindexedGroups: string[] = [];
  let all = false;
  let count = 0;
  const mark = (collection: SimCollection, key: string) => {
    const set = sets.get(collection)!;
    if (!set.has(key)) {
      set.add(key);
      count++;
    }
    // The index looks again even at a key marked before: the record may have moved since.
    if (collection === 'instances') unindexedInstances.push(key);
    else if (collection === 'groups') unindexedGroups.push(key);
  };
  return {
    mark,
    markAll(collection, keys) {
      for (const k of keys) mark(collection, k);
    },
    everything() {
      all = true;
    },
    get all() {
      return all;
    },
    get empty() {
      return !all && count === 0;
    },
    keys: (collection) => sets.get(collection)!,
    takeUnindexed() {
      const taken = { instances: unindexedInstances, groups: unindexedGroups };
      unindexedInstances = [];
      unindexedGroups = [];
      return taken;
    },
  };
}
