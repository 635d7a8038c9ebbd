#!/usr/bin/env node
/**
 * Bundles every action (`actions/<name>/main.ts`) into `actions/<name>/dist/index.js` with
 * esbuild, so the runner can `node dist/index.js` with no `npm install` (STYLE.md 12).
 *
 *   node scripts/build-actions.mjs                 # writes actions/<name>/dist/
 *   node scripts/build-actions.mjs --outdir /tmp/x # writes /tmp/x/<name>/dist/ (check-dist test)
 *
 * The output is deterministic: the same sources and lockfile give the same bytes, wherever the
 * output goes, so CI can rebuild and compare with what is committed.
 *
 * Each dist/ also gets a package.json `{"type":"module"}`. The root package.json already says
 * `type: module` and the runner checks out the whole repository for `owner/repo/actions/plan@v1`,
 * but the bundle must not depend on a file two levels up: a copy of the action elsewhere, a build
 * into a temp dir, or a root package.json turned CommonJS one day would make Node read the ESM
 * bundle as CommonJS and fail on its first `import`.
 */
import { build } from 'esbuild';
import { existsSync, readdirSync } from 'node:fs';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { NODE_BUNDLE_OPTIONS } from './esbuild-node.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const ACTIONS = path.join(ROOT, 'actions');

const DIST_PACKAGE_JSON = '{"type":"module"}\n';

/**
 * Names of the actions that have a main.ts, sorted (so the build order, and the log, is stable).
 *
 * @example actionNames() // ['apply', 'drift', 'plan']
 */
export function actionNames(actionsDir = ACTIONS) {
  if (!existsSync(actionsDir)) return [];
  return readdirSync(actionsDir, { withFileTypes: true })
    .filter((d) => d.isDirectory() && existsSync(path.join(actionsDir, d.name, 'main.ts')))
    .map((d) => d.name)
    .sort();
}

/** The entry of one action: index.ts (which only calls run()), else main.ts. */
function entryOf(name) {
  const index = path.join(ACTIONS, name, 'index.ts');
  return existsSync(index) ? index : path.join(ACTIONS, name, 'main.ts');
}

/**
 * Builds every action; returns the written bundle paths.
 *
 * @example await buildActions({ outdir: '/tmp/check' }) // ['/tmp/check/plan/dist/index.js', ...]
 */
export async function buildActions({ outdir = ACTIONS } = {}) {
  const written = [];
  for (const name of actionNames()) {
    const distDir = path.join(outdir, name, 'dist');
    const outfile = path.join(distDir, 'index.js');
    // Chunks are named by content: a stale one from an earlier build must not linger beside the new.
    await rm(distDir, { recursive: true, force: true });
    await mkdir(distDir, { recursive: true });
    await build({
      // Paths in the bundle's `// node_modules/...` comments are relative to this, not to the
      // caller's cwd: fixing it keeps the bytes the same from any directory.
      absWorkingDir: ROOT,
      entryPoints: { index: entryOf(name) },
      outdir: distDir,
      ...NODE_BUNDLE_OPTIONS,
      // Half the bytes to parse at start-up; the bundles are built and checked, never read or edited.
      minify: true,
    });
    await writeFile(path.join(distDir, 'package.json'), DIST_PACKAGE_JSON);
    written.push(outfile);
  }
  return written;
}

function parseArgs(argv) {
  const out = {};
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--outdir') {
      const v = argv[++i];
      if (!v) throw new Error('--outdir needs a directory: node scripts/build-actions.mjs --outdir /tmp/dist-check');
      out.outdir = path.resolve(v);
    } else if (a.startsWith('--outdir=')) {
      out.outdir = path.resolve(a.slice('--outdir='.length));
    } else {
      throw new Error(`unknown argument ${a}: the only option is --outdir <dir>`);
    }
  }
  return out;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  try {
    const written = await buildActions(parseArgs(process.argv.slice(2)));
    for (const f of written) process.stdout.write(`built ${path.relative(process.cwd(), f) || f}\n`);
    if (written.length === 0) process.stdout.write('no actions/<name>/main.ts found: nothing to build\n');
  } catch (e) {
    process.stderr.write(`build-actions: ${e instanceof Error ? e.message : String(e)}\n`);
    process.exitCode = 1;
  }
}
