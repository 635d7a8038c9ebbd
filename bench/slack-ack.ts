/**
 * Benchmark: the Slack door's acknowledgement latency under 200 concurrent slash commands, and
 * the bot's memory idle and under that load (issue 8).
 *
 * Three processes, so each one's CPU and memory are its own: the bot (createSlackApp's real
 * Bolt HTTP receiver on a local port, its engine a fake taking 50 ms per command, i.e. the work
 * after the ack), a fake Slack Web API answering its calls and response_urls, and this process
 * playing Slack. Slack signs 200 slash commands (v0 HMAC, form-encoded, distinct trigger ids and
 * users), posts them all at once and times each from its send to the end of its HTTP answer (the
 * ack), then waits until every command's ephemeral answer reached the fake Slack. Bursts go over
 * 200 open keep-alive connections (the headline figures) and over a new connection each; each
 * way is also measured against a server that answers at once and does nothing (the floor: what
 * sending costs on this machine). ROUNDS bursts of each; the figures are the median round's.
 * `botAck*` is the bot's own view of each request, from its headers read to its answer's end.
 * Memory is the bot's: RSS and heap after a warm-up and a GC (idle), and their peaks sampled
 * every 5 ms across the bursts (load). The children run this file compiled by esbuild (no tsx
 * loader in the bot's memory). Prints one JSON line of figures.
 * Run alone: npx tsx bench/slack-ack.ts
 */
import { fork, type ChildProcess } from 'node:child_process';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Agent, createServer, request as httpRequest } from 'node:http';
import { mkdir } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import path from 'node:path';

const CONCURRENT = 200;
const ENGINE_MS = 50;
const WARM_UP = 20;
/** Bursts of each kind; the figures are the median round's. */
const ROUNDS = 3;
const SECRET = '8f742231b10e8888abcd99yyyzzz85a5';
const ROOT = fileURLToPath(new URL('..', import.meta.url));

export interface SlackAckFigures {
  name: 'slack-ack';
  concurrent: number;
  rounds: number;
  engineMs: number;
  ackP50Ms: number;
  ackP99Ms: number;
  ackMaxMs: number;
  /** The same 200 over open connections to a server that answers at once and does nothing: what sending them costs. */
  floorP50Ms: number;
  floorP99Ms: number;
  /** The same 200 over a new connection each (TCP set-up included), and that way's floor: a server that does nothing. */
  freshConnAckP50Ms: number;
  freshConnAckP99Ms: number;
  freshConnFloorP50Ms: number;
  freshConnFloorP99Ms: number;
  /** The bot's own view: from each request's arrival (headers read) to its answer's last byte. */
  botAckP50Ms: number;
  botAckP99Ms: number;
  /** Every status code answered, by code. */
  statuses: Record<string, number>;
  /** From the first send to the last ephemeral answer at the fake Slack. */
  allAnsweredMs: number;
  engineCalls: number;
  idleRssMb: number;
  idleHeapMb: number;
  loadPeakRssMb: number;
  loadPeakHeapMb: number;
}

type ChildMessage =
  | { type: 'ready'; url: string; floorUrl: string }
  | { type: 'memory'; rssMb: number; heapMb: number }
  | { type: 'load'; peakRssMb: number; peakHeapMb: number; engineCalls: number; serverMs: number[] };

const mb = (bytes: number) => Math.round((bytes / 1024 / 1024) * 10) / 10;

/** The bot: the Slack door with a 50 ms fake engine, answering to the parent over IPC. */
async function child(apiUrl: string): Promise<void> {
  setFlagsFromString('--expose-gc');
  const gc = runInNewContext('gc') as () => void;
  const { createSlackApp } = await import('../bot/slack/create-slack-app.js');
  let engineCalls = 0;
  const door = createSlackApp({
    settings: { botToken: 'xoxb-bench', signingSecret: SECRET, apiUrl, holder: 'bench pid 1' },
    engine: {
      async command() {
        engineCalls++;
        await new Promise((r) => setTimeout(r, ENGINE_MS));
        return { kind: 'requests', requests: [] };
      },
      request: async () => undefined,
      channelEnv: async () => 'prod',
      requests: async () => [],
      approvalsOf: async () => [],
    },
    logger: { debug() {}, info() {}, warn() {}, error() {}, setLevel() {}, getLevel: () => 'error' as never, setName() {} },
    clientOptions: { retryConfig: { retries: 0 } },
  });
  await door.start();
  // The bot's own view of each ack: from the request's arrival to its answer's last byte.
  let serverMs: number[] = [];
  const server = createServer((req, res) => {
    const t0 = performance.now();
    res.on('finish', () => serverMs.push(performance.now() - t0));
    door.requestListener!(req, res);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  // The floor: a server that answers 200 to anything at once, in the same process, measured the same way.
  const floor = createServer((req, res) => {
    req.resume();
    req.on('end', () => res.end());
  });
  await new Promise<void>((r) => floor.listen(0, '127.0.0.1', r));
  const send = (m: ChildMessage) => process.send!(m);
  let sampler: NodeJS.Timeout | undefined;
  let peak = { rss: 0, heap: 0 };
  process.on('message', async (m: { type: string }) => {
    if (m.type === 'idle-memory') {
      await door.idle();
      gc();
      await new Promise((r) => setTimeout(r, 50));
      const u = process.memoryUsage();
      send({ type: 'memory', rssMb: mb(u.rss), heapMb: mb(u.heapUsed) });
    }
    if (m.type === 'start-load') {
      engineCalls = 0;
      serverMs = [];
      peak = { rss: 0, heap: 0 };
      sampler = setInterval(() => {
        const u = process.memoryUsage();
        peak = { rss: Math.max(peak.rss, u.rss), heap: Math.max(peak.heap, u.heapUsed) };
      }, 5);
    }
    if (m.type === 'end-load') {
      await door.idle();
      clearInterval(sampler);
      const u = process.memoryUsage();
      send({ type: 'load', peakRssMb: mb(Math.max(peak.rss, u.rss)), peakHeapMb: mb(Math.max(peak.heap, u.heapUsed)), engineCalls, serverMs });
    }
    if (m.type === 'stop') {
      await door.stop();
      server.close();
      floor.close();
      process.disconnect();
    }
  });
  send({ type: 'ready', url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/slack/events`, floorUrl: `http://127.0.0.1:${(floor.address() as AddressInfo).port}/slack/events` });
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

/** Slack's Web API and response_urls, in a process of their own so they take no CPU from either side. */
async function slackChild(): Promise<void> {
  const { startFakeSlackApi } = await import('../test/bot/slack/support/fake-slack-api.js');
  const slack = await startFakeSlackApi();
  process.on('message', async (m: { type: string; atLeast?: number }) => {
    if (m.type === 'answers') {
      await slack.waitFor(() => slack.callsTo('response_url').length >= (m.atLeast ?? 0), 60_000);
      process.send!({ type: 'answers', count: slack.callsTo('response_url').length });
    }
    if (m.type === 'stop') {
      await slack.close();
      process.disconnect();
    }
  });
  process.send!({ type: 'slack-ready', apiUrl: slack.apiUrl, respondBase: slack.responseUrl('') });
}

/**
 * This file compiled to plain JavaScript (the engine and the door bundled, packages left to
 * node_modules), so the bot's process runs without tsx's loader thread, as a built bot would,
 * and its memory is its own.
 */
async function compiled(): Promise<string> {
  const { build } = await import('esbuild');
  const outfile = path.join(ROOT, 'node_modules', '.cache', 'qm-bench', 'slack-ack.mjs');
  await mkdir(path.dirname(outfile), { recursive: true });
  await build({ entryPoints: [fileURLToPath(import.meta.url)], outfile, bundle: true, platform: 'node', format: 'esm', target: 'node20', packages: 'external', logLevel: 'error' });
  return outfile;
}

function spawn(script: string, args: string[]): ChildProcess {
  return fork(script, args, { execArgv: [], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
}

function nextMessage<T extends { type: string }>(p: ChildProcess, type: string): Promise<T> {
  return new Promise((resolve) => {
    const on = (m: T) => {
      if (m.type !== type) return;
      p.off('message', on);
      resolve(m);
    };
    p.on('message', on);
  });
}

export async function benchSlackAck(): Promise<SlackAckFigures> {
  const { sendToSlackApp, slashCommandBody, FORM } = await import('../test/bot/slack/support/slack-requests.js');
  const script = await compiled();
  const slack = spawn(script, ['--slack']);
  const { apiUrl, respondBase } = await nextMessage<{ type: string; apiUrl: string; respondBase: string }>(slack, 'slack-ready');
  const bot = spawn(script, ['--child', apiUrl]);
  const answers = async (atLeast: number) => {
    slack.send({ type: 'answers', atLeast });
    return (await nextMessage<{ type: string; count: number }>(slack, 'answers')).count;
  };
  try {
    const { url, floorUrl } = await nextMessage<Extract<ChildMessage, { type: 'ready' }>>(bot, 'ready');
    let n = 0;
    const body = () => {
      n++;
      return slashCommandBody({ command: '/qm', text: 'requests', userId: `U0BENCH${n}`, channelId: 'C0PRODOPS1', triggerId: `bench.${n}`, responseUrl: `${respondBase}bench-${n}` });
    };
    const burst = async (target: string, agent: Agent | undefined) => {
      const bodies = Array.from({ length: CONCURRENT }, body);
      const responses = await Promise.all(bodies.map((b) => sendToSlackApp(target, b, { contentType: FORM, secret: SECRET, ...(agent ? { agent } : {}) })));
      return responses;
    };
    // Warm-up: the first requests load and compile Bolt's paths and open the fake Slack's.
    for (let i = 0; i < WARM_UP; i++) await sendToSlackApp(url, body(), { contentType: FORM, secret: SECRET });
    let expected = await answers(WARM_UP);
    bot.send({ type: 'idle-memory' });
    const idle = await nextMessage<Extract<ChildMessage, { type: 'memory' }>>(bot, 'memory');

    // Slack keeps connections to an app open: 200 of them are opened first (GET answers 404, nothing runs).
    const openConnections = async (target: string) => {
      const agent = new Agent({ keepAlive: true, maxSockets: CONCURRENT });
      await Promise.all(
        Array.from({ length: CONCURRENT }, () => new Promise<void>((resolve, reject) => void httpRequest(target, { method: 'GET', agent }, (res) => res.resume().on('end', resolve)).on('error', reject).end())),
      );
      return agent;
    };
    const agent = await openConnections(url);
    const floorAgent = await openConnections(floorUrl);

    bot.send({ type: 'start-load' });
    await new Promise((r) => setTimeout(r, 20));
    const stats = (rs: { ms: number }[]) => {
      const ms = rs.map((r) => r.ms).sort((a, b) => a - b);
      return { p50: percentile(ms, 50), p99: percentile(ms, 99), max: ms[ms.length - 1]! };
    };
    const statuses: Record<string, number> = {};
    const count = (rs: { status: number }[]) => rs.forEach((r) => (statuses[r.status] = (statuses[r.status] ?? 0) + 1));
    const warm = [];
    const answeredMs = [];
    for (let r = 0; r < ROUNDS; r++) {
      const started = performance.now();
      const responses = await burst(url, agent);
      expected = await answers(expected + CONCURRENT);
      answeredMs.push(performance.now() - started);
      count(responses);
      warm.push(stats(responses));
    }
    // The same over a new connection per request, and the floor of that way of sending (a server that does nothing).
    const fresh = [];
    for (let r = 0; r < ROUNDS; r++) {
      const responses = await burst(url, undefined);
      expected = await answers(expected + CONCURRENT);
      count(responses);
      fresh.push(stats(responses));
    }
    const floor = [];
    for (let r = 0; r < ROUNDS; r++) floor.push(stats(await burst(floorUrl, undefined)));
    const warmFloor = [];
    for (let r = 0; r < ROUNDS; r++) warmFloor.push(stats(await burst(floorUrl, floorAgent)));
    bot.send({ type: 'end-load' });
    const load = await nextMessage<Extract<ChildMessage, { type: 'load' }>>(bot, 'load');
    agent.destroy();
    floorAgent.destroy();

    const round = (x: number) => Math.round(x * 10) / 10;
    const median = (xs: number[]) => round([...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!);
    const server = [...load.serverMs].sort((a, b) => a - b);
    return {
      name: 'slack-ack',
      concurrent: CONCURRENT,
      rounds: ROUNDS,
      engineMs: ENGINE_MS,
      ackP50Ms: median(warm.map((w) => w.p50)),
      ackP99Ms: median(warm.map((w) => w.p99)),
      ackMaxMs: round(Math.max(...warm.map((w) => w.max))),
      floorP50Ms: median(warmFloor.map((w) => w.p50)),
      floorP99Ms: median(warmFloor.map((w) => w.p99)),
      freshConnAckP50Ms: median(fresh.map((w) => w.p50)),
      freshConnAckP99Ms: median(fresh.map((w) => w.p99)),
      freshConnFloorP50Ms: median(floor.map((w) => w.p50)),
      freshConnFloorP99Ms: median(floor.map((w) => w.p99)),
      botAckP50Ms: round(percentile(server, 50)),
      botAckP99Ms: round(percentile(server, 99)),
      statuses,
      allAnsweredMs: median(answeredMs),
      engineCalls: load.engineCalls,
      idleRssMb: idle.rssMb,
      idleHeapMb: idle.heapMb,
      loadPeakRssMb: load.peakRssMb,
      loadPeakHeapMb: load.peakHeapMb,
    };
  } finally {
    for (const p of [bot, slack]) {
      p.send({ type: 'stop' });
      await new Promise((r) => p.once('exit', r));
    }
  }
}

if (process.argv[2] === '--child') {
  await child(process.argv[3]!);
} else if (process.argv[2] === '--slack') {
  await slackChild();
} else if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  process.stdout.write(`${JSON.stringify(await benchSlackAck())}\n`);
}
