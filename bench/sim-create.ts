/**
 * Benchmark: create 1,000 and 10,000 instances (and the apply's curve at 100 to 50,000) on the sim (QM_SIM_SPEED=fast, a state file in
 * a temp dir) through the real apply path: plan from definitions, then the engine's apply
 * (ungated), default concurrency (issue 10, "a sim that scales"): the creates' waits share the
 * sim's poller and hold no place under the concurrency limit. Each size runs in its own
 * process, so peak RSS is its own. Beside the apply, `sim*` figures drive the same creates
 * straight at the provider (RunInstances one by one, then one batched wait): the sim's own
 * share, without the executor's waits. Prints one JSON line of figures.
 * Run alone: npx tsx bench/sim-create.ts [--concurrency 8] [--sizes 1000,10000]
 * One size, one mode: npx tsx bench/sim-create.ts --child apply 1000
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { systemClock } from '../src/clock.js';
import type { CloudProvider, EnvTarget } from '../src/cloud/provider.js';
import { createEngine } from '../src/engine.js';
import { createProvider } from '../src/engine/create-provider.js';
import { parseEngineSettings } from '../src/engine/engine-settings.js';
import { managedTags } from '../src/model/identity.js';
import type { Definitions, EnvironmentSpec, InstanceSpec } from '../src/model/resources.js';

export interface SimCreateRun {
  mode: 'apply' | 'sim';
  instances: number;
  wallMs: number;
  cpuMs: number;
  providerCalls: number;
  callsByOperation: Record<string, number>;
  applied: number;
  running: number;
  peakRssMb: number;
  /** Sizes of the state file and journal at the end. */
  stateFileKb: number;
  journalKb: number;
}

export interface SimCreateFigures {
  name: 'sim-create';
  concurrency: number;
  create1kMs: number;
  create10kMs: number;
  ratio10kTo1k: number;
  cpu1kMs: number;
  cpu10kMs: number;
  simCreate1kMs: number;
  simCreate10kMs: number;
  simRatio10kTo1k: number;
  /** DescribeInstances calls of the apply (the shared waits' rounds, in pages of 1,000 ids). */
  describes1k: number;
  describes10k: number;
  applyCurve: { instances: number; wallMs: number; cpuMs: number; peakRssMb: number; providerCalls: number; describes: number; running: number; stateFileKb: number }[];
  simOnly: { instances: number; wallMs: number; cpuMs: number; peakRssMb: number; providerCalls: number }[];
}

const ENV: EnvironmentSpec = {
  name: 'bench',
  region: 'us-east-1',
  accountId: '123456789012',
  defaultTags: {},
  defaultSubnetIds: [],
  defaultSecurityGroupIds: [],
  source: { file: 'environments/bench/environment.yml', line: 1, col: 1 },
};
const TARGET: EnvTarget = { env: ENV.name, region: ENV.region, accountId: ENV.accountId };

function instanceSpecs(count: number): InstanceSpec[] {
  return Array.from({ length: count }, (_, i) => ({
    kind: 'instance',
    env: ENV.name,
    name: `app-${i + 1}`,
    uuid: `00000000-0000-4000-8000-${String(i + 1).padStart(12, '0')}`,
    tags: { team: 'bench' },
    deleted: false,
    source: { file: 'environments/bench/instances.yml', line: i * 6 + 1, col: 1 },
    instanceType: 't3.micro',
    ami: 'ami-0abcdef1234567890',
    subnetId: 'subnet-0a1b2c3d4e5f60001',
    securityGroupIds: ['sg-0a1b2c3d4e5f60001'],
    monitoring: false,
    ebsOptimized: false,
    rootVolume: { sizeGiB: 8, volumeType: 'gp3', encrypted: true },
    state: 'running',
  }));
}

/** The provider `qm` builds for QM_SIM_SPEED=fast and a state file in `dir`. */
async function simProvider(dir: string): Promise<{ provider: CloudProvider; statePath: string }> {
  const statePath = path.join(dir, 'sim-fleet.json');
  const settings = parseEngineSettings({ QM_PROVIDER: 'sim', QM_SIM_SPEED: 'fast', QM_SIM_STATE: statePath, QM_STATE_DIR: dir });
  return { provider: await createProvider(settings, systemClock), statePath };
}

/** A file's size in KB, 0 when it does not exist. */
function fileKb(file: string): number {
  return Math.round((statSync(file, { throwIfNoEntry: false })?.size ?? 0) / 1024);
}

/** One size, one mode, in this process. */
export async function runOnce(mode: 'apply' | 'sim', count: number, concurrency: number): Promise<SimCreateRun> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'qm-bench-sim-create-'));
  try {
    const { provider, statePath } = await simProvider(dir);
    const specs = instanceSpecs(count);
    const callsBefore = provider.callStats();
    const cpuBefore = process.cpuUsage();
    const started = performance.now();
    let applied = count;
    if (mode === 'apply') {
      const definitions: Definitions = { root: dir, environments: [ENV], resources: specs };
      const engine = createEngine({ provider, clock: systemClock });
      const plan = await engine.plan({ definitions });
      const result = await engine.applyPlanned(plan, definitions, { concurrency });
      applied = result.counts.applied;
    } else {
      const ids: string[] = [];
      for (const spec of specs) {
        const { instanceId } = await provider.runInstance(TARGET, {
          clientToken: spec.uuid,
          instanceType: spec.instanceType,
          ami: spec.ami,
          subnetId: spec.subnetId,
          securityGroupIds: spec.securityGroupIds,
          monitoring: spec.monitoring,
          ebsOptimized: spec.ebsOptimized,
          rootVolume: spec.rootVolume,
          tags: managedTags(spec.tags, spec),
        });
        ids.push(instanceId);
      }
      await provider.waitForInstances(TARGET, ids, 'running', { timeoutMs: 600_000 });
    }
    const wallMs = performance.now() - started;
    const cpu = process.cpuUsage(cpuBefore);
    const callsAfter = provider.callStats();
    const byOperation: Record<string, number> = {};
    for (const [op, n] of Object.entries(callsAfter.byOperation)) {
      const d = n - (callsBefore.byOperation[op] ?? 0);
      if (d > 0) byOperation[op] = d;
    }
    const fleet = await provider.readEnvironment(TARGET);
    return {
      mode,
      instances: count,
      wallMs: Math.round(wallMs),
      cpuMs: Math.round((cpu.user + cpu.system) / 1000),
      providerCalls: callsAfter.total - callsBefore.total,
      callsByOperation: byOperation,
      applied,
      running: fleet.instances.filter((i) => i.state === 'running').length,
      peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
      stateFileKb: fileKb(statePath),
      journalKb: fileKb(`${statePath}.journal`),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const run = promisify(execFile);

async function inChild(mode: 'apply' | 'sim', count: number, concurrency: number): Promise<SimCreateRun> {
  const self = fileURLToPath(import.meta.url);
  const { stdout } = await run(process.execPath, ['--import', 'tsx', self, '--child', mode, String(count), '--concurrency', String(concurrency)], {
    maxBuffer: 16 * 1024 * 1024,
  });
  return JSON.parse(stdout.trim().split('\n').pop() ?? '{}') as SimCreateRun;
}

/** The apply's curve (issue 10: time and memory at 100, 1,000, 10,000 and 50,000 instances). */
const CURVE_SIZES = [100, 1000, 10_000, 50_000];

export async function benchSimCreate(concurrency = 8, sizes: [number, number] = [1000, 10_000]): Promise<SimCreateFigures> {
  const runs: SimCreateRun[] = [];
  for (const size of sizes) runs.push(await inChild('sim', size, concurrency));
  for (const size of [...new Set([...sizes, ...CURVE_SIZES])].sort((a, b) => a - b)) runs.push(await inChild('apply', size, concurrency));
  const find = (mode: string, size: number) => runs.find((r) => r.mode === mode && r.instances === size)!;
  const [small, large] = sizes;
  const ratio = (a: number, b: number) => Math.round((a / Math.max(1, b)) * 100) / 100;
  return {
    name: 'sim-create',
    concurrency,
    create1kMs: find('apply', small).wallMs,
    create10kMs: find('apply', large).wallMs,
    ratio10kTo1k: ratio(find('apply', large).wallMs, find('apply', small).wallMs),
    cpu1kMs: find('apply', small).cpuMs,
    cpu10kMs: find('apply', large).cpuMs,
    simCreate1kMs: find('sim', small).wallMs,
    simCreate10kMs: find('sim', large).wallMs,
    simRatio10kTo1k: ratio(find('sim', large).wallMs, find('sim', small).wallMs),
    describes1k: find('apply', small).callsByOperation.DescribeInstances ?? 0,
    describes10k: find('apply', large).callsByOperation.DescribeInstances ?? 0,
    applyCurve: runs
      .filter((r) => r.mode === 'apply')
      .map((r) => ({ instances: r.instances, wallMs: r.wallMs, cpuMs: r.cpuMs, peakRssMb: r.peakRssMb, providerCalls: r.providerCalls, describes: r.callsByOperation.DescribeInstances ?? 0, running: r.running, stateFileKb: r.stateFileKb })),
    simOnly: runs.filter((r) => r.mode === 'sim').map((r) => ({ instances: r.instances, wallMs: r.wallMs, cpuMs: r.cpuMs, peakRssMb: r.peakRssMb, providerCalls: r.providerCalls })),
  };
}

function flag(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const concurrency = Number(flag('--concurrency') ?? 8);
  const child = flag('--child');
  if (child === 'apply' || child === 'sim') {
    const count = Number(process.argv[process.argv.indexOf('--child') + 2]);
    process.stdout.write(`${JSON.stringify(await runOnce(child, count, concurrency))}\n`);
  } else {
    const sizes = (flag('--sizes') ?? '1000,10000').split(',').map(Number) as [number, number];
    process.stdout.write(`${JSON.stringify(await benchSimCreate(concurrency, sizes))}\n`);
  }
}
