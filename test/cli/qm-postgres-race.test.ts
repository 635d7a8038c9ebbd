import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemClock } from '../../src/clock.js';
import { createSimProvider } from '../../src/cloud/sim/index.js';
import { openStore } from '../../src/store/open-store.js';
import { postgresSkipReason, TEST_POSTGRES_URL } from '../store/postgres-env.js';
import { scratchFleet } from './run-qm.js';

const MAIN = fileURLToPath(new URL('../../src/cli/main.ts', import.meta.url));
const RACERS = 5;

/** A database of its own, so the race sees nothing but itself. */
const database = `qm_cli_race_${process.pid}_${Date.now()}`;
const url = TEST_POSTGRES_URL.replace(/\/[^/?]+(\?.*)?$/, `/${database}$1`);

async function admin(sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: TEST_POSTGRES_URL });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

function qm(args: string[], env: NodeJS.ProcessEnv): Promise<{ code: number | null; out: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', MAIN, ...args], { env });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    child.on('exit', (code) => resolve({ code, out }));
  });
}

describe.skipIf(postgresSkipReason)('several qm apply processes at once on one PostgreSQL', () => {
  beforeAll(async () => admin(`CREATE DATABASE ${database}`));
  afterAll(async () => admin(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`));

  it(`${RACERS} racers: exactly one applies, every other answer is explicit, one instance per definition`, async () => {
    const { dir, env } = await scratchFleet();
    const procEnv = { ...process.env, ...env, QM_DATABASE_URL: url, NO_COLOR: '1' };
    const runs = await Promise.all(Array.from({ length: RACERS }, () => qm(['--dir', dir, 'apply', '--env', 'dev', '--auto-approve'], procEnv)));

    const applied = runs.filter((r) => r.out.includes('Apply complete: 4 applied, 0 failed'));
    expect(applied, runs.map((r) => r.out).join('\n----\n')).toHaveLength(1);
    expect(applied[0]!.code).toBe(0);
    for (const r of runs.filter((x) => x !== applied[0])) {
      // Locked out while the winner ran, or arrived after it and found nothing to do, or planned
      // before the winner applied and locked after it finished: its plan is stale, said so.
      expect(r.out).toMatch(/dev is locked by .* since|No changes\. The fleet matches the definitions\.|\[QM_PLAN_STALE\]/);
    }

    const store = await openStore(url, { sqlitePath: '/unused', clock: systemClock });
    try {
      const requests = await store.listRequests({ env: 'dev', limit: 100 });
      expect(requests.filter((r) => r.state === 'applied')).toHaveLength(1);
      expect(requests.filter((r) => r.state === 'applying' || r.state === 'approved')).toEqual([]);
      expect(await store.getLock('dev')).toBeUndefined();
    } finally {
      await store.close();
    }
    const fleet = await createSimProvider({ statePath: env.QM_SIM_STATE!, clock: systemClock }).readEnvironment({ env: 'dev', region: 'us-east-1', accountId: '111122223333' });
    expect(fleet.instances.filter((i) => i.tags['qm:name'] === 'bastion')).toHaveLength(1);
    expect(fleet.groups).toHaveLength(2);
  }, 120_000); // five processes starting tsx on two cores
});
