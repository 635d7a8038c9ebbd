import type { Definitions } from '../model/resources.js';

/** What a command is resolved against. Doors build it; nothing here reads a clock or a file. */
export interface ResolveContext {
  definitions: Definitions;
  /**
   * The environment the channel is bound to (policy.yml): `web` means that environment's web,
   * and `status`, `plan` and `drift` with no environment mean it.
   */
  channelEnv?: string;
  /** The instant `--for` counts from and `--until` must be after. */
  now: Date;
}
