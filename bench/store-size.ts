/**
 * Benchmark: what one apply of a 1,000-change plan on a 10,000-instance fleet adds to the
 * embedded SQLite store, and how long redacting its plan takes (issue 10, "A store that stays
 * small"). The apply goes through the real gate, store and executor on the sim (manual clock,
 * so waits cost nothing). Prints one JSON line of figures. Run alone: npx tsx bench/store-size.ts
 *
 * Sizes are the database file (and its WAL, if any) after the store is closed, which
 * checkpoints the WAL into the file: what the apply left on disk, page granularity included.
 */
import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { createManualClock, type ManualClock } from '../src/clock.js';
import { createSimProvider, generateSyntheticFleet, type SimProvider } from '../src/cloud/sim/index.js';
import { createEngine } from '../src/engine.js';
import { gatedApply } from '../src/engine/gated-apply.js';
import { createApprovals, createStaticMembership, ungatedPolicy } from '../src/gates/index.js';
import type { Plan } from '../src/model/plan.js';
import type { Definitions, EnvironmentSpec, ResourceSpec } from '../src/model/resources.js';
import { openStore } from '../src/store/open-store.js';
import { encodePlanColumn } from '../src/store/plan-column.js';
import { redactSecrets } from '../src/store/redact-secrets.js';
import { storedPlanOf } from '../src/store/stored-plan.js';
import type { AuditEntry } from '../src/store/store.js';
import { environmentsOf } from './support/environments-of.js';

export interface StoreSizeFigures {
  name: 'store-size';
  instances: number;
  changes: number;
  /** The whole redacted plan as JSON: what a request kept before (no-ops, definitions and live resources included). */
  wholePlanKb: number;
  /** The stored form as JSON (changes only), and as written to its column (deflated). */
  storedPlanKb: number;
  storedColumnKb: number;
  /** Growth of the database file for recording the request alone. */
  requestGrowthKb: number;
  /** Growth for the whole apply: request, claim, 2,000 apply steps in the audit log, result. */
  storeGrowthKb: number;
  /** CPU ms to compact and redact the plan for storage (median of 7). */
  redactMs: number;
  /** CPU ms of the generic redaction over the whole plan, the pass the store used to make (median of 3). */
  wholePlanRedactMs: number;
  /** CPU ms to redact the apply's audit entries again, as the store did writing them (median of 5). */
  auditRedactMs: number;
  auditEntries: number;
  applyStatus: string;
  applyWallMs: number;
}

const INSTANCES = 10_000;
const CHANGES = 1_000;
/** Fake secrets in some user data, to prove none reaches the store. */
const SECRET = 'export DB_PASSWORD=bench-hunter2';

interface Scenario {
  clock: ManualClock;
  sim: SimProvider;
  definitions: Definitions;
}

/** A 10,000-instance fleet where every tenth instance changes type, every fiftieth its user data too (a secret in it). */
function scenario(): Scenario {
  const clock = createManualClock('2026-03-01T10:00:00Z');
  const sim = createSimProvider({ clock });
  const fleet = generateSyntheticFleet(sim, { envs: ['prod'], instancesPerEnv: INSTANCES, groupsPerEnv: 0 });
  const environments: EnvironmentSpec[] = environmentsOf(fleet.targets);
  const step = INSTANCES / CHANGES;
  const resources: ResourceSpec[] = fleet.resources.map((r, i) => {
    if (r.kind !== 'instance' || i % step !== 0) return r;
    const instanceType = r.instanceType === 't3.large' ? 't3.xlarge' : 't3.large';
    return i % (step * 5) === 0 ? { ...r, instanceType, userData: `#!/bin/sh\n${SECRET}-${i}\n` } : { ...r, instanceType };
  });
  return { clock, sim, definitions: { root: '/bench', environments, resources } };
}

/** The database file and its WAL, in bytes. */
function bytesOf(file: string): number {
  const size = (f: string) => (existsSync(f) ? statSync(f).size : 0);
  return size(file) + size(`${file}-wal`);
}

function cpuMs<T>(f: () => T): { value: T; ms: number } {
  const started = process.cpuUsage();
  const value = f();
  const used = process.cpuUsage(started);
  return { value, ms: (used.user + used.system) / 1000 };
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] ?? 0;
}

const kb = (bytes: number) => Math.round(bytes / 102.4) / 10;

/** Opens a fresh store in `dir`, runs `write` on it, and answers how many bytes the file grew. */
async function growth(dir: string, clock: ManualClock, write: (store: Awaited<ReturnType<typeof openStore>>) => Promise<void>): Promise<number> {
  const file = path.join(dir, 'state.db');
  await (await openStore(undefined, { sqlitePath: file, clock })).close();
  const before = bytesOf(file);
  const store = await openStore(undefined, { sqlitePath: file, clock });
  try {
    await write(store);
  } finally {
    await store.close();
  }
  return bytesOf(file) - before;
}

export async function benchStoreSize(): Promise<StoreSizeFigures> {
  const dir = mkdtempSync(path.join(tmpdir(), 'qm-bench-store-'));
  try {
    const s = scenario();
    const engine = createEngine({ provider: s.sim, clock: s.clock });
    const plan: Plan = await engine.plan({ definitions: s.definitions });
    const changes = plan.actions.filter((a) => a.type !== 'no-op').length;

    const redactRuns = Array.from({ length: 7 }, () => cpuMs(() => storedPlanOf(plan)));
    const stored = redactRuns[0]?.value;
    const storedJson = JSON.stringify(stored);
    if (storedJson.includes('hunter2')) throw new Error('bench: a secret reached the stored plan');
    const wholeRuns = Array.from({ length: 3 }, () => cpuMs(() => JSON.stringify(redactSecrets(plan))));

    const requestGrowth = await growth(path.join(dir, 'request'), s.clock, async (store) => {
      const approvals = createApprovals({ store, clock: s.clock, policy: ungatedPolicy('bench'), membership: createStaticMembership({}) });
      await approvals.request({ actor: 'cli:bench', door: 'cli', command: 'apply', plan, reason: 'qm apply --env prod' });
    });

    let applyStatus = '';
    let audit: AuditEntry[] = [];
    const wallStarted = performance.now();
    const applyGrowth = await growth(path.join(dir, 'apply'), s.clock, async (store) => {
      const approvals = createApprovals({ store, clock: s.clock, policy: ungatedPolicy('bench'), membership: createStaticMembership({}) });
      const out = await gatedApply(
        { engine, clock: s.clock, store, approvals },
        { definitions: s.definitions, envs: ['prod'], actor: 'cli:bench', door: 'cli', command: 'apply', reason: 'qm apply --env prod', holder: 'bench pid 1' },
      );
      applyStatus = out.status === 'applied' ? `applied (${out.result.counts.applied} applied, ${out.result.counts.failed} failed)` : out.status;
      audit = await store.queryAudit({ limit: 100_000 });
    });
    const auditRuns = Array.from({ length: 5 }, () => cpuMs(() => audit.map((e) => redactSecrets(e))));

    return {
      name: 'store-size',
      instances: INSTANCES,
      changes,
      wholePlanKb: kb(wholeRuns[0]?.value.length ?? 0),
      storedPlanKb: kb(storedJson.length),
      storedColumnKb: kb(encodePlanColumn(stored).length),
      requestGrowthKb: kb(requestGrowth),
      storeGrowthKb: kb(applyGrowth),
      redactMs: Math.round(median(redactRuns.map((r) => r.ms)) * 10) / 10,
      wholePlanRedactMs: Math.round(median(wholeRuns.map((r) => r.ms))),
      auditRedactMs: Math.round(median(auditRuns.map((r) => r.ms)) * 10) / 10,
      auditEntries: audit.length,
      applyStatus,
      applyWallMs: Math.round(performance.now() - wallStarted),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  process.stdout.write(`${JSON.stringify(await benchStoreSize())}\n`);
}
