import os from 'node:os';
import path from 'node:path';
import type { Command } from 'commander';
import { ConfigInvalidError, PlanStaleError } from '../../errors.js';
import { hasChanges, type Plan } from '../../model/plan.js';
import { renderPlanText } from '../../render/index.js';
import { readPlanFile } from './read-plan-file.js';
import { createApplyProgress } from '../../render/apply-progress.js';
import { renderApplyResultTable } from '../../render/apply-result-table.js';
import type { GatedApplyOutcome } from '../../engine/gated-apply.js';
import type { Hint } from '../../engine/hints.js';
import { EXIT_ERROR, EXIT_OK, EXIT_WAITING } from '../exit-codes.js';
import { AS_OPTION_HELP } from './cli-actor.js';
import { IDENTITY_NOTE } from './identity-note.js';
import type { Runtime } from '../runtime.js';
import { collectEnv, type CommandContext } from './command-context.js';

interface ApplyFlags {
  env: string[];
  autoApprove?: boolean;
  concurrency?: string;
  as?: string;
  full?: boolean;
}

export function registerApply(program: Command, ctx: CommandContext): void {
  program
    .command('apply')
    .argument('[plan-file]', 'a plan saved by `qm plan --out`; refused if the fleet or definitions changed since')
    .description('Make the fleet equal the definitions')
    .option('-e, --env <name>', 'only this environment (repeatable; not with a plan file)', collectEnv, [])
    .option('--auto-approve', 'do not ask for confirmation (needed when not on a terminal)')
    .option('--concurrency <n>', 'actions run at once', '8')
    .option('--as <identity>', AS_OPTION_HELP)
    .option('--full', 'show every change on its own in the plan asked about (by default 10 or more alike are shown as one)')
    .addHelpText(
      'after',
      `
The gate (policy.yml) is checked before anything is asked: "yes" is asked only when the change
may be applied now. A change the policy refuses is not applied (exit 1); one that needs
approval opens a request and exits ${EXIT_WAITING} without asking; run the same command again
once it is approved.

Exit 0 when applied (or nothing to do), ${EXIT_WAITING} when waiting for approval, 1 when refused or failed.
${IDENTITY_NOTE}

Examples:
  qm apply                         plan, show, check the gate, ask "yes", apply
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
  if (planFile && flags.env.length > 0) {
    // Ignoring --env would apply environments the user did not name (the plan file's own).
    throw new ConfigInvalidError(`--env ${flags.env.join(' --env ')} cannot be used with the plan file ${planFile}: a plan file applies exactly the environments it was planned for`, {
      fix: `Run \`qm apply ${planFile}\` without --env, or save a plan of only that environment with \`qm plan --env ${flags.env[0]} --out plan.json\``,
    });
  }
  await rt.definitions();
  await rt.policy(); // a bad policy stops here; without one, the runtime says the command line is not gated
  const actor = await rt.actor(flags.as);
  const expected = planFile ? await readPlanFile(planFile) : await planAndConfirm(rt, flags, actor);
  if (!expected) return EXIT_OK;

  const interrupt = onInterrupt(rt, `the lock expires ${rt.config.lockTtlMs / 1000} s after`);
  const outcome = await rt.qm
    .apply({
      expected,
      actor,
      door: 'cli',
      command: 'apply',
      reason: planFile ? `qm apply ${path.basename(planFile)}` : `qm apply${flags.env.length ? ` --env ${flags.env.join(',')}` : ''}`,
      holder: `${actor}@${os.hostname()} pid ${process.pid}`,
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

async function reportOutcome(rt: Runtime, outcome: GatedApplyOutcome): Promise<number> {
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
      return EXIT_ERROR;
    case 'needs-approval': {
      const { request } = outcome;
      err(`Not applied: ${request.id} ${outcome.reused ? 'is still waiting' : 'waits'} for approval:`);
      for (const q of await rt.qm.approvalsOf(request)) {
        const who = q.approvers.length > 0 ? q.approvers.join(', ') : 'nobody the policy names';
        err(`  ${q.count} from ${q.group} (${q.reason}): any of ${who}`);
      }
      err(`Ask one of them to run \`qm approve ${request.id}\`, then run this command again before ${request.expiresAt}.`);
      return EXIT_WAITING;
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

/**
 * Plans now, shows it, checks the gate, and asks "yes" only when the change may be applied now:
 * a refused change or one that needs approval goes on to the gated apply without asking (it
 * refuses, or opens the request; nothing is applied). Undefined when there is nothing to do or
 * the user said no.
 */
async function planAndConfirm(rt: Runtime, flags: ApplyFlags, actor: string): Promise<Plan | undefined> {
  const plan = await rt.qm.plan({ envs: flags.env });
  rt.io.stdout.write(renderPlanText(plan, { color: rt.config.color, full: flags.full }));
  if (!hasChanges(plan)) return undefined;
  if (!(await appliesNow(rt, plan, actor))) return plan;
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

/** Whether the gate lets `actor` apply `plan` now: allowed outright, or approved already (a request for exactly this plan). */
async function appliesNow(rt: Runtime, plan: Plan, actor: string): Promise<boolean> {
  const preview = await rt.qm.previewGate({ actor, command: 'apply', plan, door: 'cli' });
  if (preview.decision === 'allowed') return true;
  if (preview.decision === 'refused') return false;
  const open = await rt.qm.requests();
  return open.some((r) => r.state === 'approved' && r.fingerprint === plan.fingerprint);
}
