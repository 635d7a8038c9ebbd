import { spawn } from 'node:child_process';
import { cp, mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { EXAMPLE_FLEET } from '../cli/run-qm.js';
import { appKeys } from './github/bot-harness.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

describe('qm bot as a process', () => {
  it('serves, answers /healthz, and on SIGTERM logs its shutdown and exits 0', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'qm-bot-proc-'));
    await cp(EXAMPLE_FLEET, dir, { recursive: true });
    const env = {
      PATH: process.env.PATH ?? '',
      PORT: '0',
      APP_ID: '424242',
      PRIVATE_KEY: appKeys().privateKey,
      WEBHOOK_SECRET: 'whsec-process-0123',
      // Never the real GitHub: nothing is asked of it before a webhook comes.
      GITHUB_API_URL: 'http://127.0.0.1:9',
      QM_STATE_DIR: path.join(dir, '.qm'),
    };
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'bot', '--dir', dir], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (c: Buffer) => (out += c.toString()));
    child.stderr.on('data', (c: Buffer) => (err += c.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    try {
      const port = await new Promise<number>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no listening line in time:\n${out}\n${err}`)), 20_000);
        child.stdout.on('data', () => {
          const line = out.split('\n').find((l) => l.includes('"qm bot listening"'));
          if (line) {
            clearTimeout(timer);
            resolve((JSON.parse(line) as { port: number }).port);
          }
        });
      });
      expect((await fetch(`http://127.0.0.1:${port}/healthz`)).status).toBe(200);
      child.kill('SIGTERM');
      expect(await exited).toBe(0);
      const msgs = out.split('\n').filter(Boolean).map((l) => (JSON.parse(l) as { msg: string }).msg);
      expect(msgs).toEqual(['qm bot listening', 'shutting down: no new requests; letting commands in flight finish', 'stopped']);
      expect(out + err).not.toContain('PRIVATE KEY');
      expect(out + err).not.toContain('whsec-process-0123');
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
    }
  });
});
