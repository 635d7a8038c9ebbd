import { build } from 'esbuild';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inputEnvName, loadWebhookExample, parseFileCommands, parseWorkflowCommands, retargetPayload, runAction } from './run-action.js';

/** The harness proven on a throwaway action bundled the way scripts/build-actions.mjs bundles. */

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

const ACTION_YML = `name: probe
description: a throwaway action for the harness test
inputs:
  who: { description: whom to greet, required: true }
  github-token:
    description: token
    default: \${{ github.token }}
  fail: { description: fail the step, default: 'false' }
outputs:
  greeting: { description: greeting }
runs:
  using: node24
  main: dist/index.js
`;

const MAIN = `
import * as core from '@actions/core';
import * as github from '@actions/github';

const token = core.getInput('github-token', { required: true });
core.setSecret(token);
core.setOutput('greeting', 'hello ' + core.getInput('who'));
core.setOutput('multi', 'line1\\nline2');
core.setOutput('event', [github.context.eventName, github.context.payload.pull_request?.number, github.context.repo.owner, github.context.repo.repo].join(' '));
core.setOutput('token', token === '' ? 'missing' : token.slice(0, 4));
core.setOutput('api', github.context.apiUrl);
core.setOutput('leak', process.env.QM_HARNESS_LEAK ?? 'absent');
core.setOutput('cwd', process.cwd());
core.error('bad value: 50%, a:b\\nnext line', { file: 'environments/prod, web.yml', startLine: 7, startColumn: 18, title: 'Definition' });
core.warning('careful');
core.notice('fyi', { file: 'policy.yml', startLine: 2 });
core.exportVariable('QM_EXPORTED', 'y');
await core.summary.addHeading('Plan').addRaw('1 to add').write();
if (core.getInput('fail') === 'true') core.setFailed('boom');
`;

let dir = '';
let bundle = '';

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'qm-probe-action-'));
  await writeFile(path.join(dir, 'action.yml'), ACTION_YML);
  await writeFile(path.join(dir, 'main.js'), MAIN);
  await mkdir(path.join(dir, 'dist'));
  await writeFile(path.join(dir, 'dist', 'package.json'), '{"type":"module"}\n');
  bundle = path.join(dir, 'dist', 'index.js');
  await build({
    entryPoints: [path.join(dir, 'main.js')],
    outfile: bundle,
    bundle: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    nodePaths: [path.join(ROOT, 'node_modules')],
    banner: { js: "import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);" },
    logLevel: 'error',
  });
});

afterAll(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('runAction', () => {
  it('runs a bundled action with inputs, event, outputs, summary and annotations', async () => {
    process.env.QM_HARNESS_LEAK = 'from the parent';
    const payload = retargetPayload(loadWebhookExample('pull_request', (p) => p.action === 'opened'), { repository: 'acme/fleet' });
    payload.pull_request.number = 42;
    try {
      const run = await runAction({ bundle, inputs: { who: 'fleet' }, eventName: 'pull_request', eventPayload: payload, apiUrl: 'http://127.0.0.1:1' });
      expect(run.stderr).toBe('');
      expect(run.exitCode).toBe(0);
      expect(run.outputs).toMatchObject({
        greeting: 'hello fleet',
        multi: 'line1\nline2',
        event: 'pull_request 42 acme fleet',
        // The action.yml default `${{ github.token }}` reached the hyphenated INPUT_GITHUB-TOKEN.
        token: 'ghs_',
        api: 'http://127.0.0.1:1',
        leak: 'absent',
      });
      expect(run.summary).toBe('<h1>Plan</h1>\n1 to add');
      expect(run.annotations).toEqual([
        { level: 'error', message: 'bad value: 50%, a:b\nnext line', file: 'environments/prod, web.yml', line: 7, col: 18, title: 'Definition' },
        { level: 'warning', message: 'careful' },
        { level: 'notice', message: 'fyi', file: 'policy.yml', line: 2 },
      ]);
      expect(run.masks).toEqual(['ghs_harnessToken0000000000000000000000']);
      expect(run.exportedEnv).toEqual({ QM_EXPORTED: 'y' });
      expect(run.firstOutputMs).toBeGreaterThan(0);
      expect(run.durationMs).toBeGreaterThanOrEqual(run.firstOutputMs ?? 0);
    } finally {
      delete process.env.QM_HARNESS_LEAK;
    }
  });

  it('passes a hyphenated input given explicitly, and reports a failed step', async () => {
    const workspace = await mkdtemp(path.join(os.tmpdir(), 'qm-ws-'));
    try {
      const run = await runAction({ bundle, inputs: { who: 'x', 'github-token': 'tok-given', fail: 'true' }, cwd: workspace });
      expect(run.exitCode).toBe(1);
      expect(run.outputs.token).toBe('tok-');
      expect(run.outputs.cwd).toBe(workspace);
      expect(run.outputs.event).toBe('workflow_dispatch  acme fleet');
      expect(run.annotations.at(-1)).toEqual({ level: 'error', message: 'boom' });
    } finally {
      await rm(workspace, { recursive: true, force: true });
    }
  });

  it('fails a required input that is missing, as the toolkit does', async () => {
    const run = await runAction({ bundle, actionYml: false, inputs: { who: 'x' } });
    expect(run.exitCode).toBe(1);
    expect(run.stderr).toContain('Input required and not supplied: github-token');
  });

  it('kills an action that outlives its timeout', async () => {
    const hang = path.join(dir, 'dist', 'hang.js');
    await writeFile(hang, 'setInterval(() => {}, 1000);\n');
    await expect(runAction({ bundle: hang, timeoutMs: 300 })).rejects.toThrow(/still running after 300 ms/);
  });
});

describe('workflow command parsing', () => {
  it.each([
    ['KEY=v', { KEY: 'v' }],
    ['a=1=2\n', { a: '1=2' }],
    ['m<<ghadelimiter_1\nx\n\ny\nghadelimiter_1\n', { m: 'x\n\ny' }],
    ['a=1\na=2\n', { a: '2' }],
    ['e<<D\n\nD\n', { e: '' }],
  ])('file commands %j', (text, expected) => {
    expect(parseFileCommands(text)).toEqual(expected);
  });

  it('rejects an unterminated block rather than guessing', () => {
    expect(() => parseFileCommands('m<<EOF\nx\n')).toThrow(/closing delimiter/);
  });

  it('decodes %25 last, so an escaped "%0A" stays literal', () => {
    expect(parseWorkflowCommands('::warning file=a%252Cb::100%250A').annotations).toEqual([{ level: 'warning', file: 'a%2Cb', message: '100%0A' }]);
  });

  it('ignores ordinary lines and other commands', () => {
    expect(parseWorkflowCommands('hello\n::debug::x\n::group::g\n::endgroup::').annotations).toEqual([]);
  });

  it('names inputs as the runner does', () => {
    expect(inputEnvName('github-token')).toBe('INPUT_GITHUB-TOKEN');
    expect(inputEnvName('my input')).toBe('INPUT_MY_INPUT');
  });
});

describe('loadWebhookExample', () => {
  it('returns real payloads, deep-copied', () => {
    const review = loadWebhookExample('pull_request_review', (p) => p.action === 'submitted');
    expect(review.review.state).toMatch(/^(approved|commented|changes_requested)$/i);
    const a = loadWebhookExample('push', (p) => p.ref.startsWith('refs/heads/'));
    a.after = 'changed';
    expect(loadWebhookExample('push', (p) => p.ref.startsWith('refs/heads/')).after).toMatch(/^[0-9a-f]{40}$/);
    expect(loadWebhookExample('pull_request', (p) => p.action === 'synchronize').pull_request.head.sha).toMatch(/^[0-9a-f]{40}$/);
    expect(loadWebhookExample('schedule')).toEqual({ schedule: '17 6 * * *' });
  });

  it('says so when nothing matches', () => {
    expect(() => loadWebhookExample('push', () => false)).toThrow(/no push example matches/);
  });

  it('retargets a payload at another repository', () => {
    const p = retargetPayload(loadWebhookExample('pull_request', (x) => x.action === 'opened'), { repository: 'acme/fleet' });
    expect(p.repository).toMatchObject({ full_name: 'acme/fleet', name: 'fleet', owner: { login: 'acme' } });
    expect(p.pull_request.url).toContain('/repos/acme/fleet/pulls/');
  });
});
