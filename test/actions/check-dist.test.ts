import { execFile } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/**
 * STYLE.md 12: dist/ is built, checked, and never edited. The committed bundles must be exactly
 * what the sources and the lockfile produce now (as actions/checkout's check-dist workflow does).
 */

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const ACTIONS = path.join(ROOT, 'actions');
const FIX = 'run `npm run build:actions` and commit dist/';

function dirsWith(file: string): string[] {
  if (!existsSync(ACTIONS)) return [];
  return readdirSync(ACTIONS, { withFileTypes: true })
    .filter((d) => d.isDirectory() && existsSync(path.join(ACTIONS, d.name, file)))
    .map((d) => d.name)
    .sort();
}

/** Where two texts first differ, as `line N: committed "..." vs fresh "..."`, for the failure message. */
function firstDifference(fresh: string, committed: string): string {
  const a = fresh.split('\n');
  const b = committed.split('\n');
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  const cut = (s: string | undefined): string => JSON.stringify((s ?? '<end of file>').slice(0, 100));
  return `first at line ${i + 1}: committed ${cut(b[i])} vs fresh ${cut(a[i])}`;
}

/** Every file below `dir`, relative to it, sorted: the bundle, its chunks, its package.json. */
function filesUnder(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => path.relative(dir, path.join(e.parentPath, e.name)))
    .sort();
}

const sources = dirsWith('main.ts');
const committed = dirsWith(path.join('dist', 'index.js'));
const build = (outdir: string, cwd: string) =>
  promisify(execFile)(process.execPath, [path.join(ROOT, 'scripts', 'build-actions.mjs'), '--outdir', outdir], { cwd });
let outdir = '';
let buildLog = '';

beforeAll(async () => {
  outdir = await mkdtemp(path.join(os.tmpdir(), 'qm-check-dist-'));
  buildLog = (await build(outdir, ROOT)).stdout.trim();
}, 180_000);

afterAll(async () => {
  if (outdir) await rm(outdir, { recursive: true, force: true });
});

describe('actions/*/dist', () => {
  it('a fresh build equals the committed bundles, byte for byte', async () => {
    const built = readdirSync(outdir).sort();
    expect(built, `the build wrote one bundle per actions/<name>/main.ts (${buildLog})`).toEqual(sources);

    // With no action yet there is nothing to compare, and the glob itself is what is checked.
    if (sources.length === 0) {
      expect(committed, `dist/ without a main.ts: ${FIX}`).toEqual([]);
      return;
    }
    expect(committed, `every action has a committed dist/index.js and no dist/ is left without its main.ts: ${FIX}`).toEqual(sources);
    for (const name of sources) {
      const files = filesUnder(path.join(outdir, name, 'dist'));
      expect(files, `actions/${name}/dist holds exactly what a fresh build writes (no stale chunk): ${FIX}`).toEqual(filesUnder(path.join(ACTIONS, name, 'dist')));
      for (const file of files) {
        const fresh = await readFile(path.join(outdir, name, 'dist', file));
        const mine = path.join(ACTIONS, name, 'dist', file);
        expect(existsSync(mine), `actions/${name}/dist/${file} is missing: ${FIX}`).toBe(true);
        const same = Buffer.compare(fresh, await readFile(mine)) === 0;
        const where = same ? '' : firstDifference(fresh.toString('utf8'), await readFile(mine, 'utf8'));
        expect(same, `actions/${name}/dist/${file} differs from a fresh build (${where}): ${FIX}`).toBe(true);
      }
    }
  });

  it('the build is deterministic: building twice gives the same bytes', async () => {
    if (sources.length === 0) return expect(sources).toEqual([]);
    const again = await mkdtemp(path.join(os.tmpdir(), 'qm-check-dist-'));
    try {
      await build(again, os.tmpdir());
      for (const name of sources) {
        const files = filesUnder(path.join(outdir, name, 'dist'));
        expect(files).toEqual(filesUnder(path.join(again, name, 'dist')));
        for (const file of files) {
          const a = await readFile(path.join(outdir, name, 'dist', file));
          const b = await readFile(path.join(again, name, 'dist', file));
          expect(Buffer.compare(a, b), `actions/${name}/dist/${file}: two builds differ (from another cwd)`).toBe(0);
        }
      }
    } finally {
      await rm(again, { recursive: true, force: true });
    }
    // Four bundles built again: seconds alone, far more on a CI machine shared with other work.
  }, 180_000);
});
