/**
 * Benchmark: the whole `qm plan` and `qm validate` process over a repository of YAML files
 * (issue 10), at 100, 1,000, 10,000 and 50,000 instances. Each size gets a generated repository
 * (bench/synthetic-repository.ts) in a temp dir and a sim fleet seeded to match it; the installed
 * CLI (`node bin/qm.js`, over build/ from `npm run build`) runs as a child process under
 * /usr/bin/time, which reports its wall time, CPU and peak RSS. Medians of several runs.
 * Prints one JSON line of figures: `plan10k: { wallMs, cpuMs, peakRssMb, ... }` (run.ts checks `plan10k.wallMs`).
 *
 * Run alone: npx tsx bench/plan-yaml.ts [sizes...]   (QM_BENCH_QM=path/to/qm.js runs another build)
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { systemClock } from '../src/clock.js';
import { createSimProvider } from '../src/cloud/sim/index.js';
import { syntheticRepository, type SyntheticRepository } from './synthetic-repository.js';

const SIZES = [100, 1_000, 10_000, 50_000];
const QM = process.env.QM_BENCH_QM ?? fileURLToPath(new URL('../bin/qm.js', import.meta.url));
const TIME = '/usr/bin/time';

export interface ProcessFigures {
  wallMs: number;
  cpuMs: number;
  peakRssMb: number;
  exitCode: number;
  stdoutBytes: number;
}

export interface PlanYamlFigures {
  name: 'plan-yaml';
  [figure: string]: unknown;
}

/** Runs `qm <args>` once under /usr/bin/time: wall seconds, user and system CPU seconds, max RSS in KiB. */
async function timeQm(args: string[], env: Record<string, string>): Promise<ProcessFigures> {
  return new Promise((resolve, reject) => {
    const child = execFile(
      TIME,
      ['-f', 'QMBENCH %e %U %S %M', process.execPath, QM, ...args],
      { env: { ...process.env, ...env }, maxBuffer: 256 * 1024 * 1024, encoding: 'utf8' },
      (error, stdout, stderr) => {
        const line = /QMBENCH ([\d.]+) ([\d.]+) ([\d.]+) (\d+)/.exec(stderr);
        if (!line) return reject(new Error(`no timing from ${TIME} (qm ${args.join(' ')}): ${error?.message ?? ''}\n${stderr.slice(-2000)}`));
        const [, wall, user, sys, rss] = line.map(Number) as number[];
        const exitCode = typeof error?.code === 'number' ? error.code : 0;
        // The CLI runs what `npm run build` compiled: a missing or stale build fails here.
        if (exitCode !== 0 && exitCode !== 2) return reject(new Error(`qm ${args.join(' ')} exited ${exitCode} (is the build current? \`npm run build\`):\n${stderr.slice(-2000)}`));
        resolve({ wallMs: Math.round((wall ?? 0) * 1000), cpuMs: Math.round(((user ?? 0) + (sys ?? 0)) * 1000), peakRssMb: Math.round((rss ?? 0) / 1024), exitCode, stdoutBytes: Buffer.byteLength(stdout) });
      },
    );
    child.stdin?.end();
  });
}

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? (s[mid] as number) : Math.round(((s[mid - 1] as number) + (s[mid] as number)) / 2);
};

/** Medians of `runs` runs (after one warm-up that fills the OS file cache). */
async function measure(args: string[], env: Record<string, string>, runs: number): Promise<ProcessFigures & { wallMsRuns: number[] }> {
  await timeQm(args, env);
  const samples: ProcessFigures[] = [];
  for (let i = 0; i < runs; i++) samples.push(await timeQm(args, env));
  const first = samples[0] as ProcessFigures;
  return {
    wallMs: median(samples.map((s) => s.wallMs)),
    cpuMs: median(samples.map((s) => s.cpuMs)),
    peakRssMb: median(samples.map((s) => s.peakRssMb)),
    exitCode: first.exitCode,
    stdoutBytes: first.stdoutBytes,
    wallMsRuns: samples.map((s) => s.wallMs),
  };
}

/** A temp dir holding the repository and its sim fleet (`.qm/sim-fleet.json`), seeded to match. */
async function prepare(instances: number): Promise<{ dir: string; env: Record<string, string>; repo: SyntheticRepository }> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'qm-plan-yaml-'));
  const stateDir = path.join(dir, '.qm');
  await mkdir(stateDir, { recursive: true });
  const statePath = path.join(stateDir, 'sim-fleet.json');
  const repo = syntheticRepository(createSimProvider({ clock: systemClock, statePath }), { instances });
  for (const [file, text] of Object.entries(repo.files)) {
    await mkdir(path.dirname(path.join(dir, file)), { recursive: true });
    await writeFile(path.join(dir, file), text);
  }
  const env = { QM_PROVIDER: 'sim', QM_SIM_STATE: statePath, QM_STATE_DIR: stateDir, QM_SIM_SPEED: 'fast', QM_ACTOR: 'bench', NO_COLOR: '1' };
  return { dir, env, repo };
}

const label = (n: number): string => (n >= 1000 ? `${n / 1000}k` : String(n));

export async function benchPlanYaml(sizes: readonly number[] = SIZES): Promise<PlanYamlFigures> {
  if (!existsSync(QM)) throw new Error(`${QM} is missing: set QM_BENCH_QM to the qm.js to measure`);
  const figures: PlanYamlFigures = { name: 'plan-yaml', qm: QM };
  for (const n of sizes) {
    const { dir, env, repo } = await prepare(n);
    try {
      const runs = n >= 50_000 ? 3 : 5;
      const plan = await measure(['--dir', dir, 'plan'], env, runs);
      const validate = await measure(['--dir', dir, 'validate'], env, runs);
      const at = label(n);
      figures[`repo${at}`] = { ...repo.counts, megabytes: Math.round((repo.counts.bytes / 1048576) * 10) / 10 };
      figures[`plan${at}`] = { wallMs: plan.wallMs, cpuMs: plan.cpuMs, peakRssMb: plan.peakRssMb, runs: plan.wallMsRuns, stdoutBytes: plan.stdoutBytes };
      figures[`validate${at}`] = { wallMs: validate.wallMs, cpuMs: validate.cpuMs, peakRssMb: validate.peakRssMb, runs: validate.wallMsRuns };
      process.stderr.write(`${at}: plan ${plan.wallMs} ms wall, ${plan.cpuMs} ms CPU, ${plan.peakRssMb} MB; validate ${validate.wallMs} ms, ${validate.peakRssMb} MB\n`);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }
  return figures;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const sizes = process.argv.slice(2).map(Number).filter((n) => n > 0);
  process.stdout.write(`${JSON.stringify(await benchPlanYaml(sizes.length ? sizes : SIZES))}\n`);
}
