import { readdir } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { CloudProvider } from '../cloud/provider.js';
import { createSimProvider, FAST_SIM_TIMINGS } from '../cloud/sim/index.js';
import { createAwsProvider } from '../cloud/aws/index.js';
import { systemClock, type Clock } from '../clock.js';
import { loadDefinitions, formatDiagnostic } from '../definitions/index.js';
import { DefinitionsInvalidError } from '../errors.js';
import type { Definitions } from '../model/resources.js';
import { createEngine, type Engine } from '../engine.js';
import { createApprovals, createStaticMembership, loadPolicy, policyInvalidError, type Approvals, type Policy } from '../gates/index.js';
import { openStore } from '../store/open-store.js';
import type { Store } from '../store/store.js';
import { parseDoorConfig, type DoorConfig, type GlobalFlags } from './door-config.js';
import type { CliIo, OutputStream } from './io.js';

/**
 * What every command gets: the parsed door config, its streams, and lazily built parts
 * (a provider is only created by commands that talk to a cloud).
 */
export interface Runtime {
  config: DoorConfig;
  io: CliIo;
  clock: Clock;
  provider(): CloudProvider;
  engine(): Engine;
  /** Loads and validates the definitions; prints every diagnostic and throws when any is an error. */
  definitions(): Promise<Definitions>;
  /** policy.yml, checked against the environments that exist (throws on errors); `found: false` when the repo has none. */
  policy(): Promise<LoadedPolicy>;
  /** The state store (QM_DATABASE_URL, or the embedded file), opened and migrated once. */
  store(): Promise<Store>;
  /** The approval service on the store and the policy of the moment. */
  approvals(): Promise<Approvals>;
  /** Closes what was opened (the store's connections). */
  close(): Promise<void>;
}

export function createRuntime(flags: GlobalFlags, io: CliIo, env: Record<string, string | undefined>): Runtime {
  const config = parseDoorConfig(flags, env, io.stdout.isTTY, os.userInfo().username);
  const clock = systemClock;
  let provider: CloudProvider | undefined;
  let engine: Engine | undefined;
  let store: Promise<Store> | undefined;
  let loadedPolicy: Promise<LoadedPolicy> | undefined;
  // One snapshot per command: `qm apply` asks for it to know whether there is a policy, and the
  // approval service asks again for every decision; the file is read and checked once.
  const policy = () => (loadedPolicy ??= environmentNames(config.dir).then((envs) => loadPolicyReporting(config.dir, envs, io.stderr)));
  const getStore = () => (store ??= openStore(config.databaseUrl, { sqlitePath: config.sqlitePath, clock }));
  const getProvider = () =>
    (provider ??=
      config.provider === 'sim'
        ? createSimProvider({ statePath: config.simStatePath, clock, ...(config.simSpeed === 'fast' ? { timings: FAST_SIM_TIMINGS } : {}), ...(config.simAccountId ? { accountId: config.simAccountId } : {}) })
        : createAwsProvider({
            endpoints: config.aws.endpoints,
            clock,
            unmanaged: config.aws.unmanaged,
            ...(config.aws.maxAttempts ? { maxAttempts: config.aws.maxAttempts } : {}),
            ...(config.aws.pollSeconds
              ? { waiterDelaySeconds: { min: config.aws.pollSeconds, max: config.aws.pollSeconds }, refreshPollMs: config.aws.pollSeconds * 1000 }
              : {}),
          }));
  return {
    config,
    io,
    clock,
    provider: getProvider,
    engine: () => (engine ??= createEngine({ provider: getProvider(), clock })),
    definitions: async () => {
      const loaded = await loadDefinitions(config.dir);
      const diagnostics = loaded.ok ? loaded.warnings : loaded.diagnostics;
      for (const d of diagnostics) io.stderr.write(`${loaded.ok ? 'warning: ' : ''}${formatDiagnostic(d)}\n`);
      if (!loaded.ok) {
        throw new DefinitionsInvalidError(
          `${loaded.diagnostics.length} error${loaded.diagnostics.length === 1 ? '' : 's'} in the definitions under ${config.dir}`,
          { fix: 'Fix the lines above and run `qm validate`' },
        );
      }
      return loaded.definitions;
    },
    policy,
    store: getStore,
    approvals: async () =>
      createApprovals({
        store: await getStore(),
        clock,
        policy: async () => (await policy()).policy,
        // The command line cannot ask Slack or GitHub who is in which group: only people listed by id count here.
        membership: createStaticMembership({}),
      }),
    close: async () => {
      if (store) await (await store).close();
    },
  };
}

export interface LoadedPolicy {
  policy: Policy;
  found: boolean;
}

/**
 * Loads policy.yml, checking its environment names against `envs` when they are known, prints
 * its warnings, and throws PolicyInvalidError listing every error with its file:line:col.
 *
 * @example const { policy, found } = await loadPolicyReporting(dir, ['dev', 'prod'], io.stderr);
 */
export async function loadPolicyReporting(dir: string, envs: readonly string[] | undefined, stderr: OutputStream): Promise<LoadedPolicy> {
  const loaded = await loadPolicy(dir, envs ? { envs } : {});
  for (const w of loaded.warnings) stderr.write(`warning: ${formatDiagnostic(w)}\n`);
  if (!loaded.ok) throw policyInvalidError(loaded.diagnostics);
  return { policy: loaded.policy, found: loaded.found };
}

/** The environment directories of a definitions repo (empty when there are none). */
async function environmentNames(dir: string): Promise<string[]> {
  const entries = await readdir(path.join(dir, 'environments'), { withFileTypes: true }).catch(() => []);
  return entries.filter((e) => e.isDirectory()).map((e) => e.name);
}
