import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cp, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { DAVE, runQm, scratchFleet, type QmRun } from '../cli/run-qm.js';
import { CANARY, type BadInputCase } from './bad-input-case.js';
import { BAD_INPUT_CASES } from './cases/index.js';

const MAIN = fileURLToPath(new URL('../../src/cli/main.ts', import.meta.url));

/** The example fleet with the canary in a user_data and dev applied on the sim; copied per case. */
let base: string;
beforeAll(async () => {
  const { dir, env } = await scratchFleet();
  const bastion = path.join(dir, 'environments/dev/bastion.yml');
  const text = await readFile(bastion, 'utf8');
  await writeFile(bastion, text.replace('    state: running\n', `    state: running\n    user_data: |\n      #!/bin/sh\n      export DB_PASSWORD=${CANARY}\n`));
  const r = await runQm(['apply', '--env', 'dev', '--auto-approve'], env, dir);
  expect(r.code, r.stderr).toBe(0);
  base = dir;
}, 60_000);

describe('the bad-input corpus', () => {
  it('has unique names and at least 40 cases', () => {
    expect(new Set(BAD_INPUT_CASES.map((c) => c.name)).size).toBe(BAD_INPUT_CASES.length);
    expect(BAD_INPUT_CASES.length).toBeGreaterThanOrEqual(40);
  });

  it.each(BAD_INPUT_CASES.map((c) => [c.name, c] as const))('%s', async (_name, c) => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'qm-corpus-'));
    try {
      await cp(base, dir, { recursive: true });
      const fill = (s: string) => s.replaceAll('{dir}', dir);
      for (const [file, content] of Object.entries(c.files ?? {})) await put(path.join(dir, file), content);
      const env: Record<string, string> = {
        QM_SIM_STATE: path.join(dir, '.qm', 'sim-fleet.json'),
        QM_STATE_DIR: path.join(dir, '.qm'),
        QM_SIM_SPEED: 'fast',
        QM_ACTOR: DAVE,
        AWS_SECRET_ACCESS_KEY: CANARY,
        NO_COLOR: '1',
        ...Object.fromEntries(Object.entries(c.env ?? {}).map(([k, v]) => [k, fill(v)])),
      };
      const args = [...(c.noDir ? [] : ['--dir', dir]), ...c.args.map(fill)];
      const fleetBefore = await hashOf(env.QM_SIM_STATE!);

      const started = Date.now();
      const r = c.spawn ? await runProcess(args, env) : await runQm(args, env);
      const seconds = (Date.now() - started) / 1000;

      const output = `${r.stdout}\n${r.stderr}`;
      expect(output, 'the message').toMatch(c.message);
      expect(r.code, output).toBe(c.exit);
      expect(output, 'no stack trace').not.toMatch(/\n\s+at /);
      expect(output, 'no internal-fault notice').not.toContain('This is a fault in qm');
      expect(output.includes(CANARY), 'the canary secret is never printed').toBe(false);
      expect(seconds, 'within its time bound').toBeLessThan(c.withinSeconds ?? 20);
      expect(await hashOf(env.QM_SIM_STATE!), 'the sim fleet is unchanged').toBe(fleetBefore);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }, 60_000);
});

async function put(file: string, content: NonNullable<BadInputCase['files']>[string]): Promise<void> {
  await rm(file, { recursive: true, force: true });
  if (content === null) return;
  if (typeof content === 'object' && 'dir' in content) {
    await mkdir(file, { recursive: true });
    return;
  }
  await mkdir(path.dirname(file), { recursive: true });
  await writeFile(file, content);
}

async function hashOf(file: string): Promise<string> {
  try {
    return createHash('sha256').update(await readFile(file)).digest('hex');
  } catch {
    return 'absent';
  }
}

/** The real CLI in a child process, with only the case's environment (and PATH). */
function runProcess(args: string[], env: Record<string, string>): Promise<QmRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', MAIN, ...args], { env: { PATH: process.env.PATH ?? '', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
  });
}
