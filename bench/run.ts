/**
 * `npm run bench`: runs each benchmark in its own process (so peak RSS is its own), prints the
 * figures against the targets the issues set, and exits 1 when a target is missed.
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import os from 'node:os';
import { promisify } from 'node:util';
import { fileURLToPath } from 'node:url';
import { figureAt, type BenchResult, type BenchRun } from './report/bench-results.js';
import { renderPerformance } from './report/render-performance.js';

const run = promisify(execFile);

interface Target {
  figure: string;
  max: number;
  unit: string;
}

interface Bench {
  script: string;
  title: string;
  targets: Target[];
}

const BENCHES: Bench[] = [
  {
    script: 'cold-start.ts',
    title: 'cold start of the installed CLI (bin/qm.js, bundled): qm --help and qm validate on the example fleet, median of 9 fresh processes',
    targets: [
      { figure: 'helpMs', max: 300, unit: 'ms' },
      { figure: 'validateMs', max: 300, unit: 'ms' },
    ],
  },
  {
    script: 'plan-yaml.ts',
    title: 'the whole `qm plan` / `qm validate` process (bin/qm.js) over a YAML repository of 100 to 50,000 instances, sim fleet applied, medians',
    targets: [
      { figure: 'plan10k.wallMs', max: 2000, unit: 'ms' },
      { figure: 'plan10k.peakRssMb', max: 250, unit: 'MB' },
      { figure: 'plan50k.wallMs', max: 8000, unit: 'ms' },
      { figure: 'plan50k.peakRssMb', max: 1024, unit: 'MB' },
    ],
  },
  {
    script: 'plan-sim.ts',
    title: 'plan 10,000 instances + 200 groups, 4 envs, sim, 20 ms latency per call',
    targets: [
      { figure: 'providerCalls', max: 30, unit: 'calls' },
      { figure: 'diffCpuMs', max: 300, unit: 'ms' },
      { figure: 'wallMs', max: 2000, unit: 'ms' },
      { figure: 'peakRssMb', max: 300, unit: 'MB' },
    ],
  },
  {
    script: 'sim-create.ts',
    title: 'create 1,000 and 10,000 instances on the sim (QM_SIM_SPEED=fast, state file) through plan + apply, default concurrency; sim* = the same creates straight at the provider',
    targets: [
      { figure: 'create10kMs', max: 60_000, unit: 'ms' },
      { figure: 'ratio10kTo1k', max: 15, unit: 'x' },
    ],
  },
  {
    script: 'plan-output.ts',
    title: 'rendering a 10,000-create plan: text grouped by default and with --full, markdown, job summary, PR comment (bytes, CPU median of 7)',
    targets: [
      { figure: 'textBytes', max: 50_000, unit: 'B' },
      { figure: 'prCommentBytes', max: 65_536, unit: 'B' },
    ],
  },
  {
    script: 'aws-plan.ts',
    title: 'read 10,000 instances through the real SDK v3 clients against a local endpoint',
    targets: [{ figure: 'sdkCalls', max: 30, unit: 'calls' }],
  },
  {
    script: 'aws-stop.ts',
    title: 'stop 1,000 instances with applyPlan through the real SDK v3 clients against a local endpoint, beside a one-resource-per-call peer',
    targets: [
      { figure: 'writeCalls', max: 25, unit: 'calls' },
      { figure: 'describesPerRound', max: 5, unit: 'calls' },
    ],
  },
  {
    script: 'store-size.ts',
    title: 'one gated apply of a 1,000-change plan on a 10,000-instance fleet (sim) into the embedded SQLite store: file growth after a checkpoint, CPU to redact the plan',
    targets: [
      { figure: 'storeGrowthKb', max: 1024, unit: 'KB' },
      { figure: 'redactMs', max: 100, unit: 'ms' },
    ],
  },
  {
    script: 'actions.ts',
    title: 'bundled actions run as the runner runs them (sim, example fleet, fake GitHub): cold start to the first output line (median of 7), wall time, bundle sizes',
    targets: ['plan', 'apply', 'drift', 'qm'].map((action) => ({ figure: `${action}.firstOutputMs`, max: 300, unit: 'ms' })),
  },
  {
    script: 'slack-ack.ts',
    title: 'Slack door: acknowledgement latency of 200 concurrent signed slash commands into the Bolt receiver (engine 50 ms each), the bot alone in its process; its memory idle and under that load',
    targets: [
      { figure: 'ackP50Ms', max: 100, unit: 'ms' },
      { figure: 'ackP99Ms', max: 100, unit: 'ms' },
      { figure: 'botAckP99Ms', max: 100, unit: 'ms' },
    ],
  },
];

const here = fileURLToPath(new URL('.', import.meta.url));
const root = fileURLToPath(new URL('..', import.meta.url));
// `npm run bench -- --only cold-start,aws-stop` runs some; results.json and performance.md are then left alone.
const onlyAt = process.argv.indexOf('--only');
const only = onlyAt >= 0 ? new Set((process.argv[onlyAt + 1] ?? '').split(',').map((n) => n.replace(/\.ts$/, ''))) : undefined;

const results: BenchResult[] = [];
for (const bench of BENCHES) {
  const file = `${here}${bench.script}`;
  if (!existsSync(file) || (only && !only.has(bench.script.replace(/\.ts$/, '')))) continue;
  process.stdout.write(`\n${bench.title}\n`);
  const started = performance.now();
  const result: BenchResult = { script: bench.script, title: bench.title, figures: {}, targets: [], wallSeconds: 0 };
  try {
    const { stdout } = await run(process.execPath, ['--import', 'tsx', file], { maxBuffer: 64 * 1024 * 1024, cwd: root });
    result.figures = JSON.parse(stdout.trim().split('\n').pop() ?? '{}') as Record<string, unknown>;
  } catch (e) {
    result.error = (e as { stderr?: string }).stderr?.trim().split('\n').slice(-5).join('\n') || String(e);
  }
  result.wallSeconds = (performance.now() - started) / 1000;
  result.targets = bench.targets.map((t) => {
    const value = figureAt(result.figures, t.figure);
    return { ...t, value, ok: typeof value === 'number' && value <= t.max };
  });
  printResult(result);
  results.push(result);
}

const missed = results.reduce((n, r) => n + (r.error ? 1 : r.targets.filter((t) => !t.ok).length), 0);
process.stdout.write(missed ? `\n${missed} target(s) missed.\n` : '\nAll targets met.\n');
if (!only) {
  const benchRun: BenchRun = {
    date: new Date().toISOString(),
    commit: await run('git', ['rev-parse', '--short', 'HEAD'], { cwd: root }).then((r) => r.stdout.trim(), () => 'unknown'),
    machine: {
      cpus: os.cpus().length,
      cpuModel: os.cpus()[0]?.model.trim() ?? 'unknown',
      memoryGiB: Math.round(os.totalmem() / 2 ** 30),
      node: process.version,
      platform: `${os.platform()} ${os.arch()}`,
      loadAverage: os.loadavg(),
    },
    results,
    missed,
  };
  await writeFile(`${here}results.json`, `${JSON.stringify(benchRun, null, 2)}\n`);
  await writeFile(`${root}docs/performance.md`, renderPerformance(benchRun));
  process.stdout.write('Wrote bench/results.json and docs/performance.md.\n');
}
process.exitCode = missed ? 1 : 0;

function printResult(r: BenchResult): void {
  if (r.error) {
    process.stdout.write(`  FAILED: ${r.error}\n`);
    return;
  }
  for (const [key, value] of Object.entries(r.figures)) {
    if (r.targets.some((t) => t.figure.split('.')[0] === key && t.figure !== key)) continue;
    const target = r.targets.find((t) => t.figure === key);
    const shown = typeof value === 'object' ? JSON.stringify(value) : String(value);
    process.stdout.write(target ? `  ${key.padEnd(22)} ${shown} ${target.unit}   target <= ${target.max}  ${target.ok ? 'ok' : 'MISSED'}\n` : `  ${key.padEnd(22)} ${shown}\n`);
  }
  for (const t of r.targets.filter((x) => x.figure.includes('.'))) {
    process.stdout.write(`  ${t.figure.padEnd(22)} ${String(t.value)} ${t.unit}   target <= ${t.max}  ${t.ok ? 'ok' : 'MISSED'}\n`);
  }
}
