/**
 * `npm run bench`: runs each benchmark in its own process (so peak RSS is its own), prints the
 * figures against the targets the issues set, and exits 1 when a target is missed.
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { promisify } from 'node:util';
import { fileURLToPath } from 'node:url';

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
    script: 'aws-plan.ts',
    title: 'read 10,000 instances through the real SDK v3 clients against a local endpoint',
    targets: [{ figure: 'sdkCalls', max: 30, unit: 'calls' }],
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
let missed = 0;
for (const bench of BENCHES) {
  const file = `${here}${bench.script}`;
  if (!existsSync(file)) continue;
  process.stdout.write(`\n${bench.title}\n`);
  const { stdout } = await run(process.execPath, ['--import', 'tsx', file], { maxBuffer: 16 * 1024 * 1024 });
  const line = stdout.trim().split('\n').pop() ?? '{}';
  const figures = JSON.parse(line) as Record<string, unknown>;
  for (const [key, value] of Object.entries(figures)) {
    const target = bench.targets.find((t) => t.figure === key);
    const shown = typeof value === 'object' ? JSON.stringify(value) : String(value);
    if (!target) {
      process.stdout.write(`  ${key.padEnd(22)} ${shown}\n`);
      continue;
    }
    const ok = typeof value === 'number' && value <= target.max;
    if (!ok) missed++;
    process.stdout.write(`  ${key.padEnd(22)} ${shown} ${target.unit}   target <= ${target.max}  ${ok ? 'ok' : 'MISSED'}\n`);
  }
}
process.stdout.write(missed ? `\n${missed} target(s) missed.\n` : '\nAll targets met.\n');
process.exitCode = missed ? 1 : 0;
