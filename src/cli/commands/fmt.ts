import type { Command } from 'commander';
import { formatDefinitions } from '../../definitions/index.js';
import { EXIT_CHANGES, EXIT_OK } from '../exit-codes.js';
import type { CommandContext } from './command-context.js';

export function registerFmt(program: Command, ctx: CommandContext): void {
  for (const name of ['fmt', 'init'] as const) {
    program
      .command(name)
      .description(
        name === 'fmt'
          ? 'Write a uuid into every resource that lacks one, keeping comments and layout'
          : 'Give every resource its identity (a uuid written once); same as fmt, for a new repo',
      )
      .option('--check', 'change nothing; exit 2 when a file would change')
      .addHelpText('after', `
Examples:
  qm ${name}                           add missing uuids in place
  qm ${name} --check                   in CI: fail when a resource has no uuid`)
      .action(async (flags: { check?: boolean }) =>
        ctx.run(async (rt) => {
          const { changed } = await formatDefinitions(rt.config.dir, { check: Boolean(flags.check) });
          const verb = flags.check ? 'would add' : 'added';
          for (const f of changed) rt.io.stdout.write(`${f.file}: ${verb} ${f.added} uuid${f.added === 1 ? '' : 's'}\n`);
          if (changed.length === 0) rt.io.stdout.write('Every resource has its uuid; nothing to change.\n');
          return flags.check && changed.length > 0 ? EXIT_CHANGES : EXIT_OK;
        }),
      );
  }
}
