import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
// @ts-expect-error: a plain .mjs build script, without type declarations.
import { buildCli } from '../../scripts/build-cli.mjs';
import { EXAMPLE_FLEET } from './run-qm.js';

const run = promisify(execFile);

/**
 * The bundled CLI (what bin/qm.js runs), built fresh into a temporary directory: it starts, and
 * `qm --help` and `qm validate` load no AWS SDK, database driver or other module they do not use
 * (issue 9: start-up). Modules are seen through a loader hook that logs every URL Node loads.
 */
let dir: string;
let bundle: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'qm-bundle-'));
  bundle = (await buildCli({ outdir: path.join(dir, 'build', 'cli', 'bundle') })) as string;
  await writeFile(
    path.join(dir, 'log-loads.mjs'),
    `import { appendFileSync } from 'node:fs';\nexport async function load(url, context, next) { appendFileSync(${JSON.stringify(path.join(dir, 'loads.log'))}, url + '\\n'); return next(url, context); }\n`,
  );
}, 120_000);
afterAll(async () => rm(dir, { recursive: true, force: true }));

async function qm(args: string[]): Promise<{ code: number; stdout: string; stderr: string; loaded: string[] }> {
  const log = path.join(dir, 'loads.log');
  await rm(log, { force: true });
  const register = `import { register } from 'node:module'; register(${JSON.stringify(pathToFileURL(path.join(dir, 'log-loads.mjs')).href)});`;
  const script = `const m = await import(${JSON.stringify(pathToFileURL(bundle).href)}); process.exitCode = await m.main(${JSON.stringify(args)}, process.env, await m.processIo());`;
  const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1' };
  delete env.QM_PROVIDER;
  try {
    const r = await run(process.execPath, ['--import', `data:text/javascript,${encodeURIComponent(register)}`, '--input-type=module', '-e', script], { env, timeout: 60_000 });
    return { code: 0, stdout: r.stdout, stderr: r.stderr, loaded: await loads(log) };
  } catch (e) {
    const f = e as { code: number; stdout: string; stderr: string };
    return { code: f.code, stdout: f.stdout, stderr: f.stderr, loaded: await loads(log) };
  }
}

async function loads(log: string): Promise<string[]> {
  return (await readFile(log, 'utf8').catch(() => '')).split('\n').filter(Boolean);
}

const HEAVY = /@aws-sdk|@smithy|better-sqlite3|[/\\]pg[/\\]|sql-wasm|sql\.js|pglite|@slack|probot|chunks[/\\]aws-/;

describe('the bundled qm', () => {
  it('prints its help without loading the AWS SDK or any database driver', async () => {
    const r = await qm(['--help']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('Usage: qm');
    expect(r.loaded.some((u) => u.endsWith('/qm.js')), 'the hook saw the bundle load').toBe(true);
    expect(r.loaded.filter((u) => HEAVY.test(u))).toEqual([]);
  }, 90_000);

  it('validates the example without loading the AWS SDK or any database driver', async () => {
    const r = await qm(['--dir', EXAMPLE_FLEET, 'validate']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^Valid: \d+ resources in 3 environments/);
    expect(r.loaded.filter((u) => HEAVY.test(u))).toEqual([]);
  }, 90_000);

  it('loads the AWS SDK when the aws provider is used (the hook would see it)', async () => {
    const r = await qm(['--dir', EXAMPLE_FLEET, '--provider', 'aws', 'drift', '--env', 'dev']);
    // No endpoint or credentials here: the command fails, but only after loading the SDK chunk.
    expect(r.loaded.some((u) => /chunks[/\\]aws-/.test(u)), `${r.stderr}\n${r.loaded.join('\n')}`).toBe(true);
  }, 90_000);
});
