import type { CommandAnswer } from '../../src/engine/command-answer.js';
import type { CommandRequest } from '../../src/engine/run-command.js';
import type { PreviewRequirement } from '../../src/gates/index.js';
import type { ApprovalRequest, Door } from '../../src/store/store.js';

/**
 * What the Slack door asks of the engine: the facade's methods it uses, so the real
 * Quartermaster (openQuartermaster) passes as it is and tests pass a fake.
 *
 * @example const door = createSlackApp({ settings, engine: qm, membership })
 */
export interface SlackEngine {
  /** A chat command, parsed, gated, applied: answered as data. */
  command(req: CommandRequest): Promise<CommandAnswer>;
  /** One request as of now. */
  request(id: string): Promise<ApprovalRequest | undefined>;
  /** The environment a channel is bound to in policy.yml, if any. */
  channelEnv(door: Door, channel: string): Promise<string | undefined>;
  /** Open requests (or, with `all`, the most recent in every state): for the App Home. */
  requests(query?: { env?: string; all?: boolean }): Promise<ApprovalRequest[]>;
  /** Who may approve a request's requirements: for the App Home. */
  approvalsOf(request: ApprovalRequest): Promise<PreviewRequirement[]>;
}
