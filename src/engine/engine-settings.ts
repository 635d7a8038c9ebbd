import path from 'node:path';
import type { ScriptedFailure } from '../cloud/sim/sim-options.js';
import { AWS_OPERATIONS } from '../cloud/aws/aws-operations.js';
import { didYouMean } from '../definitions/did-you-mean.js';
import { ConfigInvalidError } from '../errors.js';

/**
 * The settings every door shares (DESIGN.md, "The flow of one change", 1): which cloud, which
 * store, where state lives, AWS endpoints and retries, lock lifetime. Parsed once, from an
 * environment-like record the door hands in; each door adds only its own flags or inputs.
 * Nothing below the door reads process.env (STYLE.md 2).
 */
export interface EngineSettings {
  provider: 'sim' | 'aws';
  /** Definitions root, when the definitions are a directory (the CLI, a checkout in Actions). */
  dir: string;
  /** Where the sim fleet and the embedded store live: QM_STATE_DIR, else `<dir>/.qm`. */
  stateDir: string;
  simStatePath: string;
  /** The account the sim's credentials act in; unset: each environment's own (the account check passes). */
  simAccountId?: string;
  /** `fast` (QM_SIM_SPEED=fast): sim transitions in a fraction of a second, for demos and tests. */
  simSpeed: 'aws-like' | 'fast';
  /**
   * QM_SIM_FAULTS: failures the sim answers first, as JSON
   * (`[{"operation":"RunInstances","errorCode":"InsufficientInstanceCapacity","times":3}]`), to
   * see how a door reports a failed apply; counted per process.
   */
  simFaults?: ScriptedFailure[];
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
}

export type EnvRecord = Record<string, string | undefined>;

export interface SettingsOverrides {
  /** A door's own flag or input for the provider (`--provider`, the action's `provider` input); wins over QM_PROVIDER. */
  provider?: string;
  /** A door's own definitions root (`--dir`, the action's `path` input); wins over QM_DEFINITIONS_DIR. */
  dir?: string;
}

/**
 * @example
 * const settings = parseEngineSettings(process.env, { provider: core.getInput('provider') || undefined, dir: core.getInput('path') });
 * @throws ConfigInvalidError naming the variable, the bad value and what is expected.
 */
export function parseEngineSettings(given: EnvRecord, overrides: SettingsOverrides = {}): EngineSettings {
  // An empty variable is an unset one (CI passes unset inputs as ""): never a provider named "" or a state directory of cwd.
  const env: EnvRecord = Object.fromEntries(Object.entries(given).filter(([, v]) => v !== ''));
  const provider = overrides.provider ?? env.QM_PROVIDER ?? 'sim';
  if (provider !== 'sim' && provider !== 'aws') {
    throw new ConfigInvalidError(`provider "${provider}" is not known (expected "sim" or "aws")`, {
      fix: 'Pass --provider aws or --provider sim, or set QM_PROVIDER to one of them',
    });
  }
  const dir = path.resolve(overrides.dir ?? env.QM_DEFINITIONS_DIR ?? '.');
  // The sim fleet and the embedded store belong to the definitions repo they serve (git-ignore `.qm/`).
  const stateDir = path.resolve(env.QM_STATE_DIR ?? path.join(dir, '.qm'));
  const maxAttempts = wholeNumber(env, 'QM_AWS_MAX_ATTEMPTS', 1, 30, 'Unset it for the default (10) or set a number such as 10');
  const pollSeconds = wholeNumber(env, 'QM_AWS_POLL_SECONDS', 1, 120, "Unset it for AWS's default (15), or set e.g. 2 for a LocalStack-style endpoint", ' of seconds');
  const lockTtlSeconds = wholeNumber(env, 'QM_LOCK_TTL_SECONDS', 1, 86_400, 'Unset it for the default (300)', ' of seconds') ?? 300;
  const unmanaged = env.QM_AWS_UNMANAGED ?? 'report';
  if (unmanaged !== 'report' && unmanaged !== 'ignore') {
    throw new ConfigInvalidError(`QM_AWS_UNMANAGED "${unmanaged}" is not known (expected "report" or "ignore")`, {
      fix: 'Unset it to report untagged resources, or set QM_AWS_UNMANAGED=ignore to read only managed ones',
    });
  }
  if (provider === 'aws') for (const name of ENDPOINT_VARIABLES) checkEndpoint(name, env[name]);
  return {
    provider,
    dir,
    stateDir,
    simStatePath: path.resolve(env.QM_SIM_STATE ?? path.join(stateDir, 'sim-fleet.json')),
    ...(env.QM_SIM_ACCOUNT_ID ? { simAccountId: env.QM_SIM_ACCOUNT_ID } : {}),
    simSpeed: parseSimSpeed(env.QM_SIM_SPEED),
    ...(env.QM_SIM_FAULTS ? { simFaults: parseSimFaults(env.QM_SIM_FAULTS) } : {}),
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
  };
}

const ENDPOINT_VARIABLES = ['AWS_ENDPOINT_URL', 'AWS_ENDPOINT_URL_EC2', 'AWS_ENDPOINT_URL_AUTO_SCALING', 'AWS_ENDPOINT_URL_CLOUDWATCH', 'AWS_ENDPOINT_URL_STS'];

/** An endpoint override is an http(s) URL; anything else reaches the SDK as a baffling "NotFound" or DNS error. */
function checkEndpoint(name: string, value: string | undefined): void {
  if (value === undefined) return;
  const url = URL.canParse(value) ? new URL(value) : undefined;
  if (url && (url.protocol === 'http:' || url.protocol === 'https:') && url.hostname) return;
  // Quoted only when it cannot carry a password (user:pass@host).
  const shown = value.includes('@') ? '(not shown: it has an @, so perhaps a password)' : `"${value}"`;
  throw new ConfigInvalidError(`${name} ${shown} is not an http:// or https:// URL`, { fix: `Set it to e.g. http://localhost:4566 (LocalStack), or unset it to use AWS itself` });
}

/** A whole number from `min` to `max` in `env[name]`, undefined when unset or empty. */
function wholeNumber(env: EnvRecord, name: string, min: number, max: number, fix: string, unit = ''): number | undefined {
  const raw = env[name];
  if (raw === undefined || raw === '') return undefined;
  const n = Number(raw);
  if (!(Number.isInteger(n) && n >= min && n <= max)) {
    throw new ConfigInvalidError(`${name} "${raw}" is not a whole number${unit} from ${min} to ${max}`, { fix });
  }
  return n;
}

function parseSimFaults(value: string): ScriptedFailure[] {
  const fix = 'Set it to a JSON list such as [{"operation":"RunInstances","errorCode":"InsufficientInstanceCapacity","times":2}], or unset it';
  let parsed: unknown;
  try {
    parsed = JSON.parse(value);
  } catch {
    throw new ConfigInvalidError('QM_SIM_FAULTS is not JSON', { fix });
  }
  const ok = (f: unknown): f is ScriptedFailure => {
    const o = f as Record<string, unknown>;
    return typeof o === 'object' && o !== null && typeof o.operation === 'string' && typeof o.errorCode === 'string' && (o.times === undefined || (Number.isInteger(o.times) && (o.times as number) > 0));
  };
  if (!Array.isArray(parsed)) throw new ConfigInvalidError('QM_SIM_FAULTS is not a list of {operation, errorCode, times?}', { fix });
  parsed.forEach((f: unknown, i) => {
    if (!ok(f)) throw new ConfigInvalidError(`QM_SIM_FAULTS[${i}] is not {operation, errorCode, times?} (strings, and times a whole number from 1)`, { fix });
    // A fault on an operation qm never calls would never fire: the test it sets up would pass for nothing.
    if (!SIM_OPERATIONS.includes(f.operation)) {
      throw new ConfigInvalidError(`QM_SIM_FAULTS[${i}] operation "${f.operation}" is not an AWS call Quartermaster makes${didYouMean(f.operation, SIM_OPERATIONS)}`, {
        fix: `Use one of: ${SIM_OPERATIONS.join(', ')}`,
      });
    }
  });
  return parsed as ScriptedFailure[];
}

/** The API calls (without their service) a sim fault may name: every call the AWS adapter makes. */
const SIM_OPERATIONS = [...new Set(Object.keys(AWS_OPERATIONS).map((k) => k.slice(k.indexOf(':') + 1)))].sort();

function parseSimSpeed(value: string | undefined): 'aws-like' | 'fast' {
  if (value === undefined || value === '' || value === 'aws-like') return 'aws-like';
  if (value === 'fast') return 'fast';
  throw new ConfigInvalidError(`QM_SIM_SPEED "${value}" is not known (expected "fast" or "aws-like")`, { fix: 'Unset it, or set QM_SIM_SPEED=fast' });
}
