import { parseEngineSettings, type EngineSettings, type EnvRecord } from '../engine/engine-settings.js';

/**
 * Everything the `qm` door takes from its environment and global flags, parsed once
 * (STYLE.md 2): the settings every door shares (parsed by the engine), plus the terminal's.
 * Nothing below the door reads process.env.
 */
export interface DoorConfig extends EngineSettings {
  color: boolean;
  isTTY: boolean;
  ci: boolean;
  /**
   * Who is acting at this door: QM_ACTOR as given (`github:login#id`, `slack:U...`, so the
   * policy can match it), else `cli:<os user>` (which no policy names). Asserted, not
   * authenticated: see docs/policy.md, "Command line".
   */
  actor: string;
}

export interface GlobalFlags {
  provider?: string;
  dir?: string;
  color?: boolean;
}

/** @example parseDoorConfig({ provider: 'aws' }, process.env, process.stdout.isTTY) */
export function parseDoorConfig(flags: GlobalFlags, env: EnvRecord, isTTY: boolean, username = 'unknown'): DoorConfig {
  const settings = parseEngineSettings(env, { ...(flags.provider ? { provider: flags.provider } : {}), ...(flags.dir ? { dir: flags.dir } : {}) });
  const noColor = env.NO_COLOR !== undefined && env.NO_COLOR !== '';
  return {
    ...settings,
    color: flags.color !== false && !noColor && (isTTY || env.FORCE_COLOR !== undefined),
    isTTY,
    ci: Boolean(env.CI) && env.CI !== 'false',
    actor: env.QM_ACTOR?.trim() ? env.QM_ACTOR.trim() : `cli:${username}`,
  };
}
