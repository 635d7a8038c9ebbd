import { TimeoutError } from '../../errors.js';
import type { InstanceRefreshStatus, InstanceState, ObservedFleet } from '../../model/observed.js';
import { TAG_USER_DATA } from '../../model/identity.js';
import { userDataTag } from '../../model/user-data-tag.js';
import { createInstanceStatePoller, type InstanceStatePoller } from '../instance-state-poller.js';
import type { CloudProvider, EnvTarget, TaggableKind } from '../provider.js';
import * as asg from './autoscaling-ops.js';
import { createCallRunner } from './call-runner.js';
import * as cw from './cloudwatch-ops.js';
import { DEFAULT_SIM_IMAGES } from './default-images.js';
import * as ec2 from './ec2-instances.js';
import { refreshPercent, settleDue } from './group-settle.js';
import { observeEnvironment } from './observe-environment.js';
import { createSeededRandom } from './seeded-random.js';
import { DEFAULT_SIM_TIMINGS, type SimProviderOptions, type SimTimings } from './sim-options.js';
import { createSimChanges, type SimChanges } from './sim-changes.js';
import { createFileStore, createMemoryStore } from './sim-fleet-store.js';
import { createSimIndex } from './sim-index.js';
import { createEmptyState, regionKey, type SimImage, type SimState } from './sim-state.js';
import { applyTags, TAG_OPERATIONS } from './tag-ops.js';
import { SIM_WAITER } from './sim-waiter.js';

/** The sim provider: the CloudProvider port plus the hooks tests, the demo and the benchmark use. */
export interface SimProvider extends CloudProvider {
  readonly name: 'sim';
  readonly timings: SimTimings;
  /** Makes an AMI known to the sim (AMIs must exist, as in AWS). Persisted. */
  registerImage(image: SimImage): void;
  /** Answers the next `times` (default 1) calls of `operation` with the AWS error `errorCode`. */
  failNext(operation: string, errorCode: string, opts?: { times?: number; message?: string }): void;
  /**
   * Changes the fleet directly, behind the API (seeding, manual changes): not counted, no
   * faults, settled before and after, persisted.
   */
  editState<T>(fn: (state: SimState, now: number) => T): T;
  /** Reads the settled fleet directly (tests). Do not modify it. */
  readState<T>(fn: (state: SimState, now: number) => T): T;
}

const FINAL_REFRESH: ReadonlySet<InstanceRefreshStatus> = new Set<InstanceRefreshStatus>(['Successful', 'Failed', 'Cancelled', 'RollbackSuccessful']);

/** Instance ids a DescribeInstances page answers for (InstanceIds takes up to 1,000). */
const DESCRIBE_PAGE_IDS = 1000;

/**
 * An embedded EC2 / Auto Scaling / CloudWatch for one account: the fleet lives in memory and,
 * with `statePath`, in a JSON file shared with other processes (sim-fleet-store.ts: each call
 * catches up with their writes and journals its own). Transitions follow the injected clock
 * and are settled as they fall due, never by scanning the fleet.
 *
 * Each call lists the records it changed (`SimChanges`): that list is what is journalled and
 * what the index re-reads, so a call that changes a record must mark it.
 *
 * @example
 * const sim = createSimProvider({ clock: createManualClock(), statePath: '.qm/sim-fleet.json' });
 * const { instanceId } = await sim.runInstance(target, request);
 */
export function createSimProvider(opts: SimProviderOptions): SimProvider {
  const clock = opts.clock;
  const timings: SimTimings = { ...DEFAULT_SIM_TIMINGS, ...opts.timings };
  // Unset: the sim's credentials act in whichever account an environment expects (a newcomer has no accounts).
  const accountId = opts.accountId;
  const file = opts.statePath;
  const runner = createCallRunner({
    sleep: opts.sleep ?? ((ms) => clock.sleep(ms)),
    random: opts.random ?? createSeededRandom(opts.seed ?? 1),
    latencyMs: opts.latencyMs ?? 0,
    faults: opts.faults ?? {},
  });

  const knownImages = [...DEFAULT_SIM_IMAGES, ...(opts.images ?? [])];
  const withImages = (s: SimState): SimState => {
    for (const img of knownImages) if (!s.images.has(img.id)) s.images.set(img.id, { ...img });
    return s;
  };
  const onNotice = opts.onNotice ?? ((message: string) => process.emitWarning(message, 'QmSimNotice'));
  const store = file ? createFileStore(file, { prepare: withImages, onNotice }) : createMemoryStore(withImages(createEmptyState()));
  const index = createSimIndex(timings);
  index.rebuild(store.state);

  /** Takes in other processes' writes: a stat or two per call, the new journal lines, a full reload only after a compaction. */
  const catchUp = () => {
    const synced = store.sync();
    if (synced === 'reloaded') index.rebuild(store.state);
    else if (synced !== 'same') index.absorb(store.state, synced);
  };
  const nowMs = () => clock.now().getTime();
  /** Catch up, settle what is due, change, settle, write what changed: one critical section across processes. */
  const mutate = <T>(fn: (s: SimState, now: number, changes: SimChanges) => T): T =>
    store.locked(() => {
      catchUp();
      const state = store.state;
      const now = nowMs();
      const changes = createSimChanges();
      try {
        settleDue(state, index, now, timings, changes);
        const result = fn(state, now, changes);
        if (changes.all) index.rebuild(state);
        settleDue(state, index, now, timings, changes);
        return result;
      } catch (e) {
        if (changes.all) index.rebuild(state);
        throw e;
      } finally {
        // Also when the call failed: what settled before it must reach the file.
        store.persist(changes);
      }
    });
  const read = <T>(fn: (s: SimState, now: number) => T): T => {
    // Most reads are waiters polling while nothing is due: those need neither the lock nor a write.
    const peeked = store.peek();
    if (peeked !== 'unsure') {
      if (peeked !== 'same') index.absorb(store.state, peeked);
      const now = nowMs();
      if (index.quietAt(now)) return fn(store.state, now);
    }
    return store.locked(() => {
      catchUp();
      const now = nowMs();
      const changes = createSimChanges();
      settleDue(store.state, index, now, timings, changes);
      // Transitions and group launches seen by a read are written too, so ids stay the same in every process.
      store.persist(changes);
      return fn(store.state, now);
    });
  };
  /** `count` sequential calls of one paginated operation. */
  const pages = async (operation: string, count: number) => {
    for (let i = 0; i < count; i++) await runner.run(operation, () => undefined);
  };

  /** One poller per region: every wait there shares one DescribeInstances a round, on the sim's clock. */
  const pollers = new Map<string, InstanceStatePoller>();
  const pollerOf = (region: string): InstanceStatePoller => {
    let p = pollers.get(region);
    if (!p) {
      p = createInstanceStatePoller(describeStates(region), clock, timings.pollIntervalMs, region, SIM_WAITER);
      pollers.set(region, p);
    }
    return p;
  };
  /** One read for all of `ids` (without the lock unless a transition is due), counted as the pages AWS would answer. */
  const describeStates = (region: string) => async (ids: readonly string[]) => {
    const states = await runner.run('DescribeInstances', () =>
      read((s) => {
        const found = new Map<string, InstanceState>();
        for (const id of ids) {
          const inst = s.instances.get(id);
          if (inst && inst.region === region) found.set(id, inst.state);
        }
        return found;
      }),
    );
    await pages('DescribeInstances', Math.ceil(ids.length / DESCRIBE_PAGE_IDS) - 1);
    return states;
  };

  const provider: SimProvider = {
    name: 'sim',
    timings,

    async readEnvironment(target: EnvTarget): Promise<ObservedFleet> {
      const { fleet, reads } = read((s) => observeEnvironment(s, target, clock.now()));
      // The three services are read in parallel; within Auto Scaling, the group pages come first.
      await Promise.all([
        pages('DescribeInstances', reads.ec2.DescribeInstances),
        (async () => {
          await pages('DescribeAutoScalingGroups', reads.autoScaling.DescribeAutoScalingGroups);
          await Promise.all([
            pages('DescribeLaunchTemplateVersions', reads.autoScaling.DescribeLaunchTemplateVersions),
            pages('DescribePolicies', reads.autoScaling.DescribePolicies),
            ...Array.from({ length: reads.autoScaling.DescribeInstanceRefreshes }, () => pages('DescribeInstanceRefreshes', 1)),
          ]);
        })(),
        pages('DescribeAlarms', reads.cloudWatch.DescribeAlarms),
      ]);
      fleet.readAt = clock.now().toISOString();
      return fleet;
    },

    async callerAccountId(target): Promise<string> {
      // Like AssumeRole then GetCallerIdentity: a role acts in the role's own account.
      return runner.run('GetCallerIdentity', () => accountOfRole(target.roleArn) ?? accountId ?? target.accountId);
    },

    async runInstance(target, req) {
      const instanceId = await runner.run('RunInstances', () =>
        mutate((s, now, c) => {
          const id = ec2.runInstance(s, now, target.region, req);
          c.mark('instances', id);
          c.mark('tokens', ec2.runTokenKey(target.region, req.clientToken));
          return id;
        }),
      );
      return { instanceId };
    },

    async startInstances(target, ids) {
      if (ids.length === 0) return;
      await runner.run('StartInstances', () =>
        mutate((s, now, c) => {
          ec2.startInstances(s, now, target.region, ids);
          c.markAll('instances', ids);
        }),
      );
    },

    async stopInstances(target, ids) {
      if (ids.length === 0) return;
      await runner.run('StopInstances', () =>
        mutate((s, now, c) => {
          ec2.stopInstances(s, now, target.region, ids);
          c.markAll('instances', ids);
        }),
      );
    },

    async terminateInstances(target, ids) {
      if (ids.length === 0) return;
      await runner.run('TerminateInstances', () =>
        mutate((s, now, c) => {
          ec2.terminateInstances(s, now, target.region, ids);
          c.markAll('instances', ids);
        }),
      );
    },

    async modifyInstance(target, instanceId, req) {
      for (const { operation, change } of ec2.attributeChanges(req)) {
        await runner.run(operation, () =>
          mutate((s, _now, c) => {
            ec2.modifyInstanceAttribute(s, target.region, instanceId, operation, change);
            c.mark('instances', instanceId);
          }),
        );
      }
      // As the AWS adapter does: CreateTags right after the user data changed, so the batched
      // describe tells the next plan what the instance now runs (a crash in between leaves the
      // old hash, and the next plan writes the same user data again).
      if (req.userData !== undefined) {
        const set = { [TAG_USER_DATA]: userDataTag(req.userData) };
        await runner.run(TAG_OPERATIONS.instance.set, () => mutate((s, _now, c) => tag(s, c, target.region, 'instance', [instanceId], TAG_OPERATIONS.instance.set, set, [])));
      }
    },

    waitForInstances: (target, ids, wanted, waitOpts) => pollerOf(target.region).wait(ids, wanted, waitOpts),

    async updateTags(target, kind: TaggableKind, ids, set, remove) {
      if (ids.length === 0) return;
      const ops = TAG_OPERATIONS[kind];
      if (Object.keys(set).length > 0) {
        await runner.run(ops.set, () => mutate((s, _now, c) => tag(s, c, target.region, kind, ids, ops.set, set, [])));
      }
      if (remove.length > 0) {
        await runner.run(ops.remove, () => mutate((s, _now, c) => tag(s, c, target.region, kind, ids, ops.remove, {}, remove)));
      }
    },

    async putLaunchTemplate(target, req) {
      const operation = read((s) => asg.launchTemplateOperation(s, target.region, req.name));
      return runner.run(operation, () =>
        mutate((s, _now, c) => {
          const ref = asg.putLaunchTemplate(s, target.region, req);
          c.mark('launchTemplates', ref.id);
          c.mark('tokens', asg.templateTokenKey(target.region, req.clientToken));
          return ref;
        }),
      );
    },

    async createGroup(target, req) {
      await runner.run('CreateAutoScalingGroup', () => mutate(onGroup(target.region, req.name, (s, now) => asg.createGroup(s, now, target.region, req))));
    },

    async updateGroup(target, name, req) {
      await runner.run('UpdateAutoScalingGroup', () => mutate(onGroup(target.region, name, (s) => asg.updateGroup(s, target.region, name, req))));
    },

    async deleteGroup(target, name) {
      const templateId = await runner.run('DeleteAutoScalingGroup', () =>
        mutate((s, now, c) => {
          const own = asg.ownTemplateOf(s, target.region, name);
          const key = regionKey(target.region, name);
          const members = index.membersOf(s, key);
          asg.deleteGroup(s, now, target.region, name, members);
          c.mark('groups', key);
          c.markAll('instances', members.map((m) => m.id));
          return own;
        }),
      );
      if (templateId) {
        await runner.run('DeleteLaunchTemplate', () =>
          mutate((s, _now, c) => {
            asg.deleteLaunchTemplate(s, templateId);
            c.mark('launchTemplates', templateId);
          }),
        );
      }
    },

    async startInstanceRefresh(target, groupName, refreshOpts) {
      const refreshId = await runner.run('StartInstanceRefresh', () =>
        mutate(onGroup(target.region, groupName, (s, now) => asg.startInstanceRefresh(s, now, target.region, groupName, refreshOpts.minHealthyPercentage))),
      );
      return { refreshId };
    },

    async waitForInstanceRefresh(target, groupName, refreshId, waitOpts) {
      const started = nowMs();
      for (;;) {
        const r = await runner.run('DescribeInstanceRefreshes', () => read((s) => ({ ...asg.findRefresh(s, target.region, groupName, refreshId) })));
        if (FINAL_REFRESH.has(r.status)) return r.status;
        const elapsed = nowMs() - started;
        if (elapsed >= waitOpts.timeoutMs) {
          throw new TimeoutError(
            `Timed out after ${Math.round(elapsed / 1000)} s waiting for instance refresh ${refreshId} of ${groupName} (${r.status}, ${refreshPercent(r)}% complete)`,
            { fix: 'The refresh goes on in AWS; watch it in the console and re-run apply once it ends', details: { groupName, refreshId, status: r.status } },
          );
        }
        await clock.sleep(Math.min(timings.pollIntervalMs, waitOpts.timeoutMs - elapsed));
      }
    },

    async putScalingPolicy(target, groupName, policy) {
      await runner.run('PutScalingPolicy', () => mutate(onGroup(target.region, groupName, (s) => asg.putScalingPolicy(s, target.region, groupName, policy))));
    },

    async deleteScalingPolicy(target, groupName, policyName) {
      await runner.run('DeletePolicy', () => mutate(onGroup(target.region, groupName, (s) => asg.deleteScalingPolicy(s, target.region, groupName, policyName))));
    },

    async putAlarm(target, req) {
      await runner.run('PutMetricAlarm', () =>
        mutate((s, now, c) => {
          cw.putAlarm(s, now, target.region, req);
          c.mark('alarms', regionKey(target.region, req.name));
        }),
      );
    },

    async deleteAlarms(target, names) {
      // DeleteAlarms takes at most 100 names per call.
      for (let i = 0; i < names.length; i += 100) {
        const chunk = names.slice(i, i + 100);
        await runner.run('DeleteAlarms', () =>
          mutate((s, _now, c) => {
            cw.deleteAlarms(s, target.region, chunk);
            c.markAll('alarms', chunk.map((n) => regionKey(target.region, n)));
          }),
        );
      }
    },

    callStats: () => runner.stats(),

    registerImage(image) {
      mutate((s, _now, c) => {
        s.images.set(image.id, { ...image });
        c.mark('images', image.id);
        knownImages.push({ ...image });
      });
    },
    failNext: (operation, errorCode, o) => runner.failNext(operation, errorCode, o),
    // What an edit changes is unknown: the whole fleet is written (a new snapshot) and re-indexed.
    editState: (fn) =>
      mutate((s, now, c) => {
        c.everything();
        return fn(s, now);
      }),
    readState: (fn) => read(fn),
  };
  return provider;
}

/** A call on one group: runs `fn` and marks the group changed. */
function onGroup<T>(region: string, name: string, fn: (s: SimState, now: number) => T): (s: SimState, now: number, c: SimChanges) => T {
  return (s, now, c) => {
    const result = fn(s, now);
    c.mark('groups', regionKey(region, name));
    return result;
  };
}

const TAGGED: Record<TaggableKind, 'instances' | 'groups' | 'alarms'> = { instance: 'instances', 'autoscaling-group': 'groups', alarm: 'alarms' };

/** One tagging call, marking the tagged resources changed. */
function tag(s: SimState, c: SimChanges, region: string, kind: TaggableKind, ids: string[], operation: string, set: Record<string, string>, remove: string[]): void {
  applyTags(s, region, kind, ids, operation, set, remove);
  c.markAll(TAGGED[kind], kind === 'instance' ? ids : ids.map((id) => regionKey(region, id)));
}

/** `arn:aws:iam::777788889999:role/qm` -> `777788889999`. */
function accountOfRole(roleArn: string | undefined): string | undefined {
  return roleArn ? /^arn:aws[\w-]*:iam::(\d{12}):role\//.exec(roleArn)?.[1] : undefined;
}
