import { spawn } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { systemClock } from '../../src/clock.js';
import { createSimProvider, simulateManualChange } from '../../src/cloud/sim/index.js';
import { createApprovals, createStaticMembership, loadPolicyOrThrow } from '../../src/gates/index.js';
import { main } from '../../src/cli/main.js';
import { openStore } from '../../src/store/open-store.js';
import { ALICE, BOB, DAVE, runQm, scratchFleet } from './run-qm.js';

const MAIN = fileURLToPath(new URL('../../src/cli/main.ts', import.meta.url));

async function withStore<T>(dir: string, work: (store: Awaited<ReturnType<typeof openStore>>) => Promise<T>): Promise<T> {
  const store = await openStore(undefined, { sqlitePath: path.join(dir, '.qm', 'state.db'), clock: systemClock });
  try {
    return await work(store);
  } finally {
    await store.close();
  }
}

async function approveAs(dir: string, approver: string, requestId: string) {
  const policy = await loadPolicyOrThrow(dir);
  return withStore(dir, async (store) => {
    const approvals = createApprovals({ store, clock: systemClock, policy, membership: createStaticMembership({}) });
    const request = await approvals.get(requestId);
    return approvals.approve({ requestId, approver, door: 'cli', fingerprint: request!.fingerprint });
  });
}

async function resizeProdBastion(dir: string, type: string) {
  const file = path.join(dir, 'environments/prod/bastion.yml');
  await writeFile(file, (await readFile(file, 'utf8')).replace(/instance_type: \S+/, `instance_type: ${type}`));
}

const requestIdIn = (text: string) => /(req-[0-9a-f]{12})/.exec(text)?.[1];

/** A scratch fleet whose prod was created by an SRE (no approval needed for creates under $500/month). */
async function prodFleet() {
  const fleet = await scratchFleet();
  const r = await runQm(['apply', '--env', 'prod', '--auto-approve'], { ...fleet.env, QM_ACTOR: ALICE }, fleet.dir);
  expect(r.code, r.stderr).toBe(0);
  return fleet;
}

describe('qm apply through the approval gate', () => {
  it('refuses a developer in prod, changes nothing, and audits the refusal', async () => {
    const { dir, env } = await prodFleet();
    await resizeProdBastion(dir, 't3.small');
    const r = await runQm(['apply', '--env', 'prod', '--auto-approve'], { ...env, QM_ACTOR: DAVE }, dir);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^refused: /m);
    const refusals = await withStore(dir, (s) => s.queryAudit({ env: 'prod', kind: 'refusal' }));
    expect(refusals.map((e) => e.actor)).toContain(DAVE);
    const plan = JSON.parse((await runQm(['plan', '--env', 'prod', '--json'], env, dir)).stdout);
    expect(plan.summary.change).toBe(1);
  });

  it('waits for a second person on a prod resize, keeps the same request on a re-run, then applies once approved', async () => {
    const { dir, env } = await prodFleet();
    await resizeProdBastion(dir, 't3.small');
    const first = await runQm(['apply', '--env', 'prod', '--auto-approve'], { ...env, QM_ACTOR: ALICE }, dir);
    expect(first.code).toBe(3);
    expect(first.stderr).toMatch(/waits for approval:\n {2}1 from sre \(.*\): any of alice \(.*\), bob \(.*\), carol \(/);
    const id = requestIdIn(first.stderr)!;

    const again = await runQm(['apply', '--env', 'prod', '--auto-approve'], { ...env, QM_ACTOR: ALICE }, dir);
    expect(again.stderr).toContain(`${id} is still waiting`);

    expect(await approveAs(dir, ALICE, id)).toMatchObject({ outcome: 'refused' });
    expect(await approveAs(dir, BOB, id)).toMatchObject({ outcome: 'approved' });

    const applied = await runQm(['apply', '--env', 'prod', '--auto-approve'], { ...env, QM_ACTOR: ALICE }, dir);
    expect(applied.code, applied.stderr).toBe(0);
    expect(applied.stdout).toContain(`Request ${id}: applied.`);
    expect(applied.stdout).toContain('stop-modify-start');
    expect((await runQm(['plan', '--env', 'prod', '--detailed-exitcode'], env, dir)).code).toBe(0);
  });

  it('voids an approval when the fleet changes before apply: a new request, the old one superseded', async () => {
    const { dir, env } = await prodFleet();
    await resizeProdBastion(dir, 't3.small');
    const id = requestIdIn((await runQm(['apply', '--env', 'prod', '--auto-approve'], { ...env, QM_ACTOR: ALICE }, dir)).stderr)!;
    expect(await approveAs(dir, BOB, id)).toMatchObject({ outcome: 'approved' });

    const plan = JSON.parse((await runQm(['plan', '--env', 'prod', '--json'], env, dir)).stdout);
    const bastion = plan.actions.find((a: { resource: { name: string } }) => a.resource.name === 'bastion');
    simulateManualChange(createSimProvider({ statePath: env.QM_SIM_STATE!, clock: systemClock }), {
      kind: 'instance-type',
      instanceId: bastion.resource.physicalId,
      instanceType: 't3.large',
    });

    const r = await runQm(['apply', '--env', 'prod', '--auto-approve'], { ...env, QM_ACTOR: ALICE }, dir);
    expect(r.code).toBe(3);
    const newId = requestIdIn(r.stderr);
    expect(newId).toBeDefined();
    expect(newId).not.toBe(id);
    const old = await withStore(dir, (s) => s.getRequest(id));
    expect(old?.state).toBe('superseded');
  });

  it('answers with the holder when the environment is locked', async () => {
    const { dir, env } = await prodFleet();
    await resizeProdBastion(dir, 't3.small');
    await withStore(dir, (s) => s.acquireLock('dev', { holder: 'bot-7 pid 99', purpose: 'apply req-000000000000', ttlMs: 60_000 }));
    await writeFile(path.join(dir, 'environments/dev/bastion.yml'), (await readFile(path.join(dir, 'environments/dev/bastion.yml'), 'utf8')).replace('t3.nano', 't3.micro'));
    const r = await runQm(['apply', '--env', 'dev', '--auto-approve'], env, dir);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('dev is locked by bot-7 pid 99');
  });
});

/** `qm apply` on a terminal that answers `answer` to every question, recording the questions. */
async function applyOnTerminal(dir: string, env: Record<string, string>, answer: boolean) {
  const questions: string[] = [];
  let stdout = '';
  let stderr = '';
  const code = await main(['--dir', dir, 'apply', '--env', 'prod'], env, {
    stdout: { write: (t) => void (stdout += t), isTTY: true },
    stderr: { write: (t) => void (stderr += t), isTTY: true },
    confirm: async (q) => {
      questions.push(q);
      return answer;
    },
  });
  return { code, stdout, stderr, questions };
}

describe('qm apply checks the gate before asking "yes"', () => {
  it('refuses without asking when the policy says no', async () => {
    const { dir, env } = await prodFleet();
    await resizeProdBastion(dir, 't3.small');
    const r = await applyOnTerminal(dir, { ...env, QM_ACTOR: DAVE, NO_COLOR: '1' }, true);
    expect(r.questions).toEqual([]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^refused: /m);
  });

  it('opens the request without asking when it needs approval (exit 3), and asks once it is approved', async () => {
    const { dir, env } = await prodFleet();
    await resizeProdBastion(dir, 't3.small');
    const waiting = await applyOnTerminal(dir, { ...env, QM_ACTOR: ALICE, NO_COLOR: '1' }, true);
    expect(waiting.questions).toEqual([]);
    expect(waiting.code).toBe(3);
    const id = requestIdIn(waiting.stderr)!;
    expect(waiting.stderr).toContain(`Ask one of them to run \`qm approve ${id}\``);
    expect(await approveAs(dir, BOB, id)).toMatchObject({ outcome: 'approved' });

    const declined = await applyOnTerminal(dir, { ...env, QM_ACTOR: ALICE, NO_COLOR: '1' }, false);
    expect(declined.questions).toHaveLength(1);
    expect(declined.code).toBe(0);
    expect(declined.stdout).toContain('Apply cancelled; nothing was changed.');

    const applied = await applyOnTerminal(dir, { ...env, QM_ACTOR: ALICE, NO_COLOR: '1' }, true);
    expect(applied.questions).toHaveLength(1);
    expect(applied.code, applied.stderr).toBe(0);
    expect(applied.stdout).toContain(`Request ${id}: applied.`);
  });

  it('documents exit 3 in its help', async () => {
    const r = await runQm(['apply', '--help'], {});
    expect(r.stdout).toContain('3 when waiting for approval');
  });
});

describe('one identity for every command', () => {
  it('QM_ACTOR=bob (a name in policy.yml) is the same person to apply, policy explain and approve', async () => {
    const { dir, env } = await prodFleet();
    await resizeProdBastion(dir, 't3.small');
    const bob = { ...env, QM_ACTOR: 'bob' };
    const explained = await runQm(['policy', 'explain', '--json', 'apply prod'], bob, dir);
    expect(explained.code, explained.stderr).toBe(0);
    expect(JSON.parse(explained.stdout)).toMatchObject({ actor: BOB, person: 'bob', groups: ['sre'] });

    const applied = await runQm(['apply', '--env', 'prod', '--auto-approve'], bob, dir);
    expect(applied.stderr).not.toMatch(/refused|note: acting as/);
    expect(applied.code, applied.stderr).toBe(3);
    const id = requestIdIn(applied.stderr)!;
    const request = await withStore(dir, (s) => s.getRequest(id));
    expect(request?.actor).toBe(BOB);

    // bob cannot approve his own request, from any account: the same person to approve as to apply.
    const own = await runQm(['approve', id, '--yes'], bob, dir);
    expect(own.code).toBe(1);
    expect(own.stderr).toContain('refused (self-approval)');
    const byAlice = await runQm(['approve', id, '--yes'], { ...env, QM_ACTOR: 'alice' }, dir);
    expect(byAlice.code, byAlice.stderr).toBe(0);
    const done = await runQm(['apply', '--env', 'prod', '--auto-approve'], bob, dir);
    expect(done.code, done.stderr).toBe(0);
    expect(done.stdout).toContain(`Request ${id}: applied.`);
  });
});

describe('kill -9 in the middle of an apply', () => {
  it('leaves a lock that expires, an intact audit log, and a re-run that resumes and converges', async () => {
    const { dir, env } = await scratchFleet();
    // AWS-like sim timings: the bastion takes seconds to reach running, so the apply is killed mid-wait.
    const procEnv = { ...process.env, ...env, QM_SIM_SPEED: 'aws-like', QM_LOCK_TTL_SECONDS: '2', NO_COLOR: '1' };
    const child = spawn(process.execPath, ['--import', 'tsx', MAIN, '--dir', dir, 'apply', '--env', 'dev', '--auto-approve'], { env: procEnv });
    let stderr = '';
    await new Promise<void>((resolve, reject) => {
      child.stderr.on('data', (d: Buffer) => {
        stderr += d.toString();
        if (/runInstance .* -> i-/.test(stderr)) resolve();
      });
      child.on('exit', () => reject(new Error(`apply ended before it could be killed:\n${stderr}`)));
    });
    child.kill('SIGKILL');
    await new Promise((r) => child.once('exit', r));

    const held = await withStore(dir, (s) => s.getLock('dev'));
    expect(held?.holder).toContain(`pid ${child.pid}`);
    const requestBefore = (await withStore(dir, (s) => s.listRequests({ env: 'dev' })))[0]!;
    expect(requestBefore.state).toBe('applying');

    await new Promise((r) => setTimeout(r, 2_200));
    const rerun = await runQm(['apply', '--env', 'dev', '--auto-approve'], env, dir);
    expect(rerun.code, rerun.stderr).toBe(0);
    expect(rerun.stdout).toContain(`Resumed ${requestBefore.id}`);
    expect((await runQm(['plan', '--env', 'dev', '--detailed-exitcode'], env, dir)).code).toBe(0);

    const audit = await withStore(dir, (s) => s.queryAudit({ requestId: requestBefore.id }));
    const kinds = audit.map((e) => e.kind);
    expect(kinds).toContain('request');
    expect(kinds.filter((k) => k === 'claim').length).toBe(2);
    expect(kinds).toContain('apply-result');
    const seqs = audit.map((e) => e.seq);
    expect(new Set(seqs).size).toBe(seqs.length);
    // No second bastion: the re-run found the one the killed apply launched (tags at creation, idempotent token).
    const fleet = await createSimProvider({ statePath: env.QM_SIM_STATE!, clock: systemClock }).readEnvironment({ env: 'dev', region: 'us-east-1', accountId: '111122223333' });
    expect(fleet.instances.filter((i) => i.tags['qm:name'] === 'bastion' && i.state !== 'terminated')).toHaveLength(1);
  });
});

describe('the policy the gate enforces', () => {
  it('is checked against the environments that exist: a misspelt env refuses to run instead of never matching', async () => {
    const { dir, env } = await scratchFleet();
    const file = path.join(dir, 'policy.yml');
    await writeFile(file, (await readFile(file, 'utf8')).replace('envs: [dev]', 'envs: [dvv]'));
    const r = await runQm(['apply', '--env', 'dev', '--auto-approve'], env, dir);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/policy\.yml:\d+:\d+ .*"dvv".*did you mean "dev"/);
  });
});

describe('Ctrl-C in the middle of an apply', () => {
  it('finishes what is in flight, records the result and releases the lock at once', async () => {
    const { dir, env } = await scratchFleet();
    // The alarm waits for the bastion's launch, so it is still to start when Ctrl-C comes during
    // that launch's wait (a waiting action holds no place under --concurrency: an independent
    // alarm would start beside it).
    await writeFile(path.join(dir, 'environments', 'dev', 'alarms.yml'), BASTION_ALARM);
    const procEnv = { ...process.env, ...env, QM_SIM_SPEED: 'aws-like', NO_COLOR: '1' };
    const child = spawn(process.execPath, ['--import', 'tsx', MAIN, '--dir', dir, 'apply', '--env', 'dev', '--auto-approve', '--concurrency', '1'], { env: procEnv });
    let stderr = '';
    let stdout = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    // 'close', not 'exit': output can still be arriving when the process has exited.
    const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
    await new Promise<void>((resolve) => {
      child.stderr.on('data', (d: Buffer) => {
        stderr += d.toString();
        if (/runInstance .* -> i-/.test(stderr)) resolve();
      });
    });
    child.kill('SIGINT');
    expect(await exited).toBe(1);
    expect(stderr).toContain('Interrupted: starting no more actions');
    expect(stdout).toMatch(/alarm\/bastion-high-cpu +create +skipped .*the apply was interrupted before it started/);
    expect(stdout).toContain('Apply incomplete: 3 applied, 0 failed, 1 skipped.');

    expect(await withStore(dir, (s) => s.getLock('dev'))).toBeUndefined();
    const [request] = await withStore(dir, (s) => s.listRequests({ env: 'dev' }));
    expect(request?.state).toBe('failed');
    // The instance being launched when Ctrl-C came was waited for, not abandoned half-way.
    const fleet = await createSimProvider({ statePath: env.QM_SIM_STATE!, clock: systemClock }).readEnvironment({ env: 'dev', region: 'us-east-1', accountId: '111122223333' });
    const launched = fleet.instances.filter((i) => i.tags['qm:name'] === 'bastion');
    expect(launched.map((i) => i.state)).toEqual(['running']);
    // Applying again finishes the rest.
    expect((await runQm(['apply', '--env', 'dev', '--auto-approve'], env, dir)).code).toBe(0);
    expect((await runQm(['plan', '--env', 'dev', '--detailed-exitcode'], env, dir)).code).toBe(0);
  });
});

const BASTION_ALARM = `resources:
  - kind: alarm
    name: bastion-high-cpu
    uuid: 5b7e2c1a-3f4d-4e8b-9a6c-2d1e0f9b8a70
    target:
      instance: bastion
    metric: CPUUtilization
    statistic: Average
    period_seconds: 300
    evaluation_periods: 3
    threshold: 90
    comparison: GreaterThanThreshold
`;
