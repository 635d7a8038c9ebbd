import { Command, CommanderError } from 'commander';
import { describeFsError, isQmError } from '../errors.js';
import { EXIT_ERROR } from './exit-codes.js';
import { processIo, type CliIo } from './io.js';
import { createRuntime, type Runtime } from './runtime.js';
import type { GlobalFlags } from './door-config.js';
import { registerCommands } from './commands/index.js';
import { pathToFileURL } from 'node:url';

/**
 * The `qm` door: parses argv and env once, runs one command, returns its exit code.
 *
 * @example process.exitCode = await main(process.argv.slice(2), process.env, await processIo());
 */
export async function main(argv: string[], env: Record<string, string | undefined>, io: CliIo): Promise<number> {
  let exitCode = 0;
  const program = new Command('qm')
    .description('Quartermaster: keep a fleet of AWS compute equal to YAML definitions in git')
    .option('--provider <name>', 'aws or sim (default: QM_PROVIDER, else sim)')
    .option('-d, --dir <path>', 'the definitions root (default: QM_DEFINITIONS_DIR, else .)')
    .option('--no-color', 'plain output')
    .showHelpAfterError()
    .exitOverride()
    .configureOutput({ writeOut: (s) => io.stdout.write(s), writeErr: (s) => io.stderr.write(s) })
    .addHelpText('after', `
Environment:
  QM_PROVIDER         aws | sim                 QM_SIM_STATE    the sim fleet file (default .qm/sim-fleet.json)
  QM_DATABASE_URL     postgres://... (unset: embedded file .qm/state.db)
  AWS_ENDPOINT_URL[_EC2|_AUTO_SCALING|_CLOUDWATCH]  LocalStack-style endpoints
Exit codes: 0 ok, 1 error, 2 changes or drift (with --detailed-exitcode, drift, fmt --check), 3 waiting for approval (apply, run)`);

  registerCommands(program, {
    run: async (body) => {
      const flags = program.opts<GlobalFlags>();
      let rt: Runtime | undefined;
      try {
        rt = createRuntime(flags, io, env);
        exitCode = await body(rt);
      } catch (e) {
        exitCode = reportError(e, io);
      } finally {
        await rt?.close().catch(() => undefined);
      }
    },
  });

  try {
    await program.parseAsync(argv, { from: 'user' });
  } catch (e) {
    if (e instanceof CommanderError) return e.exitCode === 0 ? 0 : EXIT_ERROR;
    return reportError(e, io);
  }
  return exitCode;
}

/**
 * Known faults print their coded message (which ends with the fix); a file-system error that
 * escaped its edge names its path, not a stack; anything else is a bug, with its stack.
 */
function reportError(e: unknown, io: CliIo): number {
  const fs = e as NodeJS.ErrnoException;
  if (isQmError(e)) {
    io.stderr.write(`error [${e.code}]: ${e.message}\n`);
  } else if (typeof fs?.path === 'string' && describeFsError(e) !== undefined) {
    io.stderr.write(`error: cannot ${fs.syscall ?? 'use'} ${fs.path}: ${describeFsError(e)}. Fix the file or directory named, or point qm elsewhere (--dir, QM_STATE_DIR)\n`);
  } else {
    io.stderr.write(`error: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
    io.stderr.write('This is a fault in qm, not in your definitions; please report it with the lines above.\n');
  }
  return EXIT_ERROR;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  process.exitCode = await main(process.argv.slice(2), process.env, await processIo());
}
