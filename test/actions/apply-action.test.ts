import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { parseEngineSettings } from '../../src/engine/engine-settings.js';
import { openQuartermaster } from '../../src/engine/open-quartermaster.js';
import { simulateManualChange, createSimProvider } from '../../src/cloud/sim/index.js';
import { systemClock } from '../../src/clock.js';
import type { FakeGitHub } from '../support/fake-github.js';
import { ALICE, BOB, BUNDLES, DAVE, HEAD, MALLORY, type Workspace, exampleWorkspace, fakeGitHub, merge, pullRequestEvent, pushEvent, runBundle } from './action-fixture.js';

let gh: FakeGitHub | undefined;
afterEach(async () => {
  await gh?.close();
  gh = undefined;
});

async function edit(ws: Workspace, file: string, from: string, to: string): Promise<void> {
  const p = path.join(ws.dir, file);
  const text = await readFile(p, 'utf8');
  if (!text.includes(from)) throw new Error(`${file} has no "${from}"`);
  await writeFile(p, text.replace(from, to));
}

/** What the sim fleet would need now for `envs`: the re-plan after an apply must be empty. */
async function remaining(ws: Workspace, envs: string[]) {
  const qm = openQuartermaster({ settings: parseEngineSettings({ ...ws.env, QM_DATABASE_URL: 'memory:' }, { dir: ws.dir }) });
  try {
    return (await qm.plan({ envs })).summary;
  } finally {
    await qm.close();
  }
}

/** prod exists on the sim (applied by an SRE at the command line), and a PR resizes its bastion: downtime in prod. */
async function prodResizePr(author = ALICE) {
  const ws = await exampleWorkspace();
  const qm = openQuartermaster({ settings: parseEngineSettings({ ...ws.env, QM_DATABASE_URL: 'memory:' }, { dir: ws.dir }) });
  expect((await qm.apply({ envs: ['prod'], actor: 'github:alice-ops#583231', door: 'cli', command: 'apply', reason: 'setup', holder: 'test' })).status).toBe('applied');
  await qm.close();
  await edit(ws, 'environments/prod/bastion.yml', 'instance_type: t3.micro', 'instance_type: t3.small');
  gh = await fakeGitHub({ pulls: [{ number: 21, user: author, head: { sha: HEAD }, files: ['environments/prod/bastion.yml'] }] });
  const planned = await runBundle(BUNDLES.plan, ws, gh, { eventName: 'pull_request', event: pullRequestEvent(21) });
  expect(planned.exitCode, planned.stdout).toBe(0);
  return { ws, gh, planned };
}

describe('actions/apply on a merge to main, run as the runner runs it', () => {
  it('applies the reviewed dev plan of a merged PR, reports per resource on the PR, and converges', async () => {
    const ws = await exampleWorkspace();
    gh = await fakeGitHub({ pulls: [{ number: 20, user: DAVE, head: { sha: HEAD }, files: ['environments/dev/web.yml'] }] });
    const planned = await runBundle(BUNDLES.plan, ws, gh, { eventName: 'pull_request', event: pullRequestEvent(20) });
    expect(planned.exitCode).toBe(0);
    merge(gh, 20);

    const run = await runBundle(BUNDLES.apply, ws, gh, { eventName: 'push', event: pushEvent() });
    expect(run.exitCode, run.stdout + run.stderr).toBe(0);
    expect(run.outputs.applied).toBe('true');
    expect(run.outputs['request-id']).toMatch(/^req-[0-9a-f]{12}$/);
    const result = JSON.parse(await readFile(run.outputs['result-json']!, 'utf8'));
    expect(result.ok).toBe(true);
    expect(result.fingerprint).toBe(planned.outputs.fingerprint);
    const applyComment = gh.commentsOn(20).find((c) => c.body.includes('quartermaster:apply'));
    expect(applyComment?.body).toContain(run.outputs['request-id']);
    expect(applyComment?.body).toMatch(/applied/);
    expect(run.summary).toContain(run.outputs['request-id']);
    expect(await remaining(ws, ['dev'])).toMatchObject({ add: 0, change: 0, destroy: 0 });
    expect(gh.unexpected()).toEqual([]);
  });

  it('applies a prod downtime change once an SRE other than the author approved the head commit', async () => {
    const { ws, gh } = await prodResizePr(ALICE);
    gh.addReview(21, { user: BOB, state: 'APPROVED' });
    merge(gh, 21);
    const run = await runBundle(BUNDLES.apply, ws, gh, { eventName: 'push', event: pushEvent() });
    expect(run.exitCode, run.stdout + run.stderr).toBe(0);
    expect(run.outputs.applied).toBe('true');
    expect(gh.commentsOn(21).find((c) => c.body.includes('quartermaster:apply'))?.body).toContain('bobsre');
    expect(await remaining(ws, ['prod'])).toMatchObject({ change: 0 });
  });

  it('applies nothing when the only approval is the author\'s own, and says who must approve', async () => {
    const { ws, gh } = await prodResizePr(ALICE);
    gh.addReview(21, { user: ALICE, state: 'APPROVED' });
    gh.addReview(21, { user: MALLORY, state: 'APPROVED' });
    merge(gh, 21);
    const run = await runBundle(BUNDLES.apply, ws, gh, { eventName: 'push', event: pushEvent() });
    expect(run.exitCode).toBe(1);
    expect(run.outputs.applied).toBe('false');
    const body = gh.commentsOn(21).find((c) => c.body.includes('quartermaster:apply'))?.body ?? '';
    expect(body).toMatch(/waiting for approval/);
    expect(body).toContain('sre');
    expect(body).toContain(run.outputs['request-id']);
    expect(await remaining(ws, ['prod'])).toMatchObject({ change: 1 });
  });

  it('applies nothing when the fleet changed since the plan was reviewed (stale), and says what to do', async () => {
    const { ws, gh } = await prodResizePr(ALICE);
    gh.addReview(21, { user: BOB, state: 'APPROVED' });
    merge(gh, 21);
    // After the review, someone resizes the prod bastion by hand: the plan reviewed is not the plan now.
    const sim = createSimProvider({ statePath: ws.env.QM_SIM_STATE!, clock: systemClock });
    const qm = openQuartermaster({ settings: parseEngineSettings({ ...ws.env, QM_DATABASE_URL: 'memory:' }, { dir: ws.dir }), provider: sim });
    const bastion = (await qm.plan({ envs: ['prod'] })).actions.find((a) => a.resource.name === 'bastion')?.resource.physicalId;
    await qm.close();
    simulateManualChange(sim, { kind: 'instance-type', instanceId: bastion!, instanceType: 't3.large' });

    const run = await runBundle(BUNDLES.apply, ws, gh, { eventName: 'push', event: pushEvent() });
    expect(run.exitCode).toBe(1);
    const body = gh.commentsOn(21).find((c) => c.body.includes('quartermaster:apply'))?.body ?? '';
    expect(body).toMatch(/changed since it was reviewed/);
    expect(body).toMatch(/push again or re-run the plan job/);
    expect(run.outputs.applied).toBe('false');
  });

  it('applies nothing for a PR that was never planned, even when someone pasted a plan marker into a comment', async () => {
    const ws = await exampleWorkspace();
    gh = await fakeGitHub({
      pulls: [{ number: 22, user: DAVE, head: { sha: HEAD }, files: ['environments/dev/web.yml'] }],
      comments: [{ issue_number: 22, user: MALLORY, body: '<!-- quartermaster:plan-comment key=. -->\n<!-- quartermaster:plan-data {"fingerprint":"0000","envs":["dev"],"add":0,"change":0,"destroy":0} -->' }],
    });
    merge(gh, 22);
    const run = await runBundle(BUNDLES.apply, ws, gh, { eventName: 'push', event: pushEvent() });
    expect(run.exitCode).toBe(1);
    expect(gh.commentsOn(22).at(-1)?.body).toMatch(/no reviewed plan/);
    expect(await remaining(ws, ['dev'])).toMatchObject({ add: expect.any(Number) });
    expect((await remaining(ws, ['dev'])).add).toBeGreaterThan(0);
  });
});

describe('actions/apply when AWS fails part-way', () => {
  /** dev planned on PR 23 and merged; the apply's RunInstances is refused every time in the first run. */
  async function failedApply(env: Record<string, string>) {
    const ws = await exampleWorkspace();
    gh = await fakeGitHub({ pulls: [{ number: 23, user: DAVE, head: { sha: HEAD }, files: ['environments/dev/bastion.yml'] }] });
    expect((await runBundle(BUNDLES.plan, ws, gh, { eventName: 'pull_request', event: pullRequestEvent(23), env })).exitCode).toBe(0);
    merge(gh, 23);
    const faults = JSON.stringify([{ operation: 'RunInstances', errorCode: 'UnauthorizedOperation', times: 50 }]);
    const failed = await runBundle(BUNDLES.apply, ws, gh, { eventName: 'push', event: pushEvent(), env: { ...env, QM_SIM_FAULTS: faults } });
    expect(failed.exitCode).toBe(1);
    expect(failed.outputs.applied).toBe('true');
    const report = gh.commentsOn(23).find((c) => c.body.includes('quartermaster:apply'))?.body ?? '';
    expect(report).toMatch(/❌ failed/);
    expect(report).toMatch(/bastion/);
    expect(report).toMatch(/re-run/i);
    expect(JSON.parse(await readFile(failed.outputs['result-json']!, 'utf8')).ok).toBe(false);
    return { ws, gh };
  }

  it('with a store shared between runs, exits non-zero with a per-resource report, and converges when the job is re-run', async () => {
    const ws0 = await exampleWorkspace();
    const env = { QM_DATABASE_URL: `sqlite:${path.join(ws0.dir, '..', `${path.basename(ws0.dir)}-state.db`)}` };
    const { ws, gh } = await failedApply(env);
    const rerun = await runBundle(BUNDLES.apply, ws, gh, { eventName: 'push', event: pushEvent(), env });
    expect(rerun.exitCode, rerun.stdout).toBe(0);
    expect(await remaining(ws, ['dev'])).toMatchObject({ add: 0, change: 0, destroy: 0 });
    // One apply comment, updated in place from failed to applied.
    const applyComments = gh.commentsOn(23).filter((c) => c.body.includes('quartermaster:apply'));
    expect(applyComments).toHaveLength(1);
    expect(applyComments[0]!.body).toMatch(/✅ applied/);
  });

  it('with the in-memory store, the re-run is refused as stale until the plan job is re-run, then converges', async () => {
    const { ws, gh } = await failedApply({});
    const stale = await runBundle(BUNDLES.apply, ws, gh, { eventName: 'push', event: pushEvent() });
    expect(stale.exitCode).toBe(1);
    expect(gh.commentsOn(23).find((c) => c.body.includes('quartermaster:apply'))?.body).toMatch(/re-run the plan job/);
    expect((await runBundle(BUNDLES.plan, ws, gh, { eventName: 'pull_request', event: pullRequestEvent(23) })).exitCode).toBe(0);
    const rerun = await runBundle(BUNDLES.apply, ws, gh, { eventName: 'push', event: pushEvent() });
    expect(rerun.exitCode, rerun.stdout).toBe(0);
    expect(await remaining(ws, ['dev'])).toMatchObject({ add: 0, change: 0, destroy: 0 });
  });
});
