import type { Command } from 'commander';
import type { EnvRecord } from '../../engine/engine-settings.js';
import type { Runtime } from '../runtime.js';
import type { CommandContext } from './command-context.js';

/** What `qm bot` needs of the bot module (bot/start-bot.ts); kept here so src/ never imports bot/ statically. */
export interface BotModule {
  runBotCommand(input: { env: EnvRecord; flags: { dir?: string; provider?: string; port?: string } }): Promise<number>;
}

/**
 * bot/start-bot, found from this file: src/cli/commands/bot.ts (tsx, tests) reaches
 * bot/start-bot.ts; build/cli/bundle/qm.js (the bundled CLI, scripts/build-cli.mjs) reaches the bot's own build, build/bot/bot/start-bot.js.
 * The bot lives outside src/ (it is a door, with its own dependencies), so it is loaded at run time.
 */
export function botModuleUrl(here: string = import.meta.url): URL {
  return here.endsWith('.ts') ? new URL('../../../bot/start-bot.ts', here) : new URL('../../bot/bot/start-bot.js', here);
}

export function registerBot(program: Command, ctx: CommandContext): void {
  program
    .command('bot')
    .description('Serve the chat doors: Slack (/slack/events) and GitHub comments (/api/github/webhooks) on one port, with /healthz and /readyz')
    .option('--port <n>', 'the port (default: PORT, else 3000)')
    .addHelpText('after', `
Configuration comes from the environment; every missing variable is named at start-up:
  PORT                                   default 3000
  SLACK_BOT_TOKEN, SLACK_SIGNING_SECRET  the Slack door (SLACK_APP_TOKEN: Socket Mode; SLACK_API_URL)
  APP_ID, PRIVATE_KEY | PRIVATE_KEY_PATH, WEBHOOK_SECRET   the GitHub App (GITHUB_API_URL for Enterprise)
  QM_DEFINITIONS_REPO=owner/name         definitions read from its default branch (or --dir <path>)
  QM_DATABASE_URL                        postgres://... to run several replicas on one state
Either door may be configured alone. SIGTERM or SIGINT: stop accepting, finish commands in
flight (up to 25 s), close the store. See docs/bot.md.

Examples:
  qm bot --dir ./fleet                                  one team, definitions in a checkout
  QM_DEFINITIONS_REPO=acme/fleet qm bot                 definitions read from GitHub`)
    .action(async (flags: { port?: string }, command: Command) =>
      ctx.run(async (rt) => {
        const globals = command.optsWithGlobals<{ dir?: string; provider?: string }>();
        return runBot(rt, { ...(globals.dir ? { dir: globals.dir } : {}), ...(globals.provider ? { provider: globals.provider } : {}), ...(flags.port ? { port: flags.port } : {}) });
      }),
    );
}

async function runBot(rt: Runtime, flags: { dir?: string; provider?: string; port?: string }): Promise<number> {
  const bot = (await import(botModuleUrl().href)) as BotModule;
  return bot.runBotCommand({ env: rt.env, flags });
}
