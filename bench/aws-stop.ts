/**
 * Benchmark (issue 10, "writes in real batches"): stop 1,000 running instances with applyPlan
 * through the real SDK v3 clients (createAwsProvider) against the fake AWS endpoint on
 * 127.0.0.1, then the same stop done by a peer that writes and waits one resource per call
 * (Terraform-style: StopInstances of one id and a waiter polling DescribeInstances for that
 * id, 10 resources at a time, Terraform's default parallelism) on a fresh copy of the fleet.
 * Both poll every `pollMs`. Prints one JSON line of figures.
 * Run alone: npx tsx bench/aws-stop.ts
 */
import { DescribeInstancesCommand, EC2Client, StopInstancesCommand } from '@aws-sdk/client-ec2';
import { pathToFileURL } from 'node:url';
import { applyPlan } from '../src/apply/index.js';
import { createAwsProvider } from '../src/cloud/aws/index.js';
import type { EnvTarget } from '../src/cloud/provider.js';
import { systemClock } from '../src/clock.js';
import { pollRounds, stopPlanOf } from '../test/apply/support/stop-plan.js';
import { seedSyntheticFleet, startFakeAws, type FakeAws } from '../test/support/fake-aws/index.js';

export interface AwsStopOptions {
  instances?: number;
  pollMs?: number;
  peerParallelism?: number;
}

export interface AwsStopFigures {
  name: 'aws-stop';
  instances: number;
  pollMs: number;
  /** StopInstances calls of the apply. */
  writeCalls: number;
  describeCalls: number;
  pollRounds: number;
  /** The most DescribeInstances calls in one poll round. */
  describesPerRound: number;
  /** Every SDK request of the apply (the account check included). */
  sdkCalls: number;
  wallMs: number;
  cpuMs: number;
  peerWriteCalls: number;
  peerDescribeCalls: number;
  peerWallMs: number;
  peerCpuMs: number;
  /** Peer over ours, same run, same endpoint. */
  writeCallRatio: number;
  totalCallRatio: number;
  wallRatio: number;
}

const CREDENTIALS = { accessKeyId: 'AKIAIOSFODNN7EXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY' };
const TARGET: EnvTarget = { env: 'dev', region: 'eu-west-1', accountId: '123456789012' };

async function seededFake(instances: number): Promise<FakeAws> {
  const fake = await startFakeAws();
  seedSyntheticFleet(fake, { region: TARGET.region, env: TARGET.env, instances });
  return fake;
}

const count = (fake: FakeAws, action: string) => fake.calls.filter((c) => c.action === action).length;
const cpuMsSince = (u: NodeJS.CpuUsage) => {
  const d = process.cpuUsage(u);
  return Math.round((d.user + d.system) / 1000);
};

async function ours(instances: number, pollMs: number) {
  const fake = await seededFake(instances);
  try {
    const provider = createAwsProvider({ endpoints: { default: fake.url }, credentials: CREDENTIALS, waiterDelaySeconds: { min: pollMs / 1000, max: pollMs / 1000 } });
    const plan = stopPlanOf(TARGET.env, (await provider.readEnvironment(TARGET)).instances);
    fake.calls.length = 0;
    const cpu = process.cpuUsage();
    const started = performance.now();
    const result = await applyPlan(plan, { provider, targets: { [TARGET.env]: TARGET }, clock: systemClock });
    const wallMs = Math.round(performance.now() - started);
    const cpuMs = cpuMsSince(cpu);
    if (result.counts.applied !== instances) throw new Error(`stopped ${result.counts.applied} of ${instances}: ${JSON.stringify(result.counts)}`);
    const rounds = pollRounds(fake.calls.filter((c) => c.action === 'DescribeInstances'));
    return {
      writeCalls: count(fake, 'StopInstances'),
      describeCalls: count(fake, 'DescribeInstances'),
      pollRounds: rounds.length,
      describesPerRound: Math.max(0, ...rounds.map((r) => r.length)),
      sdkCalls: fake.calls.length,
      wallMs,
      cpuMs,
    };
  } finally {
    await fake.close();
  }
}

/** One resource per call: stop it, then poll it alone until it is stopped; `parallelism` resources at a time. */
async function peer(instances: number, pollMs: number, parallelism: number) {
  const fake = await seededFake(instances);
  try {
    const ec2 = new EC2Client({ endpoint: fake.url, region: TARGET.region, credentials: CREDENTIALS });
    const ids = [...fake.region(TARGET.region).instances.keys()];
    fake.calls.length = 0;
    const cpu = process.cpuUsage();
    const started = performance.now();
    let next = 0;
    const worker = async () => {
      while (next < ids.length) {
        const id = ids[next++]!;
        await ec2.send(new StopInstancesCommand({ InstanceIds: [id] }));
        for (;;) {
          const out = await ec2.send(new DescribeInstancesCommand({ InstanceIds: [id] }));
          if (out.Reservations?.[0]?.Instances?.[0]?.State?.Name === 'stopped') break;
          await new Promise((resolve) => setTimeout(resolve, pollMs));
        }
      }
    };
    await Promise.all(Array.from({ length: parallelism }, worker));
    const wallMs = Math.round(performance.now() - started);
    const cpuMs = cpuMsSince(cpu);
    ec2.destroy();
    return { writeCalls: count(fake, 'StopInstances'), describeCalls: count(fake, 'DescribeInstances'), sdkCalls: fake.calls.length, wallMs, cpuMs };
  } finally {
    await fake.close();
  }
}

export async function benchAwsStop(opts: AwsStopOptions = {}): Promise<AwsStopFigures> {
  const instances = opts.instances ?? 1000;
  const pollMs = opts.pollMs ?? 50;
  const a = await ours(instances, pollMs);
  const p = await peer(instances, pollMs, opts.peerParallelism ?? 10);
  const ratio = (x: number, y: number) => Math.round((x / Math.max(1, y)) * 10) / 10;
  return {
    name: 'aws-stop',
    instances,
    pollMs,
    ...a,
    peerWriteCalls: p.writeCalls,
    peerDescribeCalls: p.describeCalls,
    peerWallMs: p.wallMs,
    peerCpuMs: p.cpuMs,
    writeCallRatio: ratio(p.writeCalls, a.writeCalls),
    totalCallRatio: ratio(p.sdkCalls, a.sdkCalls),
    wallRatio: ratio(p.wallMs, a.wallMs),
  };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  process.stdout.write(`${JSON.stringify(await benchAwsStop())}\n`);
}
