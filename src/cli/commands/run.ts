import os from 'node:os';
import type { Command } from 'commander';
import { renderCommandAnswerText } from '../../render/command-answer-text.js';
import { createApplyProgress } from '../../render/apply-progress.js';
import { EXIT_ERROR, EXIT_OK, EXIT_WAITING } from '../exit-codes.js';
import type { Runtime } from '../runtime.js';
import { AS_OPTION_HELP } from './cli-actor.js';
import type { CommandContext } from './command-context.js';
import type { CommandAnswer } from '../../engine/command-answer.js';

export function registerRun(program: Command, ctx: CommandContext): void {
  program
    .command('run')
    .argument('<command>', 'a chat command, quoted: "scale prod/web t3.large", "shutdown dev --for 2h", "approve req-..."')
    .description('Run a chat command exactly as Slack and GitHub comments do (same grammar, gate, apply, write-back), from the terminal')
    .option('--as <identity>', AS_OPTION_HELP)
    .option('--channel-env <env>', 'act as if typed in a channel bound to this environment')
    .addHelpText('after', `
Exit 0 when done (applied, answered), ${EXIT_WAITING} when waiting for approval, 1 when refused or failed.

Examples:
  qm run "help"
  qm run "scale prod/web t3.large" --as alice        waits for a second SRE
  qm run "approve req-0123456789ab" --as bob         approves, and the change is applied
  qm run "shutdown dev --for 1h" --as dave           reverts by itself (qm overrides expire)
  qm run "status dev"`)
    .action(async (text: string, flags: { as?: string; channelEnv?: string }) => ctx.run((rt) => runChat(rt, text, flags)));
}

async function runChat(rt: Runtime, text: string, flags: { as?: string; channelEnv?: string }): Promise<number> {
  await rt.definitions();
  const actor = await rt.actor(flags.as);
  const answer = await rt.qm.command({
    text,
    actor,
    door: 'cli',
    holder: `${actor}@${os.hostname()} pid ${process.pid}`,
    ...(flags.channelEnv ? { channelEnv: flags.channelEnv } : {}),
    onEvent: createApplyProgress(rt.io.stderr, { color: rt.config.color }),
  });
  rt.io.stdout.write(renderCommandAnswerText(answer, { color: rt.config.color }));
  return exitCodeOf(answer);
}

/** Done, waiting for approval, or refused/failed. */
export function exitCodeOf(answer: CommandAnswer): number {
  const change = answer.kind === 'change' ? answer : answer.kind === 'vote' ? answer.applied : undefined;
  if (answer.kind === 'usage' || answer.kind === 'refused') return EXIT_ERROR;
  if (answer.kind === 'vote' && answer.outcome.outcome === 'refused') return EXIT_ERROR;
  if (answer.kind === 'denied' && answer.outcome.outcome === 'refused') return EXIT_ERROR;
  if (answer.kind === 'unlock' && !answer.outcome.unlocked) return EXIT_ERROR;
  if (!change) return EXIT_OK;
  const o = change.outcome;
  if (o.status === 'needs-approval') return EXIT_WAITING;
  if (o.status === 'applied') return o.result.ok ? EXIT_OK : EXIT_ERROR;
  return o.status === 'no-changes' ? EXIT_OK : EXIT_ERROR;
}
