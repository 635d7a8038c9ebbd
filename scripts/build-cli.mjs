#!/usr/bin/env node
/**
 * Bundles the `qm` command line (src/cli/qm-entry.ts) into build/cli/bundle/ with esbuild, which
 * bin/qm.js runs.
 *
 * Why a bundle and not tsc's one file per module: Node spends most of a short command's start-up
 * resolving, reading and compiling modules, and the CLI is some three hundred of them. One file
 * (plus chunks for what loads on demand: the AWS SDK, the PostgreSQL and in-memory store drivers)
 * brings `qm --help` and `qm validate` from ~0.4 s to ~0.2 s (bench: cold-start).
 *
 * The bundle sits at the same depth as tsc's build/cli/commands/*.js did, so the paths the CLI
 * finds from its own file (examples/fleet for `qm demo`, build/bot/ for `qm bot`) resolve alike.
 *
 *   node scripts/build-cli.mjs     # writes build/cli/bundle/
 */
import { build } from 'esbuild';
import { rm } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { NODE_BUNDLE_OPTIONS } from './esbuild-node.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const CLI_BUNDLE_DIR = path.join(ROOT, 'build', 'cli', 'bundle');


export async function buildCli({ outdir = CLI_BUNDLE_DIR } = {}) {
  // Chunks are named by content: a stale one from an earlier build must not linger beside the new.
  await rm(outdir, { recursive: true, force: true });
  await build({
    absWorkingDir: ROOT,
    entryPoints: { qm: path.join(ROOT, 'src/cli/qm-entry.ts') },
    outdir,
    ...NODE_BUNDLE_OPTIONS,
    // Not minified: a fault's stack trace (printed for bugs, never for bad input) stays readable.
    minify: false,
  });
  return path.join(outdir, 'qm.js');
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  try {
    const out = await buildCli();
    process.stdout.write(`built ${path.relative(process.cwd(), out) || out}\n`);
  } catch (e) {
    process.stderr.write(`build-cli: ${e instanceof Error ? e.message : String(e)}\n`);
    process.exitCode = 1;
  }
}
