/**
 * Benchmark: the size and rendering CPU of a 10,000-create plan (9,800 alike m5.large, 200
 * alike t3.small) in the terminal, grouped and with --full, and in markdown (issue 10, "Output
 * that scales"). CPU is the median of 5 renders (process.cpuUsage). Prints one JSON line.
 * Run alone: npx tsx bench/plan-output.ts
 */
import { pathToFileURL } from 'node:url';
import type { EnvironmentSpec, InstanceSpec } from '../src/model/resources.js';
import { createPlan } from '../src/plan/index.js';
import { renderJobSummary, renderPlanMarkdown, renderPlanText, renderPrPlanComment } from '../src/render/index.js';
import { anInstanceSpec } from '../test/plan/builders.js';

export interface PlanOutputFigures {
  name: 'plan-output';
  creates: number;
  textBytes: number;
  textFullBytes: number;
  markdownBytes: number;
  jobSummaryBytes: number;
  prCommentBytes: number;
  textCpuMs: number;
  textFullCpuMs: number;
  jobSummaryCpuMs: number;
}

const CREATES = 10_000;
const RUNS = 5;

export function benchPlanOutput(): PlanOutputFigures {
  const plan = createPlan({ desired: instances(), environments: [environment()], actual: [{ env: 'prod', instances: [], groups: [], alarms: [], readAt: '2026-03-01T12:00:00Z' }], envs: ['prod'], now: new Date('2026-03-01T12:00:00Z') });
  const text = measure(() => renderPlanText(plan, { color: false }));
  const full = measure(() => renderPlanText(plan, { color: false, full: true }));
  const summary = measure(() => renderJobSummary({ plan }));
  return {
    name: 'plan-output',
    creates: CREATES,
    textBytes: text.bytes,
    textFullBytes: full.bytes,
    markdownBytes: Buffer.byteLength(renderPlanMarkdown(plan)),
    jobSummaryBytes: summary.bytes,
    prCommentBytes: Buffer.byteLength(renderPrPlanComment({ key: 'bench', plan })),
    textCpuMs: text.cpuMs,
    textFullCpuMs: full.cpuMs,
    jobSummaryCpuMs: summary.cpuMs,
  };
}

function measure(render: () => string): { bytes: number; cpuMs: number } {
  const runs: number[] = [];
  let bytes = 0;
  for (let i = 0; i < RUNS; i++) {
    const before = process.cpuUsage();
    bytes = Buffer.byteLength(render());
    const used = process.cpuUsage(before);
    runs.push((used.user + used.system) / 1000);
  }
  runs.sort((a, b) => a - b);
  return { bytes, cpuMs: Math.round(runs[Math.floor(RUNS / 2)]!) };
}

function instances(): InstanceSpec[] {
  return Array.from({ length: CREATES }, (_, i) => {
    const n = String(i + 1).padStart(5, '0');
    return anInstanceSpec({
      env: 'prod',
      name: `app-${n}`,
      uuid: `0b0c0d0e-0000-4000-8000-${n.padStart(12, '0')}`,
      source: { file: 'environments/prod/apps.yml', line: 2 + i * 5, col: 5 },
      instanceType: i < CREATES * 0.98 ? 'm5.large' : 't3.small',
    });
  });
}

function environment(): EnvironmentSpec {
  return {
    name: 'prod',
    region: 'us-east-1',
    accountId: '111122223333',
    defaultTags: {},
    defaultSubnetIds: [],
    defaultSecurityGroupIds: [],
    source: { file: 'environments/prod/environment.yml', line: 1, col: 1 },
  };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  process.stdout.write(`${JSON.stringify(benchPlanOutput())}\n`);
}
