/**
 * Benchmark: the bundled actions (actions/<name>/dist/index.js) run as the GitHub runner runs
 * them (issue 7): `node dist/index.js` in a fresh process, inputs as INPUT_* variables, a real
 * webhook payload, GITHUB_API_URL at the fake GitHub, on the sim provider against a copy of
 * examples/fleet, so each run does its real work. For each action: time from spawn to its first
 * line on stdout (cold start; median, min and max of RUNS runs), the whole run's wall time, and
 * the size of its dist/ (index.js, all of dist/ with the chunks, the largest chunk).
 *
 * The first line every action prints is `::add-mask::` for its token (core.setSecret, the first
 * thing run() does), so the cold start is Node's start-up plus loading, parsing and evaluating
 * the bundle and the chunks it imports statically. `node.firstOutputRange` is the floor: the same
 * harness spawning a script that only prints a line.
 *
 * Runs are interleaved (plan, apply, drift, qm, plan, ...) after one untimed round, so a burst
 * of load on the machine spreads over every action instead of landing on one. Prints one JSON
 * line of figures. Build first (npm run build:actions); run alone: npx tsx bench/actions.ts
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { systemClock } from '../src/clock.js';
import { createSimProvider, simulateManualChange } from '../src/cloud/sim/index.js';
import { parseEngineSettings } from '../src/engine/engine-settings.js';
import { openQuartermaster } from '../src/engine/open-quartermaster.js';
import { DAVE, HEAD, REPO, type Workspace, exampleWorkspace, fakeGitHub, merge, pullRequestEvent, pushEvent } from '../test/actions/action-fixture.js';
import type { FakeGitHub } from '../test/support/fake-github.js';
import { type ActionRun, loadWebhookExample, runAction } from '../test/support/run-action.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const RUNS = 7;

export const ACTION_NAMES = ['plan', 'apply', 'drift', 'qm'] as const;
export type ActionName = (typeof ACTION_NAMES)[number];

export interface Spread {
  min: number;
  median: number;
  max: number;
}

export interface BundleSize {
  /** dist/index.js. */
  indexBytes: number;
  /** Every file under dist/: index.js, chunks/*.js, package.json. */
  distBytes: number;
  chunks: number;
  largestChunk: { file: string; bytes: number };
}

/** One action's scenario: a workspace and fake GitHub set up once, then one run per call. */
interface Scenario {
  /** What a run does, for the figures (shows it did real work). */
  work: string;
  run(): Promise<ActionRun>;
  close(): Promise<void>;
}

function distOf(name: ActionName): string {
  return path.join(ROOT, 'actions', name, 'dist');
}

/** Sizes of one action's dist/ as built; throws when it was never built. */
export function bundleSize(distDir: string): BundleSize {
  const index = path.join(distDir, 'index.js');
  if (!existsSync(index)) throw new Error(`bench/actions: no bundle at ${index}: run npm run build:actions`);
  let distBytes = 0;
  const chunkFiles: { file: string; bytes: number }[] = [];
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) {
        walk(full);
        continue;
      }
      const bytes = statSync(full).size;
      distBytes += bytes;
      const rel = path.relative(distDir, full).split(path.sep).join('/');
      if (rel.startsWith('chunks/') && rel.endsWith('.js')) chunkFiles.push({ file: rel, bytes });
    }
  };
  walk(distDir);
  const largestChunk = chunkFiles.reduce((a, b) => (b.bytes > a.bytes ? b : a), { file: '', bytes: 0 });
  return { indexBytes: statSync(index).size, distBytes, chunks: chunkFiles.length, largestChunk };
}

export function spread(values: number[]): Spread {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  const median = sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
  return { min: Math.round(sorted[0]!), median: Math.round(median), max: Math.round(sorted.at(-1)!) };
}

/** Runs a bundle as the runner does, as test/actions/action-fixture.ts's runBundle, with the root action.yml for qm. */
function runBundleOf(name: ActionName, ws: Workspace, gh: FakeGitHub, opts: { eventName: string; event: unknown; inputs?: Record<string, string> }): Promise<ActionRun> {
  return runAction({
    bundle: path.join(distOf(name), 'index.js'),
    // actions/qm has no action.yml: the root one (`uses: owner/quartermaster@v1`) is its interface.
    ...(name === 'qm' ? { actionYml: path.join(ROOT, 'action.yml') } : {}),
    cwd: ws.dir,
    apiUrl: gh.url,
    eventName: opts.eventName,
    eventPayload: opts.event,
    inputs: { provider: 'sim', ...opts.inputs },
    env: { GITHUB_REPOSITORY: REPO, GITHUB_SHA: HEAD, GITHUB_RUN_ID: '4242', ...ws.env },
    timeoutMs: 30_000,
  });
}

/** A run that did not do its work is a broken action, not a figure: stop with what it printed. */
function expectRun(name: string, run: ActionRun, ok: (run: ActionRun) => boolean): ActionRun {
  if (run.exitCode === 0 && ok(run) && run.firstOutputMs !== undefined) return run;
  throw new Error(`bench/actions: the ${name} run did not do its work (exit ${run.exitCode}, outputs ${JSON.stringify(run.outputs)})\n--- stdout\n${run.stdout.slice(-3000)}\n--- stderr\n${run.stderr.slice(-3000)}`);
}

async function removeWorkspace(ws: Workspace): Promise<void> {
  await rm(ws.dir, { recursive: true, force: true });
  for (const p of [ws.env.QM_SIM_STATE, ws.env.RUNNER_TEMP]) if (p) await rm(p, { recursive: true, force: true });
}

/** The operator's facade on the workspace's sim fleet, as `qm` at the command line would have it. */
function operator(ws: Workspace) {
  const sim = createSimProvider({ statePath: ws.env.QM_SIM_STATE!, clock: systemClock });
  return { sim, qm: openQuartermaster({ settings: parseEngineSettings({ ...ws.env, QM_DATABASE_URL: 'memory:' }, { dir: ws.dir }), provider: sim }) };
}

const DEV_FILES = ['environments/dev/web.yml', 'environments/dev/worker.yml'];

/**
 * plan (or qm with `command: plan`): a push to PR 7, which touches environments/dev; the sim
 * fleet is empty, so dev plans its resources to add. The untimed round posts the sticky comment;
 * every timed run plans dev, updates the comment in place, writes the summary and the status.
 */
async function planScenario(name: 'plan' | 'qm'): Promise<Scenario> {
  const ws = await exampleWorkspace();
  const gh = await fakeGitHub({ pulls: [{ number: 7, user: DAVE, head: { sha: HEAD }, files: DEV_FILES }] });
  const inputs: Record<string, string> = name === 'qm' ? { command: 'plan' } : {};
  return {
    work: `${name === 'qm' ? 'command: plan, ' : ''}pull_request synchronize, PR #7 touching environments/dev: plan dev, update the sticky comment, gate status`,
    run: async () =>
      expectRun(name, await runBundleOf(name, ws, gh, { eventName: 'pull_request', event: pullRequestEvent(7), inputs }), (r) => r.outputs['has-changes'] === 'true' && Number(r.outputs['to-add']) > 0),
    close: async () => {
      await gh.close();
      await removeWorkspace(ws);
    },
  };
}

/**
 * apply: PR 20 (dev) planned by the plan bundle and merged; each run is the push to main that
 * merged it: find the PR, read its plan fingerprint, re-plan dev, gate, apply on the sim, comment
 * the result. The sim fleet is put back before each run, so each applies the same changes.
 */
async function applyScenario(): Promise<Scenario> {
  const ws = await exampleWorkspace();
  const gh = await fakeGitHub({ pulls: [{ number: 20, user: DAVE, head: { sha: HEAD }, files: ['environments/dev/web.yml'] }] });
  expectRun('plan (apply setup)', await runBundleOf('plan', ws, gh, { eventName: 'pull_request', event: pullRequestEvent(20) }), (r) => r.outputs['has-changes'] === 'true');
  merge(gh, 20);
  const simState = ws.env.QM_SIM_STATE!;
  const before = existsSync(simState) ? await readFile(simState) : undefined;
  return {
    work: 'push to main merging PR #20 (dev, planned, self-service): re-plan dev, match the fingerprint, gate, apply on the sim, result comment',
    run: async () => {
      if (before) await writeFile(simState, before);
      else await rm(simState, { force: true });
      return expectRun('apply', await runBundleOf('apply', ws, gh, { eventName: 'push', event: pushEvent() }), (r) => r.outputs.applied === 'true');
    },
    close: async () => {
      await gh.close();
      await removeWorkspace(ws);
    },
  };
}

/**
 * drift: dev, staging and prod applied on the sim, then the prod bastion resized by hand. The
 * untimed round opens the qm-drift issue; every timed run checks all three environments and
 * updates that issue in place.
 */
async function driftScenario(): Promise<Scenario> {
  const ws = await exampleWorkspace();
  const { sim, qm } = operator(ws);
  try {
    for (const env of ['dev', 'staging', 'prod']) {
      const applied = await qm.apply({ envs: [env], actor: 'github:alice-ops#583231', door: 'cli', command: 'apply', reason: 'bench setup', holder: 'bench' });
      if (applied.status !== 'applied') throw new Error(`bench/actions: setting up ${env} on the sim gave ${applied.status}`);
    }
    const bastion = (await qm.plan({ envs: ['prod'] })).actions.find((a) => a.resource.name === 'bastion')?.resource.physicalId;
    if (!bastion) throw new Error('bench/actions: no prod bastion on the sim after setup');
    simulateManualChange(sim, { kind: 'instance-type', instanceId: bastion, instanceType: 't3.large' });
  } finally {
    await qm.close();
  }
  const gh = await fakeGitHub({});
  return {
    work: 'schedule: drift-check dev, staging, prod (prod bastion resized by hand), update the qm-drift issue',
    run: async () => expectRun('drift', await runBundleOf('drift', ws, gh, { eventName: 'schedule', event: loadWebhookExample('schedule') }), (r) => r.outputs.drifted === 'prod'),
    close: async () => {
      await gh.close();
      await removeWorkspace(ws);
    },
  };
}

/**
 * The floor under every cold start: the same harness spawning a script that only prints a line
 * (Node's own start-up, the spawn, the pipe). An action's figure minus this is its own start-up.
 */
async function floorScenario(): Promise<Scenario> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'qm-bench-floor-'));
  const bundle = path.join(dir, 'index.mjs');
  await writeFile(bundle, "process.stdout.write('::debug::started\\n');\n");
  return {
    work: 'a script that prints one line and exits',
    run: async () => expectRun('empty script', await runAction({ bundle, actionYml: false, cwd: dir }), () => true),
    close: () => rm(dir, { recursive: true, force: true }),
  };
}

export type ActionsFigures = { name: 'actions'; runs: number; totalMs: number } & Record<string, unknown>;

export async function benchActions(runs = RUNS): Promise<ActionsFigures> {
  const started = performance.now();
  // Sizes first: a missing bundle stops the bench before any setup.
  const sizes = Object.fromEntries(ACTION_NAMES.map((n) => [n, bundleSize(distOf(n))])) as Record<ActionName, BundleSize>;
  const names = ['node', ...ACTION_NAMES] as const;
  const scenarios: Partial<Record<(typeof names)[number], Scenario>> = {};
  const samples = Object.fromEntries(names.map((n) => [n, [] as ActionRun[]])) as Record<(typeof names)[number], ActionRun[]>;
  try {
    scenarios.node = await floorScenario();
    scenarios.plan = await planScenario('plan');
    scenarios.apply = await applyScenario();
    scenarios.drift = await driftScenario();
    scenarios.qm = await planScenario('qm');
    for (let round = 0; round <= runs; round++) {
      for (const name of names) {
        const run = await scenarios[name]!.run();
        // Round 0 is untimed: it creates what later runs update (comment, issue) and warms the page cache, as a checkout has.
        if (round > 0) samples[name].push(run);
        process.stderr.write(`${round === 0 ? 'warm-up' : `run ${round}`} ${name}: first output ${Math.round(run.firstOutputMs!)} ms, wall ${Math.round(run.durationMs)} ms\n`);
      }
    }
  } finally {
    for (const s of Object.values(scenarios)) await s.close();
  }

  const figures: ActionsFigures = { name: 'actions', runs, totalMs: 0, 'node.firstOutputRange': spread(samples.node.map((r) => r.firstOutputMs!)) };
  for (const name of ACTION_NAMES) {
    const first = spread(samples[name].map((r) => r.firstOutputMs!));
    const size = sizes[name];
    figures[`${name}.firstOutputMs`] = first.median;
    figures[`${name}.firstOutputRange`] = first;
    figures[`${name}.wallMs`] = spread(samples[name].map((r) => r.durationMs));
    figures[`${name}.indexBytes`] = size.indexBytes;
    figures[`${name}.distBytes`] = size.distBytes;
    figures[`${name}.chunks`] = size.chunks;
    figures[`${name}.largestChunk`] = size.largestChunk;
    figures[`${name}.work`] = scenarios[name]!.work;
  }
  figures.totalMs = Math.round(performance.now() - started);
  return figures;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  process.stdout.write(`${JSON.stringify(await benchActions())}\n`);
}
