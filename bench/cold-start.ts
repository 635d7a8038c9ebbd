/**
 * Cold start of the installed CLI (bin/qm.js over the esbuild bundle): `qm --help` and
 * `qm validate` on the example fleet, each a fresh process, median of 9 runs; Node's own start
 * (`node -e 0`) beside them, since no CLI can start faster than that.
 */
import { execFile } from 'node:child_process';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
// @ts-expect-error: a plain .mjs build script, without type declarations.
import { buildCli } from '../scripts/build-cli.mjs';

const run = promisify(execFile);
const ROOT = fileURLToPath(new URL('..', import.meta.url));
const QM = `${ROOT}bin/qm.js`;
const RUNS = 9;

async function medianMs(args: string[]): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const started = performance.now();
    await run(process.execPath, args, { cwd: ROOT, env: { ...process.env, NO_COLOR: '1' } });
    times.push(performance.now() - started);
  }
  times.sort((a, b) => a - b);
  return Math.round(times[Math.floor(RUNS / 2)]!);
}

export async function benchColdStart(): Promise<Record<string, unknown>> {
  await buildCli();
  return {
    name: 'cold-start',
    nodeBaselineMs: await medianMs(['-e', '0']),
    helpMs: await medianMs([QM, '--help']),
    validateMs: await medianMs([QM, '--dir', `${ROOT}examples/fleet`, 'validate']),
    runs: RUNS,
  };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  process.stdout.write(`${JSON.stringify(await benchColdStart())}\n`);
}
