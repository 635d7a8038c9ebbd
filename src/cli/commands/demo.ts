import { cp, mkdtemp, mkdir } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Command } from 'commander';
import pc from 'picocolors';
import { createSimProvider, FAST_SIM_TIMINGS, simulateManualChange, type SimProvider } from '../../cloud/sim/index.js';
import { setResourceField } from '../../definitions/index.js';
import { parseEngineSettings } from '../../engine/engine-settings.js';
import { openQuartermaster, type Quartermaster } from '../../engine/open-quartermaster.js';
import { ungatedPolicy, type Policy } from '../../gates/index.js';
import { renderPlanText } from '../../render/index.js';
import { renderCommandAnswerText } from '../../render/command-answer-text.js';
import { renderDriftText } from '../../render/drift-text.js';
import { createApplyProgress } from '../../render/apply-progress.js';
import { renderApplyResultTable } from '../../render/apply-result-table.js';
import { EXIT_ERROR, EXIT_OK } from '../exit-codes.js';
import type { Runtime } from '../runtime.js';
import type { CommandContext } from './command-context.js';

/** examples/fleet, found from this file whether it runs from src/ (tsx) or build/cli/bundle/ (bundled, same depth). */
const EXAMPLE_FLEET = fileURLToPath(new URL('../../../examples/fleet', import.meta.url));


export function registerDemo(program: Command, ctx: CommandContext): void {
  program
    .command('demo')
    .description('A guided tour on the embedded sim fleet: validate, plan, apply, change, drift (no cloud account)')
    .option('--workdir <dir>', 'where to copy the example definitions (default: a new temporary directory)')
    .addHelpText('after', `
Examples:
  qm demo                          tour in a scratch directory, then try qm there yourself
  qm demo --workdir ./my-fleet     keep the copy where you want it`)
    .action(async (flags: { workdir?: string }) => ctx.run((rt) => runDemo(rt, flags.workdir)));
}

async function runDemo(rt: Runtime, workdir: string | undefined): Promise<number> {
  const out = (s = '') => rt.io.stdout.write(`${s}\n`);
  const c = pc.createColors(rt.config.color);
  const dir = workdir ? path.resolve(workdir) : await mkdtemp(path.join(os.tmpdir(), 'qm-demo-'));
  await mkdir(path.join(dir, '.qm'), { recursive: true });
  await cp(EXAMPLE_FLEET, dir, { recursive: true });
  const settings = parseEngineSettings({}, { dir, provider: 'sim' });
  const sim = createSimProvider({ statePath: settings.simStatePath, clock: rt.clock, timings: FAST_SIM_TIMINGS });
  // The tour applies as a repository's first apply would, before anyone wrote a policy; step 6
  // then goes through the example's policy.yml. Both go through the one gated apply.
  const open = (policy?: Policy) => openQuartermaster({ settings, clock: rt.clock, provider: sim, ...(policy ? { policy } : {}) });
  const tour = () => open(ungatedPolicy('demo: the tour applies before the gate is shown in step 6'));
  const step = (n: number, title: string, why: string) => out(`\n${c.bold(c.cyan(`Step ${n}/7  ${title}`))}\n${c.dim(why)}\n`);

  out(c.bold('Quartermaster demo: the example fleet on the embedded sim (no AWS account needed).'));
  out(`Definitions copied to ${dir}; the sim fleet lives in ${settings.simStatePath}.`);

  step(1, 'qm validate', 'Definitions load in two stages (YAML -> checked model); every error would name file:line:col.');
  let qm = tour();
  const defs = await qm.definitions();
  out(`Valid: ${defs.resources.length} resources in ${defs.environments.map((e) => e.name).join(', ')}.`);

  step(2, 'qm plan', 'The sim fleet is empty, so everything is to be created. Each action shows its impact and monthly cost.');
  out(renderPlanText(await qm.plan(), { color: rt.config.color }));

  step(3, 'qm apply --auto-approve', 'Applied in dependency order (alarms wait for their targets), with waits for running states.');
  if (!(await applyAndReport(rt, qm))) return EXIT_ERROR;

  step(4, 'a change in git: staging web instance_type t3.small -> t3.large', 'A launch template change rolls the group (an instance refresh); the plan says whether that means downtime.');
  const edit = await setResourceField(dir, { env: 'staging', kind: 'autoscaling-group', name: 'web' }, ['launch_template', 'instance_type'], 't3.large');
  out(`Edited ${edit.file}.`);
  await qm.close();
  qm = tour();
  out(renderPlanText(await qm.plan({ envs: ['staging'] }), { color: rt.config.color }));
  if (!(await applyAndReport(rt, qm, ['staging']))) return EXIT_ERROR;

  step(5, 'qm drift', 'Someone resizes the prod bastion by hand in the console. Drift finds it; apply puts it back (stop, modify, start).');
  const prodPlan = await qm.plan({ envs: ['prod'] });
  handResize(sim, prodPlan.actions.find((a) => a.resource.name === 'bastion')?.resource.physicalId);
  out(renderDriftText(await qm.drift({ envs: ['prod'] }), { color: rt.config.color }));
  if (!(await applyAndReport(rt, qm, ['prod']))) return EXIT_ERROR;
  out(renderDriftText(await qm.drift({ envs: ['prod'] }), { color: rt.config.color }));
  await qm.close();

  step(6, 'a production change behind the approval gate', 'policy.yml: resizing prod needs a second SRE. Alice asks, cannot approve her own request, Bob approves, it applies exactly once.');
  if (!(await gatedDemo(rt, dir, () => open()))) return EXIT_ERROR;

  step(7, 'chat: qm run "shutdown dev --for 1h"', 'The commands Slack and GitHub comments take, from the terminal: a temporary change is kept as an override, and plan does not call it drift.');
  if (!(await chatDemo(rt, () => open()))) return EXIT_ERROR;

  out(c.bold('\nYour turn:'));
  out(`  npm run qm -- --dir ${dir} plan --env dev`);
  out(`  QM_ACTOR=github:davedev#3318842 npm run qm -- --dir ${dir} apply --env dev   (dev is self-service for developers)`);
  out(`  npm run qm -- --dir ${dir} audit`);
  out(`  npm run qm -- --dir ${dir} run "scale prod/web 5" --as alice      (waits for a second SRE: --as bob approves)`);
  out(`  edit ${path.join(dir, 'environments/dev/web.yml')}, then plan, apply, drift the same way`);
  return EXIT_OK;
}

const ALICE = 'github:alice-ops#583231';
const BOB = 'slack:U034FGHIJ';

async function gatedDemo(rt: Runtime, dir: string, open: () => Quartermaster): Promise<boolean> {
  const out = (t: string) => rt.io.stdout.write(`${t}\n`);
  const edit = await setResourceField(dir, { env: 'prod', kind: 'instance', name: 'bastion' }, ['instance_type'], 't3.small');
  out(`Edited ${edit.file}: instance_type t3.micro -> t3.small (a stop, modify, start: downtime).`);
  const qm = open();
  try {
    const ask = { envs: ['prod'], actor: ALICE, door: 'cli' as const, command: 'apply', reason: 'demo: resize the prod bastion', holder: `demo pid ${process.pid}` };

    const first = await qm.apply(ask);
    if (first.status !== 'needs-approval') return fail(rt, `expected the gate to ask for approval, got ${first.status}`);
    const needs = first.request.requirements.map((q) => `${q.count} from ${q.group} (${q.reason})`).join('; ');
    out(`alice: qm apply --env prod  ->  ${first.request.id} waits for approval: ${needs}`);

    const self = await qm.approve({ requestId: first.request.id, approver: ALICE, door: 'cli', fingerprint: first.request.fingerprint });
    out(`alice: qm approve ${first.request.id}  ->  ${self.outcome === 'refused' ? `refused: ${self.reason}` : self.outcome}`);
    const vote = await qm.approve({ requestId: first.request.id, approver: BOB, door: 'slack', fingerprint: first.request.fingerprint });
    out(`bob:   approves from Slack  ->  ${vote.outcome}`);

    const second = await qm.apply({ ...ask, onEvent: createApplyProgress(rt.io.stdout, { color: rt.config.color }) });
    if (second.status !== 'applied') return fail(rt, `expected the approved request to apply, got ${second.status}`);
    rt.io.stdout.write(`\n${renderApplyResultTable(second.result, second.plan, { color: rt.config.color })}`);
    out(`${second.request.id}: ${second.request.state}. The audit log (qm audit --env prod) holds every step:`);
    const entries = await qm.audit({ requestId: second.request.id });
    out(entries.map((e) => `  ${e.kind.padEnd(13)} ${e.actor.padEnd(26)} ${e.message}`).join('\n'));
    return second.result.ok;
  } finally {
    await qm.close();
  }
}

const DAVE = 'github:davedev#3318842';

async function chatDemo(rt: Runtime, open: () => Quartermaster): Promise<boolean> {
  const qm = open();
  try {
    const say = async (text: string) => {
      rt.io.stdout.write(`dave: qm run "${text}"\n`);
      const answer = await qm.command({ text, actor: DAVE, door: 'cli', holder: `demo pid ${process.pid}` });
      rt.io.stdout.write(`${renderCommandAnswerText(answer, { color: rt.config.color }).trimEnd().replace(/^/gm, '  ')}\n`);
      return answer;
    };
    const down = await say('shutdown dev --for 1h');
    if (down.kind !== 'change' || down.outcome.status !== 'applied') return fail(rt, `expected dev to shut down, got ${down.kind === 'change' ? down.outcome.status : down.kind}`);
    await say('status dev');
    const plan = await qm.plan({ envs: ['dev'] });
    rt.io.stdout.write(`qm plan --env dev  ->  ${plan.summary.change} to change: the shutdown is an override, not drift; it reverts by itself after an hour (qm overrides expire).\n`);
    const up = await say('startup dev');
    return up.kind === 'change' && up.outcome.status === 'applied';
  } finally {
    await qm.close();
  }
}

function fail(rt: Runtime, message: string): false {
  rt.io.stderr.write(`demo: ${message}\n`);
  return false;
}

async function applyAndReport(rt: Runtime, qm: Quartermaster, envs?: string[]): Promise<boolean> {
  const onEvent = createApplyProgress(rt.io.stdout, { color: rt.config.color });
  const answer = await qm.apply({ ...(envs ? { envs } : {}), actor: rt.config.actor, door: 'cli', command: 'apply', reason: 'demo: qm apply --auto-approve', holder: `demo pid ${process.pid}`, onEvent });
  if (answer.status !== 'applied') return fail(rt, `expected the tour's apply to apply, got ${answer.status}`);
  rt.io.stdout.write(`\n${renderApplyResultTable(answer.result, answer.plan, { color: rt.config.color })}`);
  return answer.result.ok;
}

function handResize(sim: SimProvider, instanceId: string | undefined): void {
  if (!instanceId) throw new Error('the demo expected the prod bastion to exist after apply');
  simulateManualChange(sim, { kind: 'instance-type', instanceId, instanceType: 't3.large' });
}
