import { spawn } from 'node:child_process';
import { mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { systemClock } from '../../../src/clock.js';
import { createSimProvider } from '../../../src/cloud/sim/index.js';

const WRITER = fileURLToPath(new URL('./children/sim-writer.ts', import.meta.url));

function writer(statePath: string, label: string, count: number): Promise<number | null> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', WRITER, statePath, label, String(count)], { stdio: 'inherit' });
    child.on('close', resolve);
  });
}

describe('one sim state file shared by several processes', () => {
  it('loses no process\'s changes when they write at the same time', async () => {
    const statePath = path.join(await mkdtemp(path.join(os.tmpdir(), 'qm-sim-shared-')), 'fleet.json');
    const codes = await Promise.all([writer(statePath, 'a', 40), writer(statePath, 'b', 40)]);
    expect(codes).toEqual([0, 0]);
    const fleet = await createSimProvider({ statePath, clock: systemClock }).readEnvironment({ env: 'dev', region: 'us-east-1', accountId: '123456789012' });
    expect(fleet.instances).toHaveLength(80);
  });
});
