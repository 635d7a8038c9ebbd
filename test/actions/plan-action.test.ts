import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { FakeGitHub } from '../support/fake-github.js';
import { ALICE, BOB, BUNDLES, DAVE, HEAD, exampleWorkspace, fakeGitHub, pullRequestEvent, runBundle } from './action-fixture.js';

let gh: FakeGitHub | undefined;
afterEach(async () => {
  await gh?.close();
  gh = undefined;
});

const MARKER = '<!-- quartermaster:plan-comment';

describe('actions/plan, run as the runner runs it', () => {
  it('plans only the environment the PR touches, posts one sticky comment, then updates it in place', async () => {
    const ws = await exampleWorkspace();
    gh = await fakeGitHub({ pulls: [{ number: 7, user: DAVE, head: { sha: HEAD }, files: ['environments/dev/web.yml', 'environments/dev/worker.yml'] }] });
    const run = await runBundle(BUNDLES.plan, ws, gh, { eventName: 'pull_request', event: pullRequestEvent(7, HEAD, 'opened') });
    expect(run.exitCode, run.stdout + run.stderr).toBe(0);
    expect(run.outputs['has-changes']).toBe('true');
    expect(Number(run.outputs['to-add'])).toBeGreaterThan(0);
    expect(run.outputs.fingerprint).toMatch(/^[0-9a-f]{64}$/);
    const plan = JSON.parse(await readFile(run.outputs['plan-json']!, 'utf8'));
    expect(plan.envs).toEqual(['dev']);
    expect(plan.fingerprint).toBe(run.outputs.fingerprint);

    const comments = gh.commentsOn(7);
    expect(comments).toHaveLength(1);
    const body = comments[0]!.body;
    expect(body).toContain(MARKER);
    expect(body).toMatch(/dev\**: \d+ to add, 0 to change, 0 to destroy/);
    expect(body).not.toMatch(/prod\**:/);
    expect(body).toContain(run.outputs.fingerprint!.slice(0, 12));
    expect(run.summary).toMatch(/dev\**: \d+ to add/);
    // Dev is self-service for developers: no approval needed, so the gate says so on the head commit.
    const status = gh.state.statuses.find((s) => s.sha === HEAD && s.context === 'quartermaster/gate');
    expect(status).toMatchObject({ state: 'success' });

    const again = await runBundle(BUNDLES.plan, ws, gh, { eventName: 'pull_request', event: pullRequestEvent(7) });
    expect(again.exitCode, again.stdout).toBe(0);
    expect(gh.commentsOn(7)).toHaveLength(1);
    expect(gh.requests.filter((r) => r.method === 'PATCH' && r.pathname.includes('/issues/comments/'))).toHaveLength(1);
    expect(gh.unexpected()).toEqual([]);
  });

  it('turns a broken definition into an annotation at file and line, lists it on the PR, and fails', async () => {
    const ws = await exampleWorkspace();
    const web = path.join(ws.dir, 'environments/prod/web.yml');
    await writeFile(web, (await readFile(web, 'utf8')).replace(/instance_type: (\S+)/, 'instance_type: t3.mirco'));
    gh = await fakeGitHub({ pulls: [{ number: 8, user: DAVE, head: { sha: HEAD }, files: ['environments/prod/web.yml'] }] });
    const run = await runBundle(BUNDLES.plan, ws, gh, { eventName: 'pull_request', event: pullRequestEvent(8) });
    expect(run.exitCode).toBe(1);
    const error = run.annotations.find((a) => a.level === 'error' && a.file === 'environments/prod/web.yml');
    expect(error?.line).toBeGreaterThan(0);
    expect(error?.message).toContain('did you mean');
    const body = gh.commentsOn(8)[0]?.body ?? '';
    expect(body).toContain('environments/prod/web.yml:');
    expect(body).toContain('t3.mirco');
    expect(gh.state.statuses.at(-1)).toMatchObject({ context: 'quartermaster/gate', state: 'failure' });
  });

  it('says a prod change needs an SRE, and turns the status green once one approves the head commit', async () => {
    const ws = await exampleWorkspace();
    const bastion = path.join(ws.dir, 'environments/prod/bastion.yml');
    // First make prod exist, then resize the bastion: a downtime change in prod.
    gh = await fakeGitHub({ pulls: [{ number: 9, user: ALICE, head: { sha: HEAD }, files: ['environments/prod/bastion.yml'] }] });
    const { openQuartermaster } = await import('../../src/engine/open-quartermaster.js');
    const { parseEngineSettings } = await import('../../src/engine/engine-settings.js');
    const qm = openQuartermaster({ settings: parseEngineSettings({ ...ws.env, QM_DATABASE_URL: 'memory:' }, { dir: ws.dir }) });
    expect((await qm.apply({ envs: ['prod'], actor: 'github:alice-ops#583231', door: 'cli', command: 'apply', reason: 'setup', holder: 'test' })).status).toBe('applied');
    await qm.close();
    await writeFile(bastion, (await readFile(bastion, 'utf8')).replace('instance_type: t3.micro', 'instance_type: t3.small'));

    const asked = await runBundle(BUNDLES.plan, ws, gh, { eventName: 'pull_request', event: pullRequestEvent(9) });
    expect(asked.exitCode, asked.stdout).toBe(0);
    expect(gh.state.statuses.at(-1)).toMatchObject({ state: 'pending', description: 'needs 1 approval from sre' });
    expect(gh.commentsOn(9)[0]?.body).toMatch(/sre/);

    // Alice cannot approve her own change; Bob (sre) can.
    gh.addReview(9, { user: ALICE, state: 'APPROVED' });
    gh.addReview(9, { user: BOB, state: 'APPROVED' });
    const review = { ...(pullRequestEvent(9) as object), action: 'submitted', review: { state: 'approved' } };
    const reviewed = await runBundle(BUNDLES.plan, ws, gh, { eventName: 'pull_request_review', event: review });
    expect(reviewed.exitCode, reviewed.stdout).toBe(0);
    expect(gh.state.statuses.at(-1)).toMatchObject({ state: 'success', description: expect.stringContaining('approved') });
    expect(gh.commentsOn(9)).toHaveLength(1);
  });
});

describe('actions/plan on a plan too large for one comment', () => {
  it('posts a compact comment under 65,536 characters for 10,000 changes, the plan cut to 1 MiB in the job summary, and all of it in the JSON plan', async () => {
    const ws = await exampleWorkspace();
    const lines = ['resources:'];
    for (let i = 0; i < 10_000; i++) {
      const hex = i.toString(16).padStart(12, '0');
      // A tag of its own each: 10,000 alike creates would be one grouped entry, not a plan too large.
      lines.push(`  - kind: instance`, `    name: app-${i}`, `    uuid: 00000000-0000-4000-8000-${hex}`, `    instance_type: t3.micro`, `    ami: ami-0abcdef1234567890`, `    tags: { slot: "${i}" }`);
    }
    await writeFile(path.join(ws.dir, 'environments/dev/apps.yml'), `${lines.join('\n')}\n`);
    gh = await fakeGitHub({ pulls: [{ number: 10, user: DAVE, head: { sha: HEAD }, files: ['environments/dev/apps.yml'] }] });
    const run = await runBundle(BUNDLES.plan, ws, gh, { eventName: 'pull_request', event: pullRequestEvent(10) });
    expect(run.exitCode, run.stdout + run.stderr).toBe(0);
    expect(Number(run.outputs['to-add'])).toBeGreaterThanOrEqual(10_000);
    const body = gh.commentsOn(10)[0]!.body;
    expect([...body].length).toBeLessThanOrEqual(65_536);
    expect(body).toMatch(/job summary/);
    expect(Buffer.byteLength(run.summary)).toBeLessThanOrEqual(1_048_576);
    // 10,000 creates are more than 1 MiB of markdown: the summary is cut with a note, and the
    // JSON plan (an output) holds every action.
    expect(run.summary).toMatch(/changes not shown: the job summary would pass GitHub's 1 MiB limit/);
    const plan = JSON.parse(await readFile(run.outputs['plan-json']!, 'utf8'));
    expect(plan.actions.filter((a: { resource: { name: string } }) => a.resource.name.startsWith('app-'))).toHaveLength(10_000);
  }, 120_000);
});

describe('actions/plan when a PR deletes an environment directory', () => {
  it('plans what is still defined and warns about the environment that is gone, leaving its resources alone', async () => {
    const ws = await exampleWorkspace();
    // The PR removed environments/sandbox/ (no policy names it) and changed dev.
    gh = await fakeGitHub({ pulls: [{ number: 11, user: DAVE, head: { sha: HEAD }, files: [{ filename: 'environments/sandbox/web.yml', status: 'removed' }, 'environments/dev/web.yml'] }] });
    const run = await runBundle(BUNDLES.plan, ws, gh, { eventName: 'pull_request', event: pullRequestEvent(11) });
    expect(run.exitCode, run.stdout).toBe(0);
    expect(run.annotations).toContainEqual(expect.objectContaining({ level: 'warning', message: expect.stringContaining('Environment sandbox is no longer defined') }));
    expect(JSON.parse(await readFile(run.outputs['plan-json']!, 'utf8')).envs).toEqual(['dev']);
  });
});
