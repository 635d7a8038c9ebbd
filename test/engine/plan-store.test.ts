import { access } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createManualClock } from '../../src/clock.js';
import { createSimProvider } from '../../src/cloud/sim/index.js';
import { parseEngineSettings } from '../../src/engine/engine-settings.js';
import { openQuartermaster } from '../../src/engine/open-quartermaster.js';
import { ALICE, BOB, DAVE, scratchFleet } from '../cli/run-qm.js';

const exists = (file: string): Promise<boolean> => access(file).then(() => true, () => false);

describe('plan reads the embedded store only when there is one', () => {
  it('a plan creates no store; once one holds an override, every later plan lays it over the definitions', async () => {
    const { dir, env } = await scratchFleet();
    const clock = createManualClock('2026-12-04T10:00:00Z');
    const provider = createSimProvider({ statePath: env.QM_SIM_STATE!, clock });
    const settings = parseEngineSettings(env, { dir });
    const storeFile = path.join(dir, '.qm', 'state.db');

    const first = openQuartermaster({ settings, clock, provider });
    try {
      expect((await first.plan({ envs: ['dev'] })).summary.add).toBeGreaterThan(0);
      expect(await exists(storeFile)).toBe(false);
      const setup = await first.apply({ envs: ['dev'], actor: ALICE, door: 'cli', command: 'apply', reason: 'setup', holder: 'test', approvedBy: [BOB] });
      expect(setup.status).toBe('applied');
      const down = await first.command({ text: 'shutdown dev', actor: DAVE, door: 'slack', holder: 'test' });
      expect(down).toMatchObject({ kind: 'change', override: { env: 'dev', change: { kind: 'shutdown' } } });
    } finally {
      await first.close();
    }
    expect(await exists(storeFile)).toBe(true);

    // A new process: the store exists, so its active shutdown is read; without it, the stopped fleet would be a change.
    const later = openQuartermaster({ settings, clock, provider });
    const storeless = openQuartermaster({ settings: parseEngineSettings({ ...env, QM_STATE_DIR: path.join(dir, 'elsewhere') }, { dir }), clock, provider });
    try {
      expect((await later.plan({ envs: ['dev'] })).summary).toMatchObject({ add: 0, change: 0, destroy: 0 });
      expect((await storeless.plan({ envs: ['dev'] })).summary.change).toBeGreaterThan(0);
      expect(await exists(path.join(dir, 'elsewhere', 'state.db'))).toBe(false);
    } finally {
      await later.close();
      await storeless.close();
    }
  }, 120_000);
});
