import { readFileSync } from 'node:fs';
import path from 'node:path';
import { ConfigInvalidError } from '../../src/errors.js';
import { parseEngineSettings, type EngineSettings, type EnvRecord } from '../../src/engine/engine-settings.js';

/**
 * Everything an action takes from its inputs and the runner's environment, parsed once at the
 * edge (STYLE.md 2), as actions/checkout's getInputs() does. The engine's shared settings come
 * from the same QM_* / AWS_* variables `qm` reads; the action adds its own inputs.
 */
export interface ActionSettings {
  engine: EngineSettings;
  /** The `path` input relative to the repository root, with forward slashes; '' for the root. */
  pathInRepo: string;
  /** Environments the `environments` input names; undefined when it is empty (the action decides). */
  envs?: string[];
  /** Which sticky comment is this run's: the definitions path and the environments asked for. */
  key: string;
  token: string;
  apiUrl: string;
  owner: string;
  repo: string;
  eventName: string;
  /** The webhook payload of the event that started the run. */
  payload: Record<string, unknown>;
  sha: string;
  /** This run's page, where its job summary is. */
  runUrl?: string;
  /** Where files for later steps go (the plan JSON). */
  runnerTemp: string;
}

/** How an action reads one input (core.getInput in the actions; a record in tests). */
export type InputReader = (name: string) => string;

/**
 * @example const settings = readActionSettings((n) => core.getInput(n), process.env);
 * @throws ConfigInvalidError naming the input or variable, the value and the fix.
 */
export function readActionSettings(input: InputReader, env: EnvRecord): ActionSettings {
  const workspace = env.GITHUB_WORKSPACE ?? process.cwd();
  const pathInput = input('path').trim() || '.';
  const dir = path.resolve(workspace, pathInput);
  const pathInRepo = path.relative(workspace, dir).split(path.sep).join('/');
  if (pathInRepo.startsWith('..')) {
    throw new ConfigInvalidError(`path "${pathInput}" is outside the repository checkout (${workspace})`, { fix: 'Set `path` to the definitions directory inside the repository, e.g. `fleet` or `.`' });
  }
  const envs = parseList(input('environments'));
  const provider = input('provider').trim() || 'aws';
  // Without QM_DATABASE_URL a job keeps its approvals, locks and audit in memory for its own
  // run, and `concurrency:` in the workflow keeps two applies apart (docs/github-actions.md).
  const engine = parseEngineSettings({ ...env, QM_DATABASE_URL: env.QM_DATABASE_URL || 'memory:' }, { dir, provider });
  const [owner, repo] = (env.GITHUB_REPOSITORY ?? '').split('/');
  if (!owner || !repo) throw new ConfigInvalidError(`GITHUB_REPOSITORY "${env.GITHUB_REPOSITORY ?? ''}" is not owner/name`, { fix: 'Run this action in a GitHub Actions job, which sets it' });
  const token = input('github-token').trim();
  if (!token) throw new ConfigInvalidError('the github-token input is empty', { fix: 'Leave `github-token` unset for the default `${{ github.token }}`, or pass a token with pull-requests: write' });
  const serverUrl = env.GITHUB_SERVER_URL ?? 'https://github.com';
  return {
    engine,
    pathInRepo,
    ...(envs.length > 0 ? { envs } : {}),
    key: `${pathInRepo || '.'}${envs.length > 0 ? ` ${envs.join(',')}` : ''}`,
    token,
    apiUrl: env.GITHUB_API_URL ?? 'https://api.github.com',
    owner,
    repo,
    eventName: env.GITHUB_EVENT_NAME ?? '',
    payload: readPayload(env.GITHUB_EVENT_PATH),
    sha: env.GITHUB_SHA ?? '',
    ...(env.GITHUB_RUN_ID ? { runUrl: `${serverUrl}/${owner}/${repo}/actions/runs/${env.GITHUB_RUN_ID}` } : {}),
    runnerTemp: env.RUNNER_TEMP ?? path.join(workspace, '.qm'),
  };
}

/** `a, b` or one per line, blanks dropped, each once. */
export function parseList(value: string): string[] {
  return [...new Set(value.split(/[\n,]/).map((s) => s.trim()).filter(Boolean))];
}

function readPayload(file: string | undefined): Record<string, unknown> {
  if (!file) return {};
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
  } catch (cause) {
    throw new ConfigInvalidError(`the event payload ${file} cannot be read as JSON: ${(cause as Error).message}`, { fix: 'Run this action in a GitHub Actions job, which writes it', cause });
  }
}
