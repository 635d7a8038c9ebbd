import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { createManualClock, systemClock, type Clock } from '../../src/clock.js';
import { main } from '../../src/cli/main.js';
import { createApprovals, createStaticMembership, loadPolicyOrThrow } from '../../src/gates/index.js';
import type { Plan } from '../../src/model/plan.js';
import { parsePlanJson } from '../../src/render/index.js';
import { openStore, type ApprovalRequest, type Store } from '../../src/store/index.js';
import { runQm, scratchFleet } from './run-qm.js';

// People of examples/fleet/policy.yml: alice, bob and carol are SRE; dave is a developer.
const ALICE = 'github:alice-ops#583231';
const BOB = 'github:bobsre#1047754';
const BOB_SLACK = 'slack:U034FGHIJ';
const CAROL = 'slack:U056KLMNO';
const DAVE = 'github:davedev#3318842';

type Env = Record<string, string>;

/** Environment of a scratch fleet, acting as `actor` (QM_ACTOR). */
const as = (env: Env, actor: string): Env => ({ ...env, QM_ACTOR: actor });

/** The example fleet with prod applied once (by alice, whom the policy lets apply prod without approval); copied per test. */
let base: string;
beforeAll(async () => {
  const { dir, env } = await scratchFleet();
  const r = await runQm(['apply', '--env', 'prod', '--auto-approve'], as(env, ALICE), dir);
  expect(r.code, r.stderr).toBe(0);
  base = dir;
});

async function prodFleet(): Promise<{ dir: string; env: Env }> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'qm-gates-'));
  await cp(base, dir, { recursive: true });
  await rm(path.join(dir, '.qm', 'state.db'), { force: true });
  return { dir, env: { QM_SIM_STATE: path.join(dir, '.qm', 'sim-fleet.json'), QM_STATE_DIR: path.join(dir, '.qm'), QM_SIM_SPEED: 'fast', QM_ACTOR: 'tester' } };
}

async function edit(dir: string, file: string, from: string, to: string): Promise<void> {
  const full = path.join(dir, file);
  const text = await readFile(full, 'utf8');
  expect(text).toContain(from);
  await writeFile(full, text.replace(from, to));
}

/** Resizing the prod bastion (stop, modify, start: downtime) needs 1 SRE; moving it to another subnet (a replacement) needs 2. */
const RESIZE = ['environments/prod/bastion.yml', 'instance_type: t3.micro', 'instance_type: t3.small'] as const;
const MOVE = ['environments/prod/bastion.yml', 'subnet: subnet-0a1b2c3d4e5f60001', 'subnet: subnet-0a1b2c3d4e5f60002'] as const;

async function savedPlan(dir: string, env: Env, change: readonly [string, string, string]): Promise<{ plan: Plan; file: string }> {
  await edit(dir, ...change);
  const file = path.join(dir, 'prod.plan.json');
  const r = await runQm(['plan', '--env', 'prod', '--out', file], env, dir);
  expect(r.code, r.stderr).toBe(0);
  return { plan: parsePlanJson(await readFile(file, 'utf8')), file };
}

/** The scratch repo's own store (`.qm/state.db`), as the CLI opens it. */
async function withStore<T>(dir: string, work: (store: Store) => Promise<T>, clock: Clock = systemClock): Promise<T> {
  const store = await openStore(undefined, { sqlitePath: path.join(dir, '.qm', 'state.db'), clock });
  try {
    return await work(store);
  } finally {
    await store.close();
  }
}

/** A request made the way people make one: `qm apply` as `actor`, which waits for approval. */
async function requestApply(dir: string, env: Env, actor: string): Promise<ApprovalRequest> {
  const r = await runQm(['apply', '--env', 'prod', '--auto-approve'], as(env, actor), dir);
  expect(r.code, r.stderr).toBe(3);
  const id = /Not applied: (req-[0-9a-f]{12}) waits for approval/.exec(r.stderr)?.[1];
  const request = id ? await stored(dir, id) : undefined;
  if (!request) throw new Error(`qm apply made no request:\n${r.stderr}`);
  return request;
}

async function stored(dir: string, id: string): Promise<ApprovalRequest | undefined> {
  return withStore(dir, (store) => store.getRequest(id));
}

describe('qm validate and qm policy check', () => {
  it('validate reports the policy next to the definitions', async () => {
    const { dir, env } = await scratchFleet();
    const r = await runQm(['validate'], env, dir);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('policy.yml: 5 people, 2 groups, 5 permissions, 5 approval rules\n');
  });

  it('validate says what no policy.yml means', async () => {
    const { dir, env } = await scratchFleet();
    await rm(path.join(dir, 'policy.yml'));
    const r = await runQm(['validate'], env, dir);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('no policy.yml: the command line is not gated; chat and pull-request doors refuse every change until you write one (docs/policy.md)');
  });

  it('policy check passes on the example', async () => {
    const { dir, env } = await scratchFleet();
    const r = await runQm(['policy', 'check'], env, dir);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toBe('policy.yml: 5 people, 2 groups, 5 permissions, 5 approval rules: no errors.\n');
    expect(r.stderr).toBe('');
  });

  it('policy check and validate name every error with file:line:col and did-you-mean, and exit 1', async () => {
    const { dir, env } = await scratchFleet();
    await edit(dir, 'policy.yml', 'commands: [plan]', 'commands: [plna]');
    await edit(dir, 'policy.yml', '- group: sre\n        count: 2\n    expires: 1h', '- group: sres\n        count: 2\n    expires: 1h');
    // An environment the definitions do not have: caught because policy check reads the definitions' names.
    await edit(dir, 'policy.yml', 'envs: [staging, prod]\n    when:', 'envs: [staging, prd]\n    when:');
    const r = await runQm(['policy', 'check'], env, dir);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('[QM_POLICY_INVALID]');
    expect(r.stderr).toMatch(/policy\.yml:\d+:\d+ .*"plna".*did you mean "plan"/);
    expect(r.stderr).toMatch(/policy\.yml:\d+:\d+ .*"sres".*did you mean "sre"/);
    expect(r.stderr).toMatch(/policy\.yml:\d+:\d+ .*"prd".*did you mean "prod"/);
    expect(r.stdout).toBe('');

    const v = await runQm(['validate'], env, dir);
    expect(v.code).toBe(1);
    expect(v.stderr).toMatch(/policy\.yml:\d+:\d+ .*"plna"/);
  });

  it('policy check still checks the policy when the definitions are broken, and says environments were not checked', async () => {
    const { dir, env } = await scratchFleet();
    await edit(dir, 'environments/prod/bastion.yml', 'instance_type: t3.micro', 'instance_type: t3.mirco');
    const r = await runQm(['policy', 'check'], env, dir);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('environment names are not checked');
  });

  it('policy check warns about a rule nobody may approve', async () => {
    const { dir, env } = await scratchFleet();
    await edit(dir, 'policy.yml', 'commands: [approve]\n    envs: [staging, prod]', 'commands: [approve]\n    envs: [prod]');
    const r = await runQm(['policy', 'check'], env, dir);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/^warning: policy\.yml:\d+:\d+ approval rule "staging-outage" applies to staging, but no permission allows approve there/m);
  });
});

describe('qm policy explain', () => {
  it('refuses a developer in prod: no permission allows it', async () => {
    const { dir, env } = await scratchFleet();
    const r = await runQm(['policy', 'explain', '--as', DAVE, 'apply prod'], env, dir);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain(`As ${DAVE} (dave), member of developers:`);
    expect(r.stdout).toContain('apply in prod: not permitted (no permission allows it; deny by default)');
    expect(r.stdout).toContain('Refused:');
  });

  it('without a plan, names every rule that could apply and who may approve', async () => {
    const { dir, env } = await scratchFleet();
    const r = await runQm(['policy', 'explain', '--as', BOB, 'apply', 'prod'], env, dir);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('apply in prod: permitted (policy.yml:');
    expect(r.stdout).toMatch(/rule prod-destructive \(policy\.yml:\d+:\d+\): no plan yet/);
    expect(r.stdout).toContain('2 from sre (you are in it, but never approve your own request):');
    expect(r.stdout).toContain('- alice (slack:U012ABCDE, github:alice-ops#583231)');
    expect(r.stdout).toContain('- carol (slack:U056KLMNO, github:carol-c#2290013)');
  });

  it('with a saved plan, only the rules the plan meets apply (--json)', async () => {
    const { dir, env } = await prodFleet();
    const { file } = await savedPlan(dir, env, RESIZE);
    const r = await runQm(['policy', 'explain', '--as', 'bob', '--plan', file, '--json', 'apply'], env, dir);
    expect(r.code, r.stderr).toBe(0);
    const e = JSON.parse(r.stdout);
    expect(e.actor).toBe(BOB_SLACK);
    expect(e.envs).toEqual(['prod']);
    expect(e.decision.decision).toBe('needs-approval');
    expect(e.decision.rules.map((x: { name: string }) => x.name)).toEqual(['prod-downtime']);
    expect(e.approvers.map((a: { group: string; count: number }) => [a.group, a.count])).toEqual([['sre', 1]]);
  });

  it.each([
    [['policy', 'explain', '--as', BOB, 'apply prd'], 'environment "prd" is not defined (did you mean "prod"?)'],
    [['policy', 'explain', '--as', BOB, 'aply prod'], '"aply" is not a policy command (did you mean "apply"?)'],
    [['policy', 'explain', '--as', BOB, 'apply'], 'name the environments to explain apply in'],
  ])('%j is an error with the fix', async (args, message) => {
    const { dir, env } = await scratchFleet();
    const r = await runQm(args, env, dir);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(message);
  });
});

describe('qm approve', () => {
  it('refuses the requester from any of their accounts, and someone not allowed to approve; each refusal is audited', async () => {
    const { dir, env } = await prodFleet();
    await edit(dir, ...RESIZE);
    const request = await requestApply(dir, env, BOB);

    for (const [actor, code] of [
      [BOB, 'self-approval'],
      [BOB_SLACK, 'self-approval'],
      [DAVE, 'not-authorized'],
    ] as const) {
      const r = await runQm(['approve', request.id], as(env, actor), dir);
      expect(r.code, `${actor}: ${r.stdout}`).toBe(1);
      expect(r.stderr).toContain(`refused (${code}):`);
    }
    expect((await stored(dir, request.id))?.approvals).toEqual([]);

    const audit = JSON.parse((await runQm(['audit', '--request', request.id, '--kind', 'refusal', '--json'], env, dir)).stdout);
    expect(audit.map((e: { actor: string; data: { code: string } }) => [e.actor, e.data.code])).toEqual([
      [BOB, 'self-approval'],
      [BOB_SLACK, 'self-approval'],
      [DAVE, 'not-authorized'],
    ]);
  });

  it('an SRE sees the stored plan, and their vote approves the request', async () => {
    const { dir, env } = await prodFleet();
    await edit(dir, ...RESIZE);
    const request = await requestApply(dir, env, BOB);
    const r = await runQm(['approve', request.id, '--comment', 'resize is fine'], as(env, ALICE), dir);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain(`Request ${request.id}: apply in prod (requested: waiting for approvals)`);
    expect(r.stdout).toContain(`requested by ${BOB} via cli`);
    expect(r.stdout).toContain('needs 1 from sre: prod-downtime');
    expect(r.stdout).toMatch(/~ instance bastion[\s\S]*instance_type: "t3\.micro" -> "t3\.small"/);
    expect(r.stdout).toContain(`Approved: ${request.id} has every approval it needs (1/1 sre)`);

    const after = await stored(dir, request.id);
    expect(after?.state).toBe('approved');
    expect(after?.approvals).toMatchObject([{ approver: ALICE, door: 'cli', fingerprint: request.fingerprint, groups: ['sre'], comment: 'resize is fine' }]);
  });

  it('counts votes towards a quorum of two, and a person names their first account (--as carol)', async () => {
    const { dir, env } = await prodFleet();
    await edit(dir, ...MOVE);
    const request = await requestApply(dir, env, BOB);
    expect(request.requirements).toMatchObject([{ group: 'sre', count: 2 }]);

    const first = await runQm(['approve', request.id], as(env, ALICE), dir);
    expect(first.code, first.stderr).toBe(0);
    expect(first.stdout).toContain(`Vote counted: ${request.id} still needs 1 from sre (1/2 sre)`);
    const again = await runQm(['approve', request.id], as(env, ALICE), dir);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('refused (already-voted)');

    const second = await runQm(['approve', request.id, '--as', 'carol'], env, dir);
    expect(second.code, second.stderr).toBe(0);
    expect(second.stdout).toContain('Approved:');
    expect((await stored(dir, request.id))?.approvals.map((v) => v.approver)).toEqual([ALICE, CAROL]);
  });

  it('binds the vote to the plan shown: a stored plan that is not the requested one is refused', async () => {
    const { dir, env } = await prodFleet();
    const { plan } = await savedPlan(dir, env, RESIZE);
    const request = await withStore(dir, (store) =>
      store.createRequest({
        actor: BOB,
        door: 'slack',
        command: 'apply',
        envs: ['prod'],
        fingerprint: 'f'.repeat(64),
        plan,
        reason: 'a door that stored the wrong plan',
        requirements: [{ group: 'sre', count: 1, reason: 'prod-downtime' }],
        state: 'requested',
        expiresInMs: 3_600_000,
      }),
    );
    const r = await runQm(['approve', request.request.id], as(env, ALICE), dir);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('refused (fingerprint-mismatch)');
  });

  it('refuses an unknown request, audited', async () => {
    const { dir, env } = await prodFleet();
    const r = await runQm(['approve', 'req-000000000000'], as(env, ALICE), dir);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('refused (not-found): no request req-000000000000');
    expect((await runQm(['audit', '--kind', 'refusal'], env, dir)).stdout).toContain('req-000000000000');
  });

  it('on a terminal, asks after showing the plan; "no" records nothing', async () => {
    const { dir, env } = await prodFleet();
    await edit(dir, ...RESIZE);
    const request = await requestApply(dir, env, BOB);
    let stdout = '';
    const questions: string[] = [];
    const code = await main(['--dir', dir, 'approve', request.id], as(env, ALICE), {
      stdout: { write: (t) => void (stdout += t), isTTY: false },
      stderr: { write: () => undefined, isTTY: false },
      confirm: async (q) => {
        questions.push(q);
        return false;
      },
    });
    expect(code).toBe(0);
    expect(questions).toEqual([`Approve ${request.id} as ${ALICE}?`]);
    expect(stdout).toContain('instance bastion');
    expect(stdout).toContain('Not approved; nothing was recorded.');
    expect((await stored(dir, request.id))?.approvals).toEqual([]);
  });

  it('warns when the actor is no identity the policy can name', async () => {
    const { dir, env } = await prodFleet();
    await edit(dir, ...RESIZE);
    const request = await requestApply(dir, env, BOB);
    const r = await runQm(['approve', request.id], env, dir); // QM_ACTOR=tester
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('note: acting as "tester"');
    expect(r.stderr).toContain('refused (not-authorized)');
  });
});

describe('one change through the command line, start to end', () => {
  it('qm apply waits, qm approve approves, qm apply applies, and qm audit tells the story', async () => {
    const { dir, env } = await prodFleet();
    await edit(dir, ...RESIZE);
    const request = await requestApply(dir, env, BOB);
    expect((await runQm(['requests', '--env', 'prod'], env, dir)).stdout).toContain(`${request.id}  requested`);

    const approved = await runQm(['approve', request.id], as(env, CAROL), dir);
    expect(approved.code, approved.stderr).toBe(0);
    expect((await runQm(['requests'], env, dir)).stdout).toMatch(new RegExp(`${request.id}\\s+approved\\s+apply\\s+prod\\s+${BOB}.*1/1 sre$`, 'm'));

    const applied = await runQm(['apply', '--env', 'prod', '--auto-approve'], as(env, BOB), dir);
    expect(applied.code, applied.stderr).toBe(0);
    expect(applied.stdout).toContain(`Request ${request.id}: applied.`);
    expect((await runQm(['requests'], env, dir)).stdout).toBe('No open requests.\n');

    const story = JSON.parse((await runQm(['audit', '--request', request.id, '--json'], env, dir)).stdout);
    const kinds: string[] = story.map((e: { kind: string }) => e.kind);
    expect(kinds.slice(0, 3)).toEqual(['request', 'gate-decision', 'approval']);
    expect(kinds).toContain('claim');
    expect(kinds.at(-1)).toBe('apply-result');
    expect(story.find((e: { kind: string }) => e.kind === 'approval')).toMatchObject({ actor: CAROL, door: 'cli', fingerprint: request.fingerprint });
  });
});

describe('qm deny and qm requests', () => {
  it('lists open requests with approvals against requirements; an SRE denies; the denied request leaves the open list', async () => {
    const { dir, env } = await prodFleet();
    await edit(dir, ...MOVE);
    const request = await requestApply(dir, env, BOB);

    const open = await runQm(['requests'], env, dir);
    expect(open.code, open.stderr).toBe(0);
    const lines = open.stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^ID\s+STATE\s+COMMAND\s+ENVS\s+ACTOR\s+CREATED \(UTC\)\s+EXPIRES \(UTC\)\s+APPROVALS$/);
    expect(lines[1]).toMatch(new RegExp(`^${request.id}\\s+requested\\s+apply\\s+prod\\s+${BOB}\\s+\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\dZ\\s+\\d{4}-.*Z\\s+0/2 sre$`));
    expect(lines).toHaveLength(2);
    expect((await runQm(['requests', '--env', 'dev'], env, dir)).stdout).toBe('No open requests in dev.\n');

    const byDev = await runQm(['deny', request.id, '--reason', 'not mine to judge'], as(env, DAVE), dir);
    expect(byDev.code).toBe(1);
    expect(byDev.stderr).toContain('refused (not-authorized)');

    const denied = await runQm(['deny', request.id, '--reason', 'not during the sale'], as(env, CAROL), dir);
    expect(denied.code, denied.stderr).toBe(0);
    expect(denied.stdout).toBe(`${request.id} is denied: denied by ${CAROL}: not during the sale.\n`);

    expect((await runQm(['requests'], env, dir)).stdout).toBe('No open requests.\n');
    const all = JSON.parse((await runQm(['requests', '--all', '--json'], env, dir)).stdout);
    expect(all).toHaveLength(1);
    expect(all[0]).toMatchObject({ id: request.id, state: 'denied', stateReason: `denied by ${CAROL}: not during the sale` });
    expect(all[0]).not.toHaveProperty('plan');

    const again = await runQm(['approve', request.id], as(env, ALICE), dir);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('refused (not-pending)');
  });

  it('the requester withdraws their own request', async () => {
    const { dir, env } = await prodFleet();
    await edit(dir, ...RESIZE);
    const request = await requestApply(dir, env, BOB);
    const r = await runQm(['deny', request.id, '--reason', 'wrong branch', '--as', BOB_SLACK], env, dir);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain(`withdrawn by ${BOB_SLACK}: wrong branch`);
  });

  it('deny needs a reason', async () => {
    const { dir, env } = await prodFleet();
    const r = await runQm(['deny', 'req-000000000000'], as(env, ALICE), dir);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("required option '--reason <text>' not specified");
  });

  it('shows an overdue request as expired, not open', async () => {
    const { dir, env } = await prodFleet();
    const { plan } = await savedPlan(dir, env, RESIZE);
    // Made two hours ago (prod-downtime expires after 2h): overdue now, though nothing wrote `expired` yet.
    const old = createManualClock(new Date(Date.now() - 2 * 3_600_000 - 60_000));
    const request = await withStore(
      dir,
      async (store) => {
        const approvals = createApprovals({ store, clock: old, policy: await loadPolicyOrThrow(dir), membership: createStaticMembership({}) });
        const r = await approvals.request({ actor: BOB, door: 'cli', command: 'apply', plan, reason: 'old' });
        return r.outcome === 'needs-approval' ? r.request : undefined;
      },
      old,
    );
    expect(request?.state).toBe('requested');
    expect((await runQm(['requests'], env, dir)).stdout).toBe('No open requests.\n');
    expect((await runQm(['requests', '--all'], env, dir)).stdout).toMatch(new RegExp(`${request?.id}\\s+expired\\s+apply`));
  });
});

describe('qm locks and qm unlock', () => {
  it('refuses a developer in prod, lets an SRE remove the lock, and audits both', async () => {
    const { dir, env } = await prodFleet();
    const taken = await withStore(dir, (store) => store.acquireLock('prod', { holder: 'ci-runner-7', purpose: 'apply req-0123456789ab', ttlMs: 600_000 }));
    expect(taken.acquired).toBe(true);

    const locks = await runQm(['locks'], env, dir);
    expect(locks.stdout).toMatch(/^ENV\s+HOLDER\s+SINCE \(UTC\)\s+EXPIRES \(UTC\)\s+EXPIRED\s+PURPOSE\nprod\s+ci-runner-7\s+\S+ \S+Z\s+\S+ \S+Z\s+no\s+apply req-0123456789ab\n$/);
    const json = JSON.parse((await runQm(['locks', '--json'], env, dir)).stdout);
    expect(json).toMatchObject([{ env: 'prod', holder: 'ci-runner-7', expired: false }]);
    expect(json[0]).not.toHaveProperty('token');

    const refused = await runQm(['unlock', 'prod', '--reason', 'stuck'], as(env, DAVE), dir);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain(`refused: ${DAVE} may not unlock prod`);
    expect((await withStore(dir, (s) => s.getLock('prod')))?.holder).toBe('ci-runner-7');

    const done = await runQm(['unlock', 'prod', '--reason', 'runner killed'], as(env, ALICE), dir);
    expect(done.code, done.stderr).toBe(0);
    expect(done.stdout).toMatch(/^Unlocked prod: removed the lock ci-runner-7 held since \S+ \S+Z for apply req-0123456789ab\.\n$/);
    expect((await runQm(['locks'], env, dir)).stdout).toBe('No environment is locked.\n');

    const audit = JSON.parse((await runQm(['audit', '--env', 'prod', '--json'], env, dir)).stdout);
    const about = audit.filter((e: { kind: string }) => e.kind === 'refusal' || e.kind === 'unlock');
    expect(about.map((e: { kind: string; actor: string; door: string }) => [e.kind, e.actor, e.door])).toEqual([
      ['refusal', DAVE, 'cli'],
      ['unlock', ALICE, 'cli'],
    ]);
    expect(about[1].message).toContain('runner killed');
  });

  it('lets a developer unlock dev (self-service), and says when there was no lock', async () => {
    const { dir, env } = await prodFleet();
    const r = await runQm(['unlock', 'dev', '--reason', 'tidy up'], as(env, DAVE), dir);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toBe('dev was not locked; nothing to remove (the attempt is in the audit log).\n');
  });
});

describe('qm audit', () => {
  it('filters by environment, kind and time (--since as a duration or an ISO time)', async () => {
    const { dir, env } = await prodFleet();
    // One entry written three days ago, the others now.
    const threeDaysAgo = new Date(Date.now() - 3 * 86_400_000);
    await withStore(dir, (store) => store.appendAudit({ actor: ALICE, door: 'slack', kind: 'unlock', envs: ['prod'], message: 'old prod unlock' }), createManualClock(threeDaysAgo));
    await withStore(dir, async (store) => {
      await store.appendAudit({ actor: DAVE, door: 'cli', kind: 'unlock', envs: ['dev'], message: 'dev unlock now' });
      await store.appendAudit({ actor: ALICE, door: 'cli', kind: 'refusal', envs: ['prod'], message: 'prod refusal now' });
    });

    const messages = async (...args: string[]): Promise<string[]> => {
      const r = await runQm(['audit', ...args, '--json'], env, dir);
      expect(r.code, r.stderr).toBe(0);
      return JSON.parse(r.stdout).map((e: { message: string }) => e.message);
    };
    expect(await messages()).toEqual(['old prod unlock', 'dev unlock now', 'prod refusal now']);
    expect(await messages('--env', 'prod')).toEqual(['old prod unlock', 'prod refusal now']);
    expect(await messages('--env', 'dev')).toEqual(['dev unlock now']);
    expect(await messages('--since', '2d')).toEqual(['dev unlock now', 'prod refusal now']);
    expect(await messages('--since', '4d')).toEqual(['old prod unlock', 'dev unlock now', 'prod refusal now']);
    expect(await messages('--since', new Date(threeDaysAgo.getTime() + 1000).toISOString())).toEqual(['dev unlock now', 'prod refusal now']);
    expect(await messages('--env', 'prod', '--kind', 'unlock')).toEqual(['old prod unlock']);
    expect(await messages('--limit', '1')).toEqual(['prod refusal now']);

    const text = await runQm(['audit', '--env', 'dev'], env, dir);
    expect(text.stdout).toMatch(/^TIME \(UTC\)\s+ACTOR\s+DOOR\s+KIND\s+ENV\s+REQUEST\s+PLAN\s+MESSAGE\n\S+ \S+Z\s+github:davedev#3318842\s+cli\s+unlock\s+dev\s+-\s+-\s+dev unlock now\n$/);
  });

  it.each([
    [['--since', 'yesterday'], '--since "yesterday" is neither an ISO time nor a duration'],
    [['--kind', 'aproval'], '--kind "aproval" is not an audit entry kind (did you mean "approval"?)'],
    [['--limit', '0'], '--limit "0" is not a whole number from 1 to 100000'],
  ])('%j is an error with the fix', async (args, message) => {
    const { dir, env } = await scratchFleet();
    const r = await runQm(['audit', ...args], env, dir);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(message);
  });
});

describe('help of the gate commands', () => {
  it.each([['policy'], ['policy', 'check'], ['policy', 'explain'], ['approve'], ['deny'], ['requests'], ['locks'], ['unlock'], ['audit']])('%j --help shows examples', async (...cmd) => {
    const r = await runQm([...cmd, '--help'], {});
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Examples:');
  });

  it.each(['approve', 'deny', 'unlock'])('%s --help says command-line identity is asserted, not authenticated', async (cmd) => {
    const r = await runQm([cmd, '--help'], {});
    expect(r.stdout).toContain('identity is asserted, not authenticated');
    expect(r.stdout).toContain('--as <identity>');
  });
});
