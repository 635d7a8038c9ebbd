import { afterEach, describe, expect, it } from 'vitest';
import { systemClock } from '../../src/clock.js';
import { createSimProvider, simulateManualChange } from '../../src/cloud/sim/index.js';
import { parseEngineSettings } from '../../src/engine/engine-settings.js';
import { openQuartermaster } from '../../src/engine/open-quartermaster.js';
import type { FakeGitHub } from '../support/fake-github.js';
import { loadWebhookExample } from '../support/run-action.js';
import { BUNDLES, type Workspace, exampleWorkspace, fakeGitHub, runBundle } from './action-fixture.js';

let gh: FakeGitHub | undefined;
afterEach(async () => {
  await gh?.close();
  gh = undefined;
});

/** The facade on the workspace's sim fleet, as an operator at the command line would have it. */
function operator(ws: Workspace) {
  const sim = createSimProvider({ statePath: ws.env.QM_SIM_STATE!, clock: systemClock });
  return { sim, qm: openQuartermaster({ settings: parseEngineSettings({ ...ws.env, QM_DATABASE_URL: 'memory:' }, { dir: ws.dir }), provider: sim }) };
}

const schedule = () => ({ eventName: 'schedule', event: loadWebhookExample('schedule') });

describe('actions/drift on a schedule, run as the runner runs it', () => {
  it('opens one qm-drift issue for the environment changed by hand, updates it while drift lasts, and closes it when gone', async () => {
    const ws = await exampleWorkspace();
    const { sim, qm } = operator(ws);
    for (const env of ['dev', 'staging', 'prod']) {
      expect((await qm.apply({ envs: [env], actor: 'github:alice-ops#583231', door: 'cli', command: 'apply', reason: 'setup', holder: 'test' })).status).toBe('applied');
    }
    const bastion = (await qm.plan({ envs: ['prod'] })).actions.find((a) => a.resource.name === 'bastion')!.resource.physicalId!;
    simulateManualChange(sim, { kind: 'instance-type', instanceId: bastion, instanceType: 't3.large' });
    gh = await fakeGitHub({});

    const first = await runBundle(BUNDLES.drift, ws, gh, schedule());
    expect(first.exitCode, first.stdout + first.stderr).toBe(0);
    expect(first.outputs.drifted).toBe('prod');
    const issues = [...gh.state.issues.values()];
    expect(issues).toHaveLength(1);
    expect(issues[0]).toMatchObject({ state: 'open', labels: ['qm-drift'] });
    expect(issues[0]!.title).toContain('prod');
    expect(issues[0]!.body).toContain('t3.large');
    expect(first.summary).toMatch(/prod\**: drift/);

    const second = await runBundle(BUNDLES.drift, ws, gh, schedule());
    expect(second.exitCode).toBe(0);
    expect(gh.state.issues.size).toBe(1);
    expect(gh.requests.filter((r) => r.method === 'PATCH' && /\/issues\/\d+$/.test(r.pathname))).toHaveLength(1);

    // Put it back (an apply: a prod resize, so a second SRE approves), and the next check closes the issue with a comment.
    const revert = await qm.apply({ envs: ['prod'], actor: 'github:alice-ops#583231', door: 'cli', command: 'apply', reason: 'revert', holder: 'test', approvedBy: ['slack:U034FGHIJ'] });
    expect(revert.status).toBe('applied');
    await qm.close();
    const third = await runBundle(BUNDLES.drift, ws, gh, schedule());
    expect(third.exitCode, third.stdout).toBe(0);
    expect(third.outputs.drifted).toBe('');
    const closed = gh.state.issues.get(issues[0]!.number)!;
    expect(closed.state).toBe('closed');
    expect(gh.commentsOn(closed.number).at(-1)?.body).toMatch(/No drift in \*\*prod\*\*.*matches the definitions again/);
    expect(gh.unexpected()).toEqual([]);
  }, 180_000); // three environments applied on the sim and three action runs: slow on a loaded machine
});
