import { existsSync } from 'node:fs';
import path from 'node:path';
import { Option, type Command } from 'commander';
import { iamPolicy } from '../../cloud/aws/iam-policy.js';
import { EXIT_OK } from '../exit-codes.js';
import type { Runtime } from '../runtime.js';
import type { CommandContext } from './command-context.js';

export function registerIamPolicy(program: Command, ctx: CommandContext): void {
  program
    .command('iam-policy')
    .description('Print the least-privilege IAM policy for exactly the AWS calls Quartermaster makes')
    .addOption(new Option('--plan', 'the read-only policy, for plan and drift (the default)').conflicts('apply'))
    .addOption(new Option('--apply', 'the policy for apply (reads and writes)'))
    .addHelpText('after', `
Run inside a definitions repo, the policy also allows sts:AssumeRole on every environment's role_arn.

Examples:
  qm iam-policy --plan  > qm-plan-policy.json     for the pull-request role
  qm iam-policy --apply > qm-apply-policy.json    for the merge and chat roles`)
    .action(async (flags: { plan?: boolean; apply?: boolean }) =>
      ctx.run(async (rt) => {
        const assumeRoleArns = await environmentRoles(rt);
        rt.io.stdout.write(`${JSON.stringify(iamPolicy(flags.apply ? 'apply' : 'plan', { assumeRoleArns }), null, 2)}\n`);
        return EXIT_OK;
      }),
    );
}

/** The role_arn of every environment, when the command runs in a definitions repo. */
async function environmentRoles(rt: Runtime): Promise<string[]> {
  if (!existsSync(path.join(rt.config.dir, 'environments'))) return [];
  const defs = await rt.definitions();
  return [...new Set(defs.environments.flatMap((e) => (e.roleArn ? [e.roleArn] : [])))].sort();
}
