import { cp, mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { main } from '../../src/cli/main.js';

/** People of examples/fleet/policy.yml: dave is a developer (dev is self-service); alice and bob are SRE. */
export const DAVE = 'github:davedev#3318842';
export const ALICE = 'github:alice-ops#583231';
export const BOB = 'slack:U034FGHIJ';

export const EXAMPLE_FLEET = fileURLToPath(new URL('../../examples/fleet', import.meta.url));

export interface QmRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** A scratch copy of the example fleet with its own sim state file, on fast sim timings. */
export async function scratchFleet(): Promise<{ dir: string; env: Record<string, string> }> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'qm-cli-'));
  await cp(EXAMPLE_FLEET, dir, { recursive: true });
  return {
    dir,
    env: { QM_SIM_STATE: path.join(dir, '.qm', 'sim-fleet.json'), QM_STATE_DIR: path.join(dir, '.qm'), QM_SIM_SPEED: 'fast', QM_ACTOR: DAVE },
  };
}

/** Runs the `qm` door in-process with captured streams, as the binary would (no terminal). */
export async function runQm(args: string[], env: Record<string, string>, dir?: string): Promise<QmRun> {
  let stdout = '';
  let stderr = '';
  const code = await main(dir ? ['--dir', dir, ...args] : args, env, {
    stdout: { write: (t) => void (stdout += t), isTTY: false },
    stderr: { write: (t) => void (stderr += t), isTTY: false },
  });
  return { code, stdout, stderr };
}
