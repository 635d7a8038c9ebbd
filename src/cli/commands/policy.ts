import type { Command } from 'commander';
import { didYouMean } from '../../definitions/index.js';
import { selectEnvironments } from '../../engine/env-targets.js';
import { ConfigInvalidError } from '../../errors.js';
import { explainPolicy, POLICY_COMMANDS, renderPolicyExplanation, type PolicyCommand } from '../../gates/index.js';
import type { Definitions } from '../../model/resources.js';
import { EXIT_OK } from '../exit-codes.js';
import type { Runtime } from '../runtime.js';
import { describePolicy, NO_POLICY_MESSAGE } from './check-policy.js';
import type { CommandContext } from './command-context.js';
import { readPlanFile } from './read-plan-file.js';

interface ExplainFlags {
  as?: string;
  plan?: string;
  json?: boolean;
}

export function registerPolicy(program: Command, ctx: CommandContext): void {
  const policy = program
    .command('policy')
    .description('Check policy.yml, and explain who may run a command and who must approve it (docs/policy.md)')
    .addHelpText('after', `
Examples:
  qm policy check
  qm policy explain --as github:davedev#3318842 "apply prod"`);

  policy
    .command('check')
    .description('Validate policy.yml: every error with file:line:col (exit 1 on errors), warnings for rules nobody may approve')
    .addHelpText('after', `
Environment names are checked against the definitions when they load.

Examples:
  qm policy check                  in the definitions repo
  qm --dir examples/fleet policy check`)
    .action(async () => ctx.run(runCheck));

  policy
    .command('explain')
    .description('Say whether someone may run a command in some environments, which approval rules apply and who may approve')
    .argument('<request...>', 'the command and its environments: "apply prod", "unlock dev", "scale staging prod"')
    .option('--as <identity>', 'who asks: github:login#id, slack:U..., or a person of policy.yml (default: QM_ACTOR)')
    .option('--plan <plan-file>', 'a plan saved by `qm plan --out`, so rules on impact, cost and capacity are judged on it (without one, every rule that could apply does)')
    .option('--json', 'print the explanation as JSON')
    .addHelpText('after', `
Examples:
  qm policy explain --as github:davedev#3318842 "apply prod"
  qm policy explain --as alice "unlock prod"
  qm plan --env prod --out prod.plan.json && qm policy explain --as alice --plan prod.plan.json apply
  qm policy explain --as slack:U078PQRST --json "scale staging"`)
    .action(async (request: string[], flags: ExplainFlags) => ctx.run((rt) => runExplain(rt, request, flags)));
}

async function runCheck(rt: Runtime): Promise<number> {
  await quietDefinitions(rt);
  const { policy, found } = await rt.policy('describe');
  rt.io.stdout.write(found ? `${describePolicy(policy, found)}: no errors.\n` : `${NO_POLICY_MESSAGE}\n`);
  return EXIT_OK;
}

async function runExplain(rt: Runtime, request: string[], flags: ExplainFlags): Promise<number> {
  const [command, ...named] = request.join(' ').split(/[\s,]+/).filter(Boolean);
  if (!command || !(POLICY_COMMANDS as readonly string[]).includes(command)) {
    throw new ConfigInvalidError(`"${command ?? ''}" is not a policy command${didYouMean(command ?? '', POLICY_COMMANDS)}`, {
      fix: `Start with one of ${POLICY_COMMANDS.join(', ')}, then the environments: qm policy explain --as <identity> "apply prod"`,
    });
  }
  const plan = flags.plan ? await readPlanFile(flags.plan) : undefined;
  const envs = named.length > 0 ? named : (plan?.envs ?? []);
  if (envs.length === 0) {
    throw new ConfigInvalidError(`name the environments to explain ${command} in`, { fix: `Write them after the command: qm policy explain --as <identity> "${command} prod"` });
  }
  const defs = await quietDefinitions(rt);
  if (defs) selectEnvironments(defs, envs); // an unknown environment is an error with did-you-mean, not a silent "not permitted"
  const { policy } = await rt.policy();
  const explanation = explainPolicy(policy, { as: await rt.actor(flags.as), command: command as PolicyCommand, envs, ...(plan ? { plan } : {}) });
  rt.io.stdout.write(flags.json ? `${JSON.stringify(explanation, null, 2)}\n` : renderPolicyExplanation(explanation));
  return EXIT_OK;
}

/**
 * The definitions when they load, to check environment names against; when they do not, a
 * note (the policy is still checked: a broken definitions tree must not hide policy errors).
 */
async function quietDefinitions(rt: Runtime): Promise<Definitions | undefined> {
  const loaded = await rt.qm.loadDefinitions();
  if (loaded.ok) return loaded.definitions;
  rt.io.stderr.write(`note: the definitions under ${rt.config.dir} do not load (run \`qm validate\`), so environment names are not checked against them, only against the directories under environments/\n`);
  return undefined;
}
