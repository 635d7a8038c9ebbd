import type { CommandAnswer } from '../../src/engine/command-answer.js';
import type { Quartermaster } from '../../src/engine/open-quartermaster.js';
import type { CommandRequest } from '../../src/engine/run-command.js';
import type { Door } from '../../src/store/store.js';

/** What `/qm plan` and `/qm apply` on a pull request use of a facade opened on its head. */
export type PullRequestQuartermaster = Pick<Quartermaster, 'loadDefinitions' | 'loadPolicy' | 'plan' | 'previewGate' | 'apply' | 'approvalsOf' | 'close'>;

/** A pull request, as the door asks for its definitions. */
export interface PullRequestRef {
  owner: string;
  repo: string;
  number: number;
  headSha: string;
}

/**
 * All the GitHub comment door asks of the engine (STYLE.md 5): the bot passes its BotEngine
 * and the pull-request source; tests pass a fake.
 */
export interface GitHubDoorEngine {
  /** One chat command, as every door runs it (`qm.command`). */
  command(req: CommandRequest): Promise<CommandAnswer>;
  /** The environment policy.yml binds a channel (here `owner/repo`) to, if any. */
  channelEnv(door: Door, channel: string): Promise<string | undefined>;
  /**
   * A facade on the definitions at a pull request's head, judged by the default branch's
   * policy (never the one the pull request edits); or why there is none (the pull request is
   * not in the definitions repository, or the definitions are a local directory). Its owner
   * closes it.
   */
  pullRequest(pr: PullRequestRef): Promise<{ ok: true; qm: PullRequestQuartermaster } | { ok: false; reason: string }>;
}
