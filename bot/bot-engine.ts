import type { CloudProvider } from '../src/cloud/provider.js';
import { systemClock, type Clock } from '../src/clock.js';
import type { DefinitionsWriter, FileTree } from '../src/definitions/index.js';
import type { CommandAnswer } from '../src/engine/command-answer.js';
import { createProvider } from '../src/engine/create-provider.js';
import type { EngineSettings } from '../src/engine/engine-settings.js';
import { openQuartermaster, type Quartermaster } from '../src/engine/open-quartermaster.js';
import type { CommandRequest } from '../src/engine/run-command.js';
import type { MembershipResolver, PreviewRequirement } from '../src/gates/index.js';
import { openStore } from '../src/store/open-store.js';
import type { ApprovalRequest, Door, Store } from '../src/store/store.js';
import type { ExpiredOverride } from './override-expiry.js';

/** The definitions' files as they are now, with where a write-back goes. */
export interface DefinitionsFiles {
  tree: FileTree;
  /** For messages: a directory, or `acme/fleet@3f2a9c1`. */
  root: string;
  /** Changes whenever the files do (a git tree sha). Absent: may change at any time (a directory), so nothing is cached. */
  version?: string;
  /** Where persistent chat changes are written back; absent: the facade's default (the directory itself). */
  writer?: DefinitionsWriter;
}

/** Reads the definitions' files now: the directory, or the repository's default branch head. */
export type ReadDefinitions = () => Promise<DefinitionsFiles>;

export interface ReadyCheck {
  name: 'store' | 'definitions';
  ok: boolean;
  /** Why not, when not ok (no secrets: store locations carry no credentials). */
  detail?: string;
}

/** What the doors of the bot ask of the engine; one per process, shared by every door. */
export interface BotEngine {
  command(req: CommandRequest): Promise<CommandAnswer>;
  expireOverrides(holder: string): Promise<ExpiredOverride[]>;
  channelEnv(door: Door, channel: string): Promise<string | undefined>;
  /** One request as of now. */
  request(id: string): Promise<ApprovalRequest | undefined>;
  /** Open requests (or, with `all`, the most recent in every state). */
  requests(query?: { env?: string; all?: boolean }): Promise<ApprovalRequest[]>;
  /** A request's requirements with who may approve each. */
  approvalsOf(request: ApprovalRequest): Promise<PreviewRequirement[]>;
  /**
   * A facade on other files of the definitions (a pull request's head), sharing the store, the
   * provider and membership, and judged by the policy of the definitions now (the default
   * branch), never by a policy.yml the pull request itself edits.
   */
  openAt(files: Pick<DefinitionsFiles, 'tree' | 'root'>): Promise<Quartermaster>;
  /** The store answers and the definitions can be read. */
  ready(): Promise<ReadyCheck[]>;
  /** Closes the store (after the doors stopped). */
  close(): Promise<void>;
}

export interface BotEngineOptions {
  settings: EngineSettings;
  definitions: ReadDefinitions;
  /** Who is in which Slack user group and GitHub team, asked of the doors that know. */
  membership: MembershipResolver;
  clock?: Clock;
  /** Already open (tests); closed by its owner, not by close(). */
  store?: Store;
  provider?: CloudProvider;
}

/**
 * The bot's engine: one store and one cloud provider for the process, and a facade on the
 * definitions as they are when a command comes (re-opened when the repository's tree moved;
 * for a directory, for every command, so edits on disk and written-back changes are seen).
 *
 * @example const engine = createBotEngine({ settings: config.engine, definitions: readDefinitions, membership });
 */
export function createBotEngine(opts: BotEngineOptions): BotEngine {
  const clock = opts.clock ?? systemClock;
  let store: Promise<Store> | undefined;
  let provider: Promise<CloudProvider> | undefined;
  let current: { version: string; qm: Quartermaster } | undefined;
  const getStore = (): Promise<Store> => (store ??= opts.store ? Promise.resolve(opts.store) : openStore(opts.settings.databaseUrl, { sqlitePath: opts.settings.sqlitePath, clock }));
  const getProvider = (): Promise<CloudProvider> => (provider ??= opts.provider ? Promise.resolve(opts.provider) : createProvider(opts.settings, clock));

  const open = async (files: Pick<DefinitionsFiles, 'tree' | 'root' | 'writer'>, extra: { policy?: Quartermaster } = {}): Promise<Quartermaster> =>
    openQuartermaster({
      settings: opts.settings,
      source: { tree: files.tree, root: files.root },
      clock,
      membership: opts.membership,
      store: await getStore(),
      provider: await getProvider(),
      ...(files.writer ? { writer: files.writer } : {}),
      ...(extra.policy ? { policy: (await extra.policy.policy()).policy } : {}),
    });

  /** The facade on the definitions now; the same one while their version is. */
  async function facade(): Promise<Quartermaster> {
    const files = await opts.definitions();
    if (files.version === undefined) return open(files);
    if (current?.version !== files.version) current = { version: files.version, qm: await open(files) };
    return current.qm;
  }

  return {
    command: async (req) => (await facade()).command(req),
    expireOverrides: async (holder) => (await facade()).expireOverrides(holder),
    channelEnv: async (door, channel) => (await facade()).channelEnv(door, channel),
    request: async (id) => (await facade()).request(id),
    requests: async (query) => (await facade()).requests(query),
    approvalsOf: async (request) => (await facade()).approvalsOf(request),
    openAt: async (files) => open(files, { policy: await facade() }),
    async ready() {
      const checks: ReadyCheck[] = [];
      try {
        await (await getStore()).schemaVersion();
        checks.push({ name: 'store', ok: true });
      } catch (e) {
        checks.push({ name: 'store', ok: false, detail: messageOf(e) });
      }
      try {
        const files = await opts.definitions();
        const top = await files.tree.list('');
        checks.push(top ? { name: 'definitions', ok: true } : { name: 'definitions', ok: false, detail: `${files.root} has no files` });
      } catch (e) {
        checks.push({ name: 'definitions', ok: false, detail: messageOf(e) });
      }
      return checks;
    },
    async close() {
      if (store && !opts.store) await (await store).close();
    },
  };
}

function messageOf(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}
