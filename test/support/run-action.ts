import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import type { WebhookDefinition } from '@octokit/webhooks-examples';
import { parse as parseYaml } from 'yaml';

/**
 * Runs a bundled JavaScript action the way the GitHub runner does: `node <bundle>` as a
 * subprocess, inputs as `INPUT_*` variables, the event payload in a file, outputs and the job
 * summary written to files, workflow commands (`::error file=...::`) on stdout.
 *
 * No shell in between: /bin/sh here is dash, which drops variables whose names have a hyphen,
 * such as `INPUT_GITHUB-TOKEN`, and the runner does not use a shell either.
 */

export interface RunActionOptions {
  /** Path of the bundle, e.g. actions/plan/dist/index.js. */
  bundle: string;
  /** Input values by their action.yml names (`github-token`, `path`...). */
  inputs?: Record<string, string>;
  /** Extra environment (QM_*, AWS_*...); wins over what the harness sets. */
  env?: Record<string, string>;
  /** Default `workflow_dispatch`. */
  eventName?: string;
  /** Written to GITHUB_EVENT_PATH; default `{}`. */
  eventPayload?: unknown;
  /**
   * GITHUB_API_URL. Default: a closed local port, so an action under test can never reach the
   * real api.github.com.
   */
  apiUrl?: string;
  /** Working directory and GITHUB_WORKSPACE; default a fresh empty temp dir. */
  cwd?: string;
  /** Default 30 s; the child is killed and the run rejected after it. */
  timeoutMs?: number;
  /**
   * The action.yml whose input defaults apply to inputs not given, as the runner applies them.
   * Default: `<bundle dir>/../action.yml` when it exists; `false` for none.
   */
  actionYml?: string | false;
  /** What `${{ github.token }}` in an input default becomes. */
  githubToken?: string;
}

export interface Annotation {
  level: 'error' | 'warning' | 'notice';
  message: string;
  file?: string;
  line?: number;
  col?: number;
  endLine?: number;
  endColumn?: number;
  title?: string;
}

export interface ActionRun {
  /** null when the child was killed by a signal. */
  exitCode: number | null;
  stdout: string;
  stderr: string;
  /** From GITHUB_OUTPUT (`name=value` and `name<<delimiter` blocks). */
  outputs: Record<string, string>;
  /** GITHUB_STEP_SUMMARY's content. */
  summary: string;
  annotations: Annotation[];
  /** Values registered with `::add-mask::` (core.setSecret). */
  masks: string[];
  /** Variables written to GITHUB_ENV (core.exportVariable). */
  exportedEnv: Record<string, string>;
  durationMs: number;
  /** From spawn to the first byte on stdout; undefined when the action printed nothing. */
  firstOutputMs?: number;
}

const DEFAULT_TOKEN = 'ghs_harnessToken0000000000000000000000';
// Port 9 (discard) on loopback: connection refused at once, never the real GitHub.
const NOWHERE = 'http://127.0.0.1:9';

/**
 * The variable name the runner gives an input: `INPUT_` + the name upper-cased with spaces
 * turned to `_`; hyphens stay (`github-token` -> `INPUT_GITHUB-TOKEN`), as @actions/core reads it.
 *
 * @example inputEnvName('github-token') // 'INPUT_GITHUB-TOKEN'
 */
export function inputEnvName(name: string): string {
  return `INPUT_${name.replace(/ /g, '_').toUpperCase()}`;
}

/**
 * Parses a file written with the runner's file commands (GITHUB_OUTPUT, GITHUB_ENV, GITHUB_STATE):
 * `name=value` lines and `name<<DELIMITER` ... `DELIMITER` blocks, later writes winning.
 *
 * @example parseFileCommands('a=1\nb<<EOF\nx\ny\nEOF\n') // { a: '1', b: 'x\ny' }
 */
export function parseFileCommands(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] as string;
    if (line === '') continue;
    const heredoc = /^([^=]+?)<<(.+)$/.exec(line);
    const eq = line.indexOf('=');
    if (heredoc && (eq === -1 || eq > line.indexOf('<<'))) {
      const [, name, delimiter] = heredoc as unknown as [string, string, string];
      const value: string[] = [];
      let closed = false;
      for (i++; i < lines.length; i++) {
        if (lines[i] === delimiter) {
          closed = true;
          break;
        }
        value.push(lines[i] as string);
      }
      if (!closed) throw new Error(`file command ${name}: no closing delimiter ${delimiter}`);
      out[name] = value.join('\n');
    } else if (eq > 0) {
      out[line.slice(0, eq)] = line.slice(eq + 1);
    } else {
      throw new Error(`file command line is neither name=value nor name<<delimiter: ${JSON.stringify(line)}`);
    }
  }
  return out;
}

/** Reverses @actions/core's escaping; `%25` last, because it was escaped first. */
function unescapeCommand(s: string, property: boolean): string {
  let out = s.replace(/%0D/g, '\r').replace(/%0A/g, '\n');
  if (property) out = out.replace(/%3A/g, ':').replace(/%2C/g, ',');
  return out.replace(/%25/g, '%');
}

/**
 * Workflow commands on stdout that the runner turns into annotations and masks.
 *
 * @example parseWorkflowCommands('::error file=a.yml,line=3::bad%0Avalue').annotations
 * // [{ level: 'error', file: 'a.yml', line: 3, message: 'bad\nvalue' }]
 */
export function parseWorkflowCommands(stdout: string): { annotations: Annotation[]; masks: string[] } {
  const annotations: Annotation[] = [];
  const masks: string[] = [];
  for (const line of stdout.split(/\r?\n/)) {
    // Properties cannot hold "::" (':' is escaped in them), so the first "::" after them ends them.
    const m = /^::([A-Za-z-]+)(?: ([^]*?))?::([^]*)$/.exec(line);
    if (!m) continue;
    const [, command, props = '', data = ''] = m as unknown as [string, string, string | undefined, string | undefined];
    if (command === 'add-mask') {
      masks.push(unescapeCommand(data, false));
      continue;
    }
    if (command !== 'error' && command !== 'warning' && command !== 'notice') continue;
    const a: Annotation = { level: command, message: unescapeCommand(data, false) };
    for (const kv of props.split(',').filter(Boolean)) {
      const eq = kv.indexOf('=');
      if (eq < 0) continue;
      const key = kv.slice(0, eq);
      const value = unescapeCommand(kv.slice(eq + 1), true);
      if (key === 'file' || key === 'title') a[key] = value;
      else if (key === 'line' || key === 'col' || key === 'endLine' || key === 'endColumn') a[key] = Number(value);
    }
    annotations.push(a);
  }
  return { annotations, masks };
}

interface ActionYmlInput {
  default?: unknown;
}

/** Input defaults of an action.yml, with the few `${{ github.* }}` expressions the runner fills. */
function inputDefaults(actionYml: string, github: Record<string, string>): Record<string, string> {
  const doc = parseYaml(readFileSync(actionYml, 'utf8')) as { inputs?: Record<string, ActionYmlInput | null> } | null;
  const out: Record<string, string> = {};
  for (const [name, spec] of Object.entries(doc?.inputs ?? {})) {
    if (spec?.default === undefined || spec.default === null) continue;
    out[name] = String(spec.default).replace(/\$\{\{\s*github\.([a-z_]+)\s*\}\}/g, (whole, key: string) => {
      const v = github[key];
      if (v === undefined) throw new Error(`${actionYml}: input ${name} defaults to ${whole}, which run-action cannot evaluate: pass the input explicitly`);
      return v;
    });
    if (out[name]?.includes('${{')) throw new Error(`${actionYml}: input ${name} default ${String(spec.default)} has an expression run-action cannot evaluate: pass the input explicitly`);
  }
  return out;
}

interface PayloadLike {
  repository?: { full_name?: string };
  pull_request?: { number?: number; head?: { sha?: string } };
  after?: string;
  ref?: string;
  sender?: { login?: string };
}

/**
 * Runs the bundle as the runner would and collects what the runner collects.
 *
 * @example
 * const run = await runAction({ bundle: 'actions/plan/dist/index.js', eventName: 'pull_request',
 *   eventPayload: loadWebhookExample('pull_request', (p) => p.action === 'opened'),
 *   inputs: { 'github-token': 't', path: 'fleet' }, apiUrl: gh.url });
 * expect(run.outputs['has-changes']).toBe('true');
 */
export async function runAction(opts: RunActionOptions): Promise<ActionRun> {
  const bundle = path.resolve(opts.bundle);
  if (!existsSync(bundle)) throw new Error(`run-action: no bundle at ${bundle}: run npm run build:actions`);
  const temp = await mkdtemp(path.join(os.tmpdir(), 'qm-runner-'));
  try {
    const workspace = opts.cwd ?? (await mkdtemp(path.join(temp, 'workspace-')));
    const files = {
      event: path.join(temp, 'event.json'),
      output: path.join(temp, 'output'),
      summary: path.join(temp, 'step_summary.md'),
      state: path.join(temp, 'state'),
      env: path.join(temp, 'env'),
      path: path.join(temp, 'path'),
    };
    await writeFile(files.event, JSON.stringify(opts.eventPayload ?? {}));
    for (const f of [files.output, files.summary, files.state, files.env, files.path]) await writeFile(f, '');

    const payload = (opts.eventPayload ?? {}) as PayloadLike;
    const eventName = opts.eventName ?? 'workflow_dispatch';
    const prNumber = payload.pull_request?.number;
    const github: Record<string, string> = {
      token: opts.githubToken ?? DEFAULT_TOKEN,
      repository: payload.repository?.full_name ?? 'acme/fleet',
      sha: payload.after ?? payload.pull_request?.head?.sha ?? '0000000000000000000000000000000000000000',
      ref: prNumber !== undefined ? `refs/pull/${prNumber}/merge` : (payload.ref ?? 'refs/heads/main'),
      workspace,
      event_name: eventName,
      actor: payload.sender?.login ?? 'octocat',
      run_id: '12345678901',
    };

    const actionYml = opts.actionYml === false ? undefined : (opts.actionYml ?? path.join(path.dirname(path.dirname(bundle)), 'action.yml'));
    const defaults = actionYml && existsSync(actionYml) ? inputDefaults(actionYml, github) : {};
    const inputs: Record<string, string> = {};
    for (const [name, value] of Object.entries({ ...defaults, ...opts.inputs })) inputs[inputEnvName(name)] = value;

    const env: Record<string, string> = {
      ...(process.env.PATH !== undefined ? { PATH: process.env.PATH } : {}),
      ...(process.env.HOME !== undefined ? { HOME: process.env.HOME } : {}),
      CI: 'true',
      GITHUB_ACTIONS: 'true',
      GITHUB_EVENT_NAME: eventName,
      GITHUB_EVENT_PATH: files.event,
      GITHUB_OUTPUT: files.output,
      GITHUB_STEP_SUMMARY: files.summary,
      GITHUB_STATE: files.state,
      GITHUB_ENV: files.env,
      GITHUB_PATH: files.path,
      GITHUB_REPOSITORY: github.repository as string,
      GITHUB_SHA: github.sha as string,
      GITHUB_REF: github.ref as string,
      GITHUB_WORKSPACE: workspace,
      GITHUB_API_URL: opts.apiUrl ?? NOWHERE,
      GITHUB_SERVER_URL: 'https://github.com',
      GITHUB_RUN_ID: github.run_id as string,
      GITHUB_RUN_NUMBER: '1',
      GITHUB_RUN_ATTEMPT: '1',
      GITHUB_ACTOR: github.actor as string,
      GITHUB_WORKFLOW: 'quartermaster',
      GITHUB_JOB: 'qm',
      RUNNER_TEMP: temp,
      RUNNER_OS: 'Linux',
      ...inputs,
      ...opts.env,
    };

    const started = performance.now();
    const child = spawn(process.execPath, [bundle], { cwd: workspace, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    let firstOutputMs: number | undefined;
    child.stdout.setEncoding('utf8').on('data', (c: string) => {
      firstOutputMs ??= performance.now() - started;
      stdout += c;
    });
    child.stderr.setEncoding('utf8').on('data', (c: string) => (stderr += c));
    const timeoutMs = opts.timeoutMs ?? 30_000;
    const exitCode = await new Promise<number | null>((resolve, reject) => {
      const timer = setTimeout(() => {
        child.kill('SIGKILL');
        reject(new Error(`run-action: ${opts.bundle} still running after ${timeoutMs} ms\n--- stdout\n${stdout.slice(-4000)}\n--- stderr\n${stderr.slice(-4000)}`));
      }, timeoutMs);
      child.on('error', (e) => {
        clearTimeout(timer);
        reject(e);
      });
      child.on('close', (code) => {
        clearTimeout(timer);
        resolve(code);
      });
    });
    const durationMs = performance.now() - started;
    const { annotations, masks } = parseWorkflowCommands(stdout);
    return {
      exitCode,
      stdout,
      stderr,
      outputs: parseFileCommands(await readFile(files.output, 'utf8')),
      summary: await readFile(files.summary, 'utf8'),
      annotations,
      masks,
      exportedEnv: parseFileCommands(await readFile(files.env, 'utf8')),
      durationMs,
      ...(firstOutputMs !== undefined ? { firstOutputMs } : {}),
    };
  } finally {
    await rm(temp, { recursive: true, force: true });
  }
}

type EventName = WebhookDefinition['name'];
type ExampleOf<E extends EventName> = WebhookDefinition<E>['examples'][number];

/** The payload GitHub Actions writes for a `schedule` run (webhooks have no such event). */
export interface SchedulePayload {
  schedule: string;
  repository?: { full_name: string; name: string; owner: { login: string } };
}

let examples: WebhookDefinition[] | undefined;

/**
 * A real webhook payload from @octokit/webhooks-examples (a deep copy: change it freely). The
 * first example of the event that `predicate` accepts. Note that push examples start with a tag
 * push: pick a branch with `(p) => p.ref.startsWith('refs/heads/')`.
 *
 * `schedule` is not a webhook: it returns the payload Actions writes for it, `{ schedule: cron }`.
 *
 * @example
 * const pr = loadWebhookExample('pull_request', (p) => p.action === 'synchronize');
 * pr.pull_request.number = 7;
 */
export function loadWebhookExample(eventName: 'schedule', predicate?: (p: SchedulePayload) => boolean): SchedulePayload;
export function loadWebhookExample<E extends EventName>(eventName: E, predicate?: (p: ExampleOf<E>) => boolean): ExampleOf<E>;
export function loadWebhookExample(eventName: string, predicate: (p: never) => boolean = () => true): unknown {
  if (eventName === 'schedule') {
    const p: SchedulePayload = { schedule: '17 6 * * *' };
    if (!predicate(p as never)) throw new Error('loadWebhookExample: the schedule payload does not match the predicate');
    return p;
  }
  examples ??= createRequire(import.meta.url)('@octokit/webhooks-examples') as WebhookDefinition[];
  const def = examples.find((d) => d.name === eventName);
  if (!def) throw new Error(`loadWebhookExample: @octokit/webhooks-examples has no event ${eventName}`);
  const found = def.examples.find((e) => predicate(e as never));
  if (!found) throw new Error(`loadWebhookExample: no ${eventName} example matches the predicate (${def.examples.length} examples)`);
  return structuredClone(found);
}

interface RetargetOptions {
  /** `owner/name`. */
  repository?: string;
}

/**
 * Points a webhook payload at another repository (`repository.full_name`, `name`, `owner.login`
 * and the matching URLs), so it agrees with GITHUB_REPOSITORY and the fake API's repository.
 *
 * @example retargetPayload(loadWebhookExample('push'), { repository: 'acme/fleet' })
 */
export function retargetPayload<T>(payload: T, { repository }: RetargetOptions): T {
  if (!repository) return payload;
  const [owner, name] = repository.split('/') as [string, string];
  const from = (payload as { repository?: { full_name?: string } }).repository?.full_name;
  const text = JSON.stringify(payload);
  // URLs (`.../repos/Codertocat/Hello-World/...`) and the full name itself.
  const moved = from ? text.split(`/${from}`).join(`/${repository}`).split(`"${from}"`).join(`"${repository}"`) : text;
  const out = JSON.parse(moved) as T & { repository?: { name?: string; owner?: { login?: string; name?: string } } };
  if (out.repository) {
    out.repository.name = name;
    if (out.repository.owner) {
      out.repository.owner.login = owner;
      if ('name' in out.repository.owner) out.repository.owner.name = owner;
    }
  }
  return out;
}
