import path from 'node:path';
import { ConfigInvalidError } from '../errors.js';

/**
 * Everything the `qm` door takes from its environment and global flags, parsed once
 * (STYLE.md 2). Nothing below the door reads process.env.
 */
export interface DoorConfig {
  provider: 'sim' | 'aws';
  /** Definitions root. */
  dir: string;
  simStatePath: string;
  /** The account the sim's credentials act in; unset: each environment's own (the account check passes). */
  simAccountId?: string;
  /** `fast` (QM_SIM_SPEED=fast): sim transitions in a fraction of a second, for demos and tests. */
  simSpeed: 'aws-like' | 'fast';
  databaseUrl?: string;
  /** Where the embedded store lives when databaseUrl is unset. */
  sqlitePath: string;
  aws: {
    endpoints: { default?: string; ec2?: string; autoScaling?: string; cloudWatch?: string; sts?: string };
    maxAttempts?: number;
    /** QM_AWS_POLL_SECONDS: how often waits poll (SDK waiters and instance refreshes); default AWS's 15 s. */
    pollSeconds?: number;
    /** QM_AWS_UNMANAGED: `report` (sweep the region to report untagged resources) or `ignore` (tag-filtered reads only). */
    unmanaged: 'report' | 'ignore';
  };
  /** QM_LOCK_TTL_SECONDS: how long an environment lock outlives a holder that died (default 300). */
  lockTtlMs: number;
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

type Env = Record<string, string | undefined>;

/** @example parseDoorConfig({ provider: 'aws' }, process.env, process.stdout.isTTY) */
export function parseDoorConfig(flags: GlobalFlags, env: Env, isTTY: boolean, username = 'unknown'): DoorConfig {
  const provider = flags.provider ?? env.QM_PROVIDER ?? 'sim';
  if (provider !== 'sim' && provider !== 'aws') {
    throw new ConfigInvalidError(`provider "${provider}" is not known (expected "sim" or "aws")`, {
      fix: 'Pass --provider aws or --provider sim, or set QM_PROVIDER to one of them',
    });
  }
  const dir = path.resolve(flags.dir ?? env.QM_DEFINITIONS_DIR ?? '.');
  // The sim fleet and the embedded store belong to the definitions repo they serve (git-ignore `.qm/`).
  const stateDir = path.resolve(env.QM_STATE_DIR ?? path.join(dir, '.qm'));
  const maxAttempts = env.QM_AWS_MAX_ATTEMPTS ? Number(env.QM_AWS_MAX_ATTEMPTS) : undefined;
  if (maxAttempts !== undefined && !(Number.isInteger(maxAttempts) && maxAttempts >= 1 && maxAttempts <= 30)) {
    throw new ConfigInvalidError(`QM_AWS_MAX_ATTEMPTS "${env.QM_AWS_MAX_ATTEMPTS}" is not a whole number from 1 to 30`, {
      fix: 'Unset it for the default (10) or set a number such as 10',
    });
  }
  const pollSeconds = env.QM_AWS_POLL_SECONDS ? Number(env.QM_AWS_POLL_SECONDS) : undefined;
  if (pollSeconds !== undefined && !(Number.isInteger(pollSeconds) && pollSeconds >= 1 && pollSeconds <= 120)) {
    throw new ConfigInvalidError(`QM_AWS_POLL_SECONDS "${env.QM_AWS_POLL_SECONDS}" is not a whole number of seconds from 1 to 120`, {
      fix: 'Unset it for AWS\'s default (15), or set e.g. 2 for a LocalStack-style endpoint',
    });
  }
  const lockTtlSeconds = env.QM_LOCK_TTL_SECONDS ? Number(env.QM_LOCK_TTL_SECONDS) : 300;
  if (!(Number.isInteger(lockTtlSeconds) && lockTtlSeconds >= 1 && lockTtlSeconds <= 86_400)) {
    throw new ConfigInvalidError(`QM_LOCK_TTL_SECONDS "${env.QM_LOCK_TTL_SECONDS}" is not a whole number of seconds from 1 to 86400`, {
      fix: 'Unset it for the default (300)',
    });
  }
  const unmanaged = env.QM_AWS_UNMANAGED ?? 'report';
  if (unmanaged !== 'report' && unmanaged !== 'ignore') {
    throw new ConfigInvalidError(`QM_AWS_UNMANAGED "${unmanaged}" is not known (expected "report" or "ignore")`, {
      fix: 'Unset it to report untagged resources, or set QM_AWS_UNMANAGED=ignore to read only managed ones',
    });
  }
  const ci = Boolean(env.CI) && env.CI !== 'false';
  const noColor = env.NO_COLOR !== undefined && env.NO_COLOR !== '';
  return {
    provider,
    dir,
    simStatePath: path.resolve(env.QM_SIM_STATE ?? path.join(stateDir, 'sim-fleet.json')),
    ...(env.QM_SIM_ACCOUNT_ID ? { simAccountId: env.QM_SIM_ACCOUNT_ID } : {}),
    simSpeed: parseSimSpeed(env.QM_SIM_SPEED),
    ...(env.QM_DATABASE_URL ? { databaseUrl: env.QM_DATABASE_URL } : {}),
    sqlitePath: path.join(stateDir, 'state.db'),
    aws: {
      endpoints: {
        ...(env.AWS_ENDPOINT_URL ? { default: env.AWS_ENDPOINT_URL } : {}),
        ...(env.AWS_ENDPOINT_URL_EC2 ? { ec2: env.AWS_ENDPOINT_URL_EC2 } : {}),
        ...(env.AWS_ENDPOINT_URL_AUTO_SCALING ? { autoScaling: env.AWS_ENDPOINT_URL_AUTO_SCALING } : {}),
        ...(env.AWS_ENDPOINT_URL_CLOUDWATCH ? { cloudWatch: env.AWS_ENDPOINT_URL_CLOUDWATCH } : {}),
        ...(env.AWS_ENDPOINT_URL_STS ? { sts: env.AWS_ENDPOINT_URL_STS } : {}),
      },
      ...(maxAttempts !== undefined ? { maxAttempts } : {}),
      ...(pollSeconds !== undefined ? { pollSeconds } : {}),
      unmanaged,
    },
    lockTtlMs: lockTtlSeconds * 1000,
    color: flags.color !== false && !noColor && (isTTY || env.FORCE_COLOR !== undefined),
    isTTY,
    ci,
    actor: env.QM_ACTOR?.trim() ? env.QM_ACTOR.trim() : `cli:${username}`,
  };
}

function parseSimSpeed(value: string | undefined): 'aws-like' | 'fast' {
  if (value === undefined || value === '' || value === 'aws-like') return 'aws-like';
  if (value === 'fast') return 'fast';
  throw new ConfigInvalidError(`QM_SIM_SPEED "${value}" is not known (expected "fast" or "aws-like")`, { fix: 'Unset it, or set QM_SIM_SPEED=fast' });
}
