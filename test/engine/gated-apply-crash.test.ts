/**
 * Killing a gated apply at every step boundary of a mixed plan (sim), then re-running it: the
 * audit log shows every action that made a cloud write as begun BEFORE that write, the
 * resumption says what the dead apply finished and what it only began, and the fleet
 * converges with exactly one instance per definition.
 *
 * "Killed" in-process: from the k-th provider call on, every call hangs forever (the k-th one
 * reaches the cloud first in `lost-response` mode), the lock is never renewed (no heartbeat)
 * and expires, and the apply's promise is abandoned, as a SIGKILLed process leaves things.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createManualClock, type ManualClock } from '../../src/clock.js';
import type { CloudProvider } from '../../src/cloud/provider.js';
import { createSimProvider, type SimProvider } from '../../src/cloud/sim/index.js';
import { createEngine } from '../../src/engine.js';
import { gatedApply, interruptedApplyOf, type GatedApplyOutcome } from '../../src/engine/gated-apply.js';
import { createApprovals, createStaticMembership, ungatedPolicy } from '../../src/gates/index.js';
import { TAG_UUID } from '../../src/model/identity.js';
import type { Plan } from '../../src/model/plan.js';
import type { Definitions, InstanceSpec, ResourceSpec } from '../../src/model/resources.js';
import { openStore } from '../../src/store/open-store.js';
import type { Store } from '../../src/store/store.js';
import { aGroupSpec, anAlarmSpec, anEnvironment, anInstanceSpec, refTo } from '../plan/builders.js';

const bastion = anInstanceSpec({ name: 'bastion', instanceType: 't3.small', userData: 'echo v1' });
const worker = anInstanceSpec({ name: 'worker' });
const idle = anInstanceSpec({ name: 'idle' });
const web = aGroupSpec({ name: 'web' });
const webCpu = anAlarmSpec({ name: 'web-cpu', target: refTo(web) });
const old = anAlarmSpec({ name: 'old-alarm' });
const BEFORE: ResourceSpec[] = [bastion, worker, idle, web, webCpu, old];

const api = aGroupSpec({ name: 'api', minSize: 1 });
const batch = anInstanceSpec({ name: 'batch', state: 'stopped' });
/** One change of every kind, as in test/apply/crash-convergence.test.ts, plus a user data change. */
const AFTER: ResourceSpec[] = [
  { ...bastion, instanceType: 't3.large', userData: 'echo v2' }, // stop-modify-start (type and user data)
  { ...worker, ami: 'ami-0123456789abcdef0' }, // replace
  { ...idle, state: 'stopped', name: 'idle-box' }, // update: stop + rename
  { ...web, launchTemplate: { ...web.launchTemplate, instanceType: 't3.medium' } }, // rolling refresh
  { ...webCpu, threshold: 90 }, // update alarm
  { ...old, deleted: true }, // delete
  api, // create group
  anAlarmSpec({ name: 'api-cpu', target: refTo(api) }),
  batch, // create, then stop
  anAlarmSpec({ name: 'batch-cpu', target: refTo(batch) }),
];

const SETTLE_MS = 30 * 60_000;
const LOCK_TTL_MS = 60_000;
const READS = new Set(['readEnvironment', 'callerAccountId', 'waitForInstances', 'waitForInstanceRefresh']);

const definitionsOf = (resources: ResourceSpec[]): Definitions => ({ root: '/fleet', environments: [anEnvironment({ name: 'prod' })], resources });

interface World {
  dir: string;
  clock: ManualClock;
  sim: SimProvider;
  store: Store;
  apply(resources: ResourceSpec[], provider?: CloudProvider, holder?: string): Promise<GatedApplyOutcome>;
  plan(resources: ResourceSpec[]): Promise<Plan>;
}

async function worldAtBefore(): Promise<World> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'qm-crash-'));
  const clock = createManualClock('2026-03-01T12:00:00Z');
  const sim = createSimProvider({ clock });
  const store = await openStore(undefined, { sqlitePath: path.join(dir, 'state.db'), clock });
  const approvals = createApprovals({ store, clock, policy: ungatedPolicy('test: not gated'), membership: createStaticMembership({}) });
  const world: World = {
    dir,
    clock,
    sim,
    store,
    apply: (resources, provider = sim, holder = 'test pid 1') =>
      gatedApply(
        { engine: createEngine({ provider, clock }), clock, store, approvals },
        { definitions: definitionsOf(resources), envs: ['prod'], actor: 'cli:alice', door: 'cli', command: 'apply', reason: 'test', holder, lockTtlMs: LOCK_TTL_MS, heartbeatMs: 0 },
      ),
    plan: (resources) => createEngine({ provider: sim, clock }).plan({ definitions: definitionsOf(resources) }),
  };
  const first = await world.apply(BEFORE);
  expect(first.status === 'applied' && first.result.ok).toBe(true);
  clock.advance(SETTLE_MS);
  return world;
}

type Mode = 'before-call' | 'lost-response';

interface Write {
  n: number;
  call: string;
  /** The plan actions the call wrote for. */
  actions: string[];
  /** Actions recorded begun in the audit log at the moment of the call. */
  begunBefore: Set<string>;
}

/**
 * The sim, dying at its k-th call of the apply (plan reads are not counted): that call and all
 * later ones never return. Each write that reaches the sim is attributed to its plan actions,
 * with the begun entries the log held just before it.
 */
function dyingProvider(world: World, plan: Plan, k: number, mode: Mode, since: number) {
  let attempted = 0;
  let onDeath: () => void = () => undefined;
  const died = new Promise<void>((resolve) => (onDeath = resolve));
  const writes: Write[] = [];
  const calls: string[] = [];
  const hang = () => new Promise<never>(() => undefined);
  const provider = new Proxy(world.sim, {
    get(target, prop, receiver) {
      const value = Reflect.get(target, prop, receiver) as unknown;
      if (typeof value !== 'function' || prop === 'callStats' || prop === 'readEnvironment') return value;
      return async (...args: unknown[]) => {
        const n = ++attempted;
        const call = `${String(prop)} ${describeArgs(args)}`;
        calls.push(call);
        if (n > k || (n === k && mode === 'before-call')) {
          onDeath();
          return hang();
        }
        if (!READS.has(String(prop))) {
          const begun = await begunSince(world.store, since);
          writes.push({ n, call, actions: actionsOf(world.sim, plan, args), begunBefore: begun });
        }
        const out = await (value as (...a: unknown[]) => Promise<unknown>).apply(target, args);
        if (n === k) {
          onDeath();
          return hang();
        }
        return out;
      };
    },
  }) as CloudProvider;
  return { provider, died, writes, calls, attempted: () => attempted };
}

function describeArgs(args: unknown[]): string {
  const a = args[1];
  if (typeof a === 'string') return a;
  if (Array.isArray(a)) return a.join(',');
  if (a && typeof a === 'object' && 'name' in a) return String((a as { name: unknown }).name);
  return '';
}

async function begunSince(store: Store, since: number): Promise<Set<string>> {
  const entries = await store.queryAudit({ kind: 'apply-step', limit: 100_000 });
  return new Set(entries.filter((e) => e.seq > since && e.data?.phase === 'begun').map((e) => String(e.data?.actionId)));
}

/** The plan actions a write call is for: by qm:uuid in its tags, or by the physical ids it names. */
function actionsOf(sim: SimProvider, plan: Plan, args: unknown[]): string[] {
  const byUuid = (uuid: string | undefined) => plan.actions.filter((a) => a.type !== 'no-op' && a.resource.uuid === uuid).map((a) => a.id);
  const tags = (o: unknown) => (o && typeof o === 'object' && 'tags' in o ? (o as { tags: Record<string, string> }).tags : undefined);
  const names: string[] = [];
  for (const a of args.slice(1)) {
    if (typeof a === 'string') names.push(a);
    else if (Array.isArray(a)) names.push(...a.filter((x): x is string => typeof x === 'string'));
    const uuid = tags(a)?.[TAG_UUID];
    if (uuid) return byUuid(uuid);
    if (a && typeof a === 'object' && 'name' in a) names.push(String((a as { name: unknown }).name));
  }
  const state = sim.editState((s) => s);
  const found = new Set<string>();
  for (const name of names) {
    const uuid = state.instances.get(name)?.tags[TAG_UUID] ?? [...state.groups.values()].find((g) => g.name === name)?.tags[TAG_UUID];
    for (const id of uuid ? byUuid(uuid) : plan.actions.filter((x) => x.resource.physicalId === name).map((x) => x.id)) found.add(id);
  }
  return [...found];
}

async function expectConverged(world: World): Promise<void> {
  const plan = await world.plan(AFTER);
  expect(plan.actions.filter((a) => a.type !== 'no-op').map((a) => `${a.id} ${a.type} ${a.changes.map((c) => c.field).join(',')}`)).toEqual([]);
  const [fleet] = await Promise.all([world.sim.readEnvironment({ env: 'prod', region: 'us-east-1', accountId: '123456789012' })]);
  const live = fleet!.instances.filter((i) => i.tags[TAG_UUID] && !i.memberOfGroup && i.state !== 'terminated' && i.state !== 'shutting-down');
  for (const spec of AFTER.filter((r): r is InstanceSpec => r.kind === 'instance' && !r.deleted)) {
    expect(live.filter((i) => i.tags[TAG_UUID] === spec.uuid).map((i) => i.state), spec.name).toEqual([spec.state]);
  }
  for (const g of fleet!.groups) {
    expect(g.instances.map((i) => i.launchTemplateVersion), g.name).toEqual(g.instances.map(() => g.launchTemplate.version));
  }
}

async function lastSeq(store: Store): Promise<number> {
  const [last] = await store.queryAudit({ limit: 1 });
  return last?.seq ?? 0;
}

/** Kills the apply at call k, resumes it, and returns what to check; undefined once k is past the last call. */
async function crashAndResume(k: number, mode: Mode) {
  const world = await worldAtBefore();
  try {
    const since = await lastSeq(world.store);
    const plan = await world.plan(AFTER);
    const dying = dyingProvider(world, plan, k, mode, since);
    const running = world.apply(AFTER, dying.provider, 'dying pid 2');
    const first = await Promise.race([running.then((out) => ({ out })), dying.died.then(() => undefined)]);
    if (first) {
      expect(first.out.status === 'applied' && first.out.result.ok).toBe(true);
      return { done: true as const, calls: dying.attempted() };
    }
    // What was in flight settles (a dead process's last commits land or not); then it is gone.
    await new Promise((resolve) => setTimeout(resolve, 20));
    const steps = (await world.store.queryAudit({ kind: 'apply-step', limit: 100_000 })).filter((e) => e.seq > since);
    const dead = interruptedApplyOf(steps.map((e) => e.data ?? {}));

    // The process restarts after its lock expired.
    world.clock.advance(SETTLE_MS);
    const resumed = await world.apply(AFTER, world.sim, 'restarted pid 3');
    world.clock.advance(SETTLE_MS);
    // A stale resumption opens a new request; the one after it always applies cleanly.
    const again = resumed.status === 'applied' && resumed.result.ok ? undefined : await world.apply(AFTER, world.sim, 'again pid 4');
    world.clock.advance(SETTLE_MS);
    return { done: false as const, world, writes: dying.writes, calls: dying.calls, dead, resumed, again, since };
  } catch (e) {
    await world.store.close();
    await rm(world.dir, { recursive: true, force: true });
    throw e;
  }
}

describe('a gated apply killed at every step boundary (sim)', () => {
  it.each<Mode>(['before-call', 'lost-response'])(
    'records every write as begun before it, says on resuming what it found, and converges with no duplicate (%s)',
    async (mode) => {
      const failures: string[] = [];
      let crashes = 0;
      for (let k = 1; ; k++) {
        const r = await crashAndResume(k, mode);
        if (r.done) {
          expect(k, 'the mixed plan has many step boundaries').toBeGreaterThan(25);
          break;
        }
        crashes++;
        const { world } = r;
        try {
          const problems: string[] = [];
          for (const w of r.writes) {
            if (w.actions.length === 0) problems.push(`call ${w.n} (${w.call}) is for no plan action`);
            for (const a of w.actions) if (!w.begunBefore.has(a)) problems.push(`call ${w.n} (${w.call}) of ${a} was made before ${a} was recorded begun`);
          }
          // Everything that wrote is in the log as begun; what it did not record finished, the resumption names.
          const wrote = new Set(r.writes.flatMap((w) => w.actions));
          const recorded = new Set([...r.dead.finished.map((f) => f.actionId), ...r.dead.begunNotFinished]);
          for (const a of wrote) if (!recorded.has(a)) problems.push(`${a} wrote but is not in the log`);
          if (r.resumed.status === 'applied' && r.resumed.resumed) {
            expect(r.resumed.interrupted).toEqual(r.dead);
            const entry = (await world.store.queryAudit({ kind: 'apply-step', limit: 100_000 })).find((e) => e.seq > r.since && e.data?.phase === 'resumed');
            expect(entry?.message).toContain('resumed by restarted pid 3: the interrupted apply finished');
            for (const id of r.dead.begunNotFinished) expect(entry?.message).toContain(id);
            expect(r.resumed.request.stateReason).toContain('resumed: the interrupted apply finished');
          } else {
            const closed = (await world.store.queryAudit({ kind: 'apply-step', limit: 100_000 })).find((e) => e.seq > r.since && e.data?.phase === 'closed');
            expect(closed?.data?.begunNotFinished).toEqual(r.dead.begunNotFinished);
          }
          if (problems.length > 0) throw new Error(problems.join('; '));
          await expectConverged(world);
        } catch (e) {
          failures.push(`k=${k} (${r.calls[k - 1]}): ${(e as Error).message.replace(/\s+/g, ' ').slice(0, 500)}`);
        } finally {
          await world.store.close();
          await rm(world.dir, { recursive: true, force: true });
        }
      }
      expect(failures).toEqual([]);
      expect(crashes).toBeGreaterThan(25);
    },
    240_000,
  );
});
