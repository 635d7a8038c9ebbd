import { afterEach, describe, expect, it } from 'vitest';
import type { FakeGitHub } from '../support/fake-github.js';
import { BUNDLES, DAVE, HEAD, exampleWorkspace, fakeGitHub, pullRequestEvent, runBundle } from './action-fixture.js';

let gh: FakeGitHub | undefined;
afterEach(async () => {
  await gh?.close();
  gh = undefined;
});

describe('the root action (command: plan | apply | drift) over the same bundles', () => {
  it('runs the plan with command: plan, and honours comment: new and comment: off', async () => {
    const ws = await exampleWorkspace();
    gh = await fakeGitHub({ pulls: [{ number: 40, user: DAVE, head: { sha: HEAD }, files: ['environments/dev/web.yml'] }] });
    const run = await runBundle(BUNDLES.root, ws, gh, { eventName: 'pull_request', event: pullRequestEvent(40), inputs: { command: 'plan' } });
    expect(run.exitCode, run.stdout + run.stderr).toBe(0);
    expect(run.outputs['has-changes']).toBe('true');
    expect(gh.commentsOn(40)).toHaveLength(1);

    await runBundle(BUNDLES.root, ws, gh, { eventName: 'pull_request', event: pullRequestEvent(40), inputs: { command: 'plan', comment: 'new' } });
    expect(gh.commentsOn(40)).toHaveLength(2);
    const off = await runBundle(BUNDLES.root, ws, gh, { eventName: 'pull_request', event: pullRequestEvent(40), inputs: { command: 'plan', comment: 'off' } });
    expect(off.exitCode).toBe(0);
    expect(gh.commentsOn(40)).toHaveLength(2);
    expect(off.summary).toMatch(/dev\**: \d+ to add/);
  });

  it('fails with the commands it knows when command is wrong, touching nothing', async () => {
    const ws = await exampleWorkspace();
    gh = await fakeGitHub({});
    const run = await runBundle(BUNDLES.root, ws, gh, { eventName: 'pull_request', event: pullRequestEvent(41), inputs: { command: 'destroy' } });
    expect(run.exitCode).toBe(1);
    expect(run.annotations[0]?.message).toMatch(/command input "destroy" is not one of plan, apply, drift/);
    expect(gh.requests).toEqual([]);
  });

  it('says which event it needs when the plan runs outside a pull request', async () => {
    const ws = await exampleWorkspace();
    gh = await fakeGitHub({});
    const run = await runBundle(BUNDLES.plan, ws, gh, { eventName: 'push', event: { ref: 'refs/heads/main' } });
    expect(run.exitCode).toBe(1);
    expect(run.annotations[0]?.message).toMatch(/QM_CONFIG_INVALID.*the push event has no pull request.*pull_request/);
    expect(run.stdout).not.toMatch(/\n\s+at /);
  });
});
