import type { Command } from 'commander';
import { definitionsJsonSchema, environmentJsonSchema } from '../../definitions/index.js';
import { EXIT_OK } from '../exit-codes.js';
import type { CommandContext } from './command-context.js';

export function registerSchema(program: Command, ctx: CommandContext): void {
  program
    .command('schema')
    .description('Print the JSON Schema of resource files (or of environment.yml) for editors')
    .option('--environment', 'the schema of environment.yml instead')
    .addHelpText('after', `
Examples:
  qm schema > schema/definitions.schema.json
  then start each YAML file with:
  # yaml-language-server: $schema=../../schema/definitions.schema.json`)
    .action(async (flags: { environment?: boolean }) =>
      ctx.run(async (rt) => {
        const schema = flags.environment ? environmentJsonSchema() : definitionsJsonSchema();
        rt.io.stdout.write(`${JSON.stringify(schema, null, 2)}\n`);
        return EXIT_OK;
      }),
    );
}
