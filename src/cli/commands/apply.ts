import os from 'node:os';
import path from 'node:path';
import type { Command } from 'commander';
import { ConfigInvalidError, PlanStaleError } from '../../errors.js';
import { hasChanges, type Plan } from '../../model/plan.js';
import { renderPlanText } from '../../render/index.js';
import { readPlanFile } from './read-plan-file.js';
import { NO_POLICY_MESSAGE } from './check-policy.js';
import { createApplyProgress } from '../../render/apply-progress.js';
import { renderApplyResultTable } from '../../render/apply-result-table.js';
import type { GatedApplyOutcome } from '../../engine/gated-apply.js';
import type { Hint } from '../../engine/hints.js';
import { EXIT_ERROR, EXIT_OK } from '../exit-codes.js';
import type { Runtime } from '../runtime.js';
import { collectEnv, type CommandContext } from './command-context.js';

interface ApplyFlags {
  env: string[];
  autoApprove?: boolean;
  concurrency?: string;
}

export function registerApply(program: Command, ctx: CommandContext): void {
  program
    .command('apply')
    .argument('[plan-file]', 'a plan saved by `qm plan --out`; refused if the fleet or definitions changed since')
    .description('Make the fleet equal the definitions')
    .option('-e, --env <name>', 'only this environment (repeatable; ignored with a plan file)', collectEnv, [])
    .option('--auto-approve', 'do not ask for confirmation (needed when not on a terminal)')
    .option('--concurrency <n>', 'actions run at once', '8')
    .addHelpText(
      'after',
      `
Examples:
  qm apply                         plan, show, ask "yes", apply
  qm plan --out p.json && qm apply p.json
                                   apply exactly the reviewed plan (refused if stale)
  qm apply --env dev --auto-approve`,
    )
    .action(async (planFile: string | undefined, flags: ApplyFlags) => ctx.run((rt) => runApply(rt, planFile, flags)));
}

async function runApply(rt: Runtime, planFile: string | undefined, flags: ApplyFlags): Promise<number> {
  const concurrency = Number(flags.concurrency ?? 8);
  if (!Number.isInteger(concurrency) || concurrency < 1 || concurrency > 64) {
    throw new ConfigInvalidError(`--concurrency "${flags.concurrency}" is not a whole number from 1 to 64`, { fix: 'Pass e.g. --concurrency 8' });
  }
  await rt.definitions();
  const expected = planFile ? await readPlanFile(planFile) : await planAndConfirm(rt, flags);
  if (!expected) return EXIT_OK;

  const { found } = await rt.policy();
  if (!found) rt.io.stderr.write(`warning: ${NO_POLICY_MESSAGE}\n`);
  const interrupt = onInterrupt(rt, `the lock expires ${rt.config.lockTtlMs / 1000} s after`);
  const outcome = await rt.qm
    .apply({
      expected,
      actor: rt.config.actor,
      door: 'cli',
      command: 'apply',
      reason: planFile ? `qm apply ${path.basename(planFile)}` : `qm apply${flags.env.length ? ` --env ${flags.env.join(',')}` : ''}`,
      holder: `${rt.config.actor}@${os.hostname()} pid ${process.pid}`,
      onEvent: createApplyProgress(rt.io.stderr, { color: rt.config.color }),
      concurrency,
      signal: interrupt.signal,
    })
    .finally(interrupt.dispose);
  return reportOutcome(rt, outcome);
}

/**
 * Ctrl-C during an apply: the first starts no further action and lets those in flight finish
 * (no instance is left half-resized), so the result is recorded and the lock released; a second
 * quits at once, leaving the lock to expire.
 */
function onInterrupt(rt: Runtime, lockNote: string): { signal: AbortSignal; dispose: () => void } {
  // SIGTERM too: a cancelled CI job gets SIGINT, then SIGTERM, then SIGKILL.
  const signals = ['SIGINT', 'SIGTERM'] as const;
  const controller = new AbortController();
  const second = () => {
    rt.io.stderr.write(`\nQuitting now; ${lockNote} this process stops renewing it.\n`);
    process.exit(130);
  };
  const first = () => {
    controller.abort();
    rt.io.stderr.write('\nInterrupted: starting no more actions; those in flight finish, then the lock is released. Ctrl-C again to quit at once.\n');
    for (const s of signals) {
      process.off(s, first);
      process.once(s, second);
    }
  };
  for (const s of signals) process.once(s, first);
  return {
    signal: controller.signal,
    dispose: () => {
      for (const s of signals) {
        process.off(s, first);
        process.off(s, second);
      }
    },
  };
}


/** The engine's hints in the command line's words. */
const HINT_WORDING: Record<Hint, string> = {
  replan: 'Run `qm plan` again, review the new plan, and apply that one',
};

function reportOutcome(rt: Runtime, outcome: GatedApplyOutcome): number {
  const err = (s: string) => rt.io.stderr.write(`${s}\n`);
  switch (outcome.status) {
    case 'no-changes':
      rt.io.stdout.write('No changes. The fleet matches the definitions.\n');
      return EXIT_OK;
    case 'stale':
      throw new PlanStaleError(
        `the saved plan (fingerprint ${outcome.expectedFingerprint.slice(0, 12)}) no longer matches the definitions and the live fleet (now ${outcome.plan.fingerprint.slice(0, 12)})`,
        { fix: HINT_WORDING[outcome.hint] },
      );
    case 'refused':
      err(`refused: ${outcome.reason}`);
      if (rt.config.actor.startsWith('cli:')) err(`You act as ${rt.config.actor}, which policy.yml cannot know: set QM_ACTOR to your id as written there (github:login#id or slack:U...).`);
      return EXIT_ERROR;
    case 'needs-approval': {
      const { request } = outcome;
      const needs = request.requirements.map((q) => `${q.count} from ${q.group} (${q.reason})`).join('; ');
      err(`Not applied: ${request.id} ${outcome.reused ? 'is still waiting' : 'waits'} for approval: ${needs}.`);
      err(`Ask an approver to run \`qm approve ${request.id}\`, then run this command again before ${request.expiresAt}.`);
      return EXIT_ERROR;
    }
    case 'locked':
      err(`Not applied: ${outcome.env} is locked by ${outcome.heldBy} since ${outcome.since} (${outcome.purpose}). Try again when it finishes; if its holder died, the lock expires by itself, or an authorised person runs \`qm unlock ${outcome.env} --reason ...\`.`);
      return EXIT_ERROR;
    case 'not-claimed':
      err(`Not applied: ${outcome.reason}.`);
      return EXIT_ERROR;
    case 'applied':
      if (outcome.resumed) rt.io.stdout.write(`Resumed ${outcome.request.id}, which an earlier apply left unfinished.\n`);
      rt.io.stdout.write(`\n${renderApplyResultTable(outcome.result, outcome.plan, { color: rt.config.color })}`);
      rt.io.stdout.write(`Request ${outcome.request.id}: ${outcome.request.state}.\n`);
      return outcome.result.ok ? EXIT_OK : EXIT_ERROR;
  }
}

/** Plans now, shows it, and asks; undefined when there is nothing to do or the user said no. */
async function planAndConfirm(rt: Runtime, flags: ApplyFlags): Promise<Plan | undefined> {
  const plan = await rt.qm.plan({ envs: flags.env });
  rt.io.stdout.write(renderPlanText(plan, { color: rt.config.color }));
  if (!hasChanges(plan)) return undefined;
  if (flags.autoApprove) return plan;
  if (!rt.io.confirm) {
    throw new ConfigInvalidError('refusing to apply without confirmation: this is not an interactive terminal', {
      fix: 'Review the plan and pass --auto-approve, or save it with `qm plan --out p.json` and run `qm apply p.json`',
    });
  }
  const yes = await rt.io.confirm('\nDo you want to apply these changes?');
  if (!yes) rt.io.stdout.write('Apply cancelled; nothing was changed.\n');
  return yes ? plan : undefined;
}
