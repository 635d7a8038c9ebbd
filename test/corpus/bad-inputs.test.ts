import { execFileSync, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cp, lstat, mkdir, mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { createServer, type AddressInfo, type Server, type Socket } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DAVE, runQm, scratchFleet, type QmRun } from '../cli/run-qm.js';
import { CANARY, type FileFault } from './bad-input-case.js';
import { BAD_INPUT_CASES } from './cases/index.js';

const MAIN = fileURLToPath(new URL('../../src/cli/main.ts', import.meta.url));

/** The example fleet with the canary in a user_data and dev applied on the sim; copied per case. */
let base: string;
/** A port that accepts connections and never answers (`{silent}`): a server that hangs, for time bounds. */
let silent: Server;
const silentSockets = new Set<Socket>();
beforeAll(async () => {
  silent = createServer((socket) => void silentSockets.add(socket));
  await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
  const { dir, env } = await scratchFleet();
  const bastion = path.join(dir, 'environments/dev/bastion.yml');
  const text = await readFile(bastion, 'utf8');
  await writeFile(bastion, text.replace('    state: running\n', `    state: running\n    user_data: |\n      #!/bin/sh\n      export DB_PASSWORD=${CANARY}\n`));
  const r = await runQm(['apply', '--env', 'dev', '--auto-approve'], env, dir);
  expect(r.code, r.stderr).toBe(0);
  await settle(dir, env);
  base = dir;
}, 60_000);
afterAll(async () => {
  // close() waits for open connections, and a client that gave up may never end its side.
  for (const socket of silentSockets) socket.destroy();
  await new Promise<void>((resolve) => silent.close(() => resolve()));
});

/**
 * The sim settles lazily: a read soon after an apply moves pending instances on and saves the
 * file, which a case would then report as a changed fleet. Reads until one changes nothing.
 */
async function settle(dir: string, env: Record<string, string>): Promise<void> {
  for (let i = 0; i < 20; i++) {
    const before = await hashOf(env.QM_SIM_STATE!);
    await new Promise((resolve) => setTimeout(resolve, 400));
    await runQm(['plan', '--env', 'dev'], env, dir);
    if ((await hashOf(env.QM_SIM_STATE!)) === before) return;
  }
  throw new Error('the sim fleet of the corpus never settled');
}

describe('the bad-input corpus', () => {
  it('has unique names and at least 150 cases', () => {
    expect(new Set(BAD_INPUT_CASES.map((c) => c.name)).size).toBe(BAD_INPUT_CASES.length);
    expect(BAD_INPUT_CASES.length).toBeGreaterThanOrEqual(150);
  });

  it.each(BAD_INPUT_CASES.map((c) => [c.name, c] as const))('%s', async (_name, c) => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'qm-corpus-'));
    try {
      await cp(base, dir, { recursive: true });
      const fill = (s: string) => s.replaceAll('{dir}', dir).replaceAll('{silent}', `127.0.0.1:${(silent.address() as AddressInfo).port}`);
      const sound: Record<string, string> = {
        QM_SIM_STATE: path.join(dir, '.qm', 'sim-fleet.json'),
        QM_STATE_DIR: path.join(dir, '.qm'),
        QM_SIM_SPEED: 'fast',
        QM_ACTOR: DAVE,
        AWS_SECRET_ACCESS_KEY: CANARY,
        NO_COLOR: '1',
      };
      const env = { ...sound, ...Object.fromEntries(Object.entries(c.env ?? {}).map(([k, v]) => [k, fill(v)])) };
      const args = [...(c.noDir ? [] : ['--dir', dir]), ...c.args.map(fill)];
      for (const before of c.before ?? []) {
        const r = await runQm(['--dir', dir, ...before.map(fill)], sound);
        expect([0, 2], `before: qm ${before.join(' ')}\n${r.stderr}`).toContain(r.code);
      }
      for (const [file, content] of Object.entries(c.files ?? {})) await put(path.join(dir, file), content);
      const fleetBefore = await hashOf(env.QM_SIM_STATE!);

      const started = Date.now();
      const bound = c.withinSeconds ?? 20;
      const r = c.spawn ? await runProcess(args, env, bound + 5) : await runQm(args, env);
      const seconds = (Date.now() - started) / 1000;

      const output = `${r.stdout}\n${r.stderr}`;
      expect(output, 'the message').toMatch(c.message);
      expect(r.code, output).toBe(c.exit);
      expect(output, 'no stack trace').not.toMatch(/\n\s+at /);
      expect(output, 'no internal-fault notice').not.toContain('This is a fault in qm');
      expect(output.includes(CANARY), 'the canary secret is never printed').toBe(false);
      expect(seconds, 'within its time bound').toBeLessThan(bound);
      expect(await hashOf(env.QM_SIM_STATE!), 'the sim fleet is unchanged').toBe(fleetBefore);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }, 60_000);
});

async function put(file: string, content: FileFault): Promise<void> {
  const current = typeof content === 'function' ? await readFile(file, 'utf8') : '';
  await rm(file, { recursive: true, force: true });
  if (content === null) return;
  await mkdir(path.dirname(file), { recursive: true });
  if (typeof content === 'function') await writeFile(file, content(current));
  else if (typeof content === 'string' || content instanceof Uint8Array) await writeFile(file, content);
  else if ('dir' in content) await mkdir(file, { recursive: true });
  else if ('symlink' in content) await symlink(content.symlink, file);
  else execFileSync('mkfifo', [file]); // Node has no mkfifo
}

/** The file's digest; a case may make it a directory, a link or a pipe (never read: it would block). */
async function hashOf(file: string): Promise<string> {
  try {
    const s = await lstat(file);
    if (!s.isFile()) return `not a file (mode ${s.mode.toString(8)})`;
    return createHash('sha256').update(await readFile(file)).digest('hex');
  } catch {
    return 'absent';
  }
}

/**
 * The real CLI in a child process, with only the case's environment (and PATH). A hang is
 * killed after `seconds` (and then fails the time bound) rather than outliving the test.
 */
function runProcess(args: string[], env: Record<string, string>, seconds: number): Promise<QmRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', MAIN, ...args], { env: { PATH: process.env.PATH ?? '', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    const timer = setTimeout(() => child.kill('SIGKILL'), seconds * 1000);
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code: code ?? -1, stdout, stderr: signal ? `${stderr}\n(killed by ${signal} after ${seconds} s)` : stderr });
    });
  });
}
