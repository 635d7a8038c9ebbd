import type { Command } from 'commander';
import { EXIT_OK } from '../exit-codes.js';
import { describePolicy } from './check-policy.js';
import type { CommandContext } from './command-context.js';

export function registerValidate(program: Command, ctx: CommandContext): void {
  program
    .command('validate')
    .description('Check the definitions (and policy.yml) without reading the cloud; every error with file:line:col')
    .addHelpText('after', `
Examples:
  qm validate                      the definitions in the current directory
  qm --dir examples/fleet validate
  qm policy check                  only policy.yml`)
    .action(async () =>
      ctx.run(async (rt) => {
        const defs = await rt.definitions();
        const byEnv = defs.environments.map((e) => `${e.name} (${defs.resources.filter((r) => r.env === e.name).length})`);
        rt.io.stdout.write(`Valid: ${count(defs.resources.length, 'resource')} in ${count(defs.environments.length, 'environment')}: ${byEnv.join(', ')}.\n`);
        const { policy, found } = await rt.policy('describe');
        rt.io.stdout.write(`${describePolicy(policy, found)}\n`);
        return EXIT_OK;
      }),
    );
}

function count(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}
