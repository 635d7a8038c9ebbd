import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { afterAll, describe, expect, it } from 'vitest';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const ENTRY = path.join(ROOT, 'test/store/children/bundled-memory-store.ts');
const buildDir = mkdtempSync(path.join(tmpdir(), 'qm-bundle-build-'));
const runDir = mkdtempSync(path.join(tmpdir(), 'qm-bundle-run-'));
afterAll(() => {
  for (const dir of [buildDir, runDir]) rmSync(dir, { recursive: true, force: true });
});

/** Bundles `ENTRY` the way scripts/build-actions.mjs bundles an action (ESM, node20, the require banner, native and optional packages external). */
async function bundle(outfile: string): Promise<void> {
  await build({
    absWorkingDir: ROOT,
    entryPoints: [ENTRY],
    outfile,
    bundle: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    // sql.js calls require('node:fs') and require('node:crypto'): an ESM bundle has no `require`.
    banner: { js: "import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);" },
    external: ['better-sqlite3', 'pg-native'],
    logLevel: 'error',
  });
}

describe('memory: store in a bundled action', () => {
  it('works from one esbuild file in a directory with no node_modules, and loads better-sqlite3 only when the embedded file is chosen', async () => {
    const built = path.join(buildDir, 'index.js');
    await bundle(built);
    // The bundle runs where nothing can be resolved: a copy alone in its own temp directory.
    const script = path.join(runDir, 'index.js');
    copyFileSync(built, script);
    writeFileSync(path.join(runDir, 'package.json'), '{"type":"module"}\n');
    for (let dir = runDir; ; dir = path.dirname(dir)) {
      expect(existsSync(path.join(dir, 'node_modules')), `${dir}/node_modules would let the bundle import what it should carry`).toBe(false);
      if (path.dirname(dir) === dir) break;
    }

    const run = spawnSync(process.execPath, [script], { cwd: runDir, encoding: 'utf8', env: { PATH: process.env.PATH ?? '' }, timeout: 20_000 });
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    const out = JSON.parse(run.stdout) as Record<string, unknown>;
    expect(out).toMatchObject({
      kind: 'sqlite',
      location: 'memory:',
      request: 'PR #7',
      lock: 'run-42',
      audit: [expect.stringMatching(/^lock locked prod for apply req-/), 'apply-result applied'],
    });
    expect(out.embedded).toMatch(/^QM_STORE_UNAVAILABLE: Cannot open the state file \.qm\/state\.db: better-sqlite3 cannot be loaded .*set QM_DATABASE_URL to memory:/);
    // For the report in docs/store.md: the whole bundle, sql.js included, stays near 1 MB.
    expect(statSync(script).size).toBeLessThan(2_000_000);
  });
});
