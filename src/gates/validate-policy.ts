import { isMap, isScalar, isSeq, type Node, type Pair, type YAMLMap } from 'yaml';
import { DiagnosticBag, type Diagnostic } from '../definitions/diagnostic.js';
import { readMapping } from '../definitions/read-mapping.js';
import { readYamlSource } from '../definitions/read-yaml-source.js';
import { locate, type YamlSource } from '../definitions/yaml-source.js';
import type { SourceLocation } from '../model/source-location.js';
import { DEFAULT_EXPIRES_MS, DEFAULT_WRITE_BACK, type ApprovalRule, type GroupDef, type PermissionRule, type PersonDef, type Policy, type UserPrincipal } from './policy.js';
import type { PolicyNames } from './policy-fields.js';
import { policySpec, type RawApprovalRule, type RawGroup, type RawPermission } from './policy-spec.js';
import { formatPrincipal } from './principal.js';

/** A validated policy with its warnings, or every error found. */
export type PolicyLoadResult =
  | { ok: true; policy: Policy; warnings: Diagnostic[]; /** False when the repository has no policy.yml (deny-all). */ found: boolean }
  | { ok: false; diagnostics: Diagnostic[]; warnings: Diagnostic[] };

export interface ValidatePolicyOptions {
  /** Environments of the definitions: names outside them are errors (with did-you-mean). */
  envs?: readonly string[];
}

/**
 * Validates the text of policy.yml: YAML -> raw shape -> Policy, collecting every error with
 * its file:line:column, like the definitions.
 *
 * @example
 * const r = parsePolicy('policy.yml', text, { envs: ['dev', 'prod'] });
 * if (!r.ok) r.diagnostics.map(formatDiagnostic).forEach((l) => console.error(l));
 */
export function parsePolicy(file: string, text: string, opts: ValidatePolicyOptions = {}): PolicyLoadResult {
  const bag = new DiagnosticBag();
  // Read only, never edited: the fast reader (the yaml library's parser for anything unusual, so messages stay its own).
  const source = readYamlSource(file, text, bag);
  const policy = source.broken ? undefined : validatePolicySource(source, bag, opts);
  if (bag.hasErrors || !policy) return { ok: false, diagnostics: bag.sortedErrors(), warnings: bag.sortedWarnings() };
  return { ok: true, policy, warnings: bag.sortedWarnings(), found: true };
}

function validatePolicySource(source: YamlSource, bag: DiagnosticBag, opts: ValidatePolicyOptions): Policy | undefined {
  const ctx = { source, bag };
  const root = source.doc.contents as Node | null;
  const names: PolicyNames = { people: keysOf(root, 'people'), groups: keysOf(root, 'groups'), ...(opts.envs ? { envs: opts.envs } : {}) };
  const top = readMapping(ctx, root, policySpec(names), { label: '', what: source.file });
  if (!top) return undefined;
  const v = top.values;

  const people = new Map<string, PersonDef>();
  for (const [name, ids] of Object.entries(v.people ?? {})) people.set(name, { name, ids, source: keyAt(source, root, ['people', name]) });
  const groups = new Map<string, GroupDef>();
  for (const [name, g] of Object.entries((v.groups ?? {}) as Record<string, RawGroup>)) {
    groups.set(name, { name, members: g.members, ...(g.description ? { description: g.description } : {}), source: keyAt(source, root, ['groups', name]) });
  }

  checkNamespaces(source, root, names, bag);
  checkAccountsOwnedOnce(people, bag);
  checkGroupCycles(source, root, names, bag);

  const permissions: PermissionRule[] = ((v.permissions ?? []) as RawPermission[]).map((p) => ({ commands: p.commands, envs: p.envs, who: p.who, source: p.source }));
  const defaultExpiresInMs = (v.defaults as { expires?: number } | undefined)?.expires ?? DEFAULT_EXPIRES_MS;
  const approvals: ApprovalRule[] = [];
  const ruleNames = new Map<string, SourceLocation>();
  for (const r of (v.approvals ?? []) as RawApprovalRule[]) {
    const first = ruleNames.get(r.name);
    if (first) bag.error(r.source, `approval rule "${r.name}" is defined twice (first at line ${first.line}); give each rule its own name`);
    ruleNames.set(r.name, r.source);
    const seen = new Set<string>();
    for (const q of r.require) {
      if (seen.has(q.group)) bag.error(r.requireAt, `approval rule "${r.name}" requires group "${q.group}" twice; write one entry with the count`);
      seen.add(q.group);
    }
    approvals.push({
      name: r.name,
      ...(r.description ? { description: r.description } : {}),
      envs: r.envs,
      commands: r.commands,
      when: r.when,
      require: r.require,
      expiresInMs: r.expiresInMs ?? defaultExpiresInMs,
      source: r.source,
    });
  }
  // Judged only on a policy without errors: a permission refused for one misspelt name is
  // missing from `permissions`, and every rule would look as if nobody may approve it.
  if (!bag.hasErrors) warnIfNobodyMayApprove(approvals, permissions, bag);
  const written = v.write_back as { auto_merge?: boolean; labels?: string[] } | undefined;
  const writeBack = {
    autoMerge: written?.auto_merge ?? DEFAULT_WRITE_BACK.autoMerge,
    labels: [...new Set([...DEFAULT_WRITE_BACK.labels, ...(written?.labels ?? [])])],
  };

  const channels = Object.entries((v.channels ?? {}) as Record<string, string>).map(([channel, env]) => ({ channel, env, source: keyAt(source, root, ['channels', channel]) }));

  if (!top.ok || bag.hasErrors) return undefined;
  return { file: source.file, version: 1, people, groups, permissions, approvals, defaultExpiresInMs, writeBack, ...(channels.length ? { channels } : {}) };
}

/** The keys of a top-level mapping (`people`, `groups`) as written, before anything is validated. */
function keysOf(root: Node | null, key: string): Set<string> {
  const out = new Set<string>();
  const map = isMap(root) ? (root as YAMLMap<Node, Node>).get(key, true) : undefined;
  if (isMap(map)) for (const pair of (map as YAMLMap<Node, Node>).items) if (isScalar(pair.key) && typeof pair.key.value === 'string') out.add(pair.key.value);
  return out;
}

/** Where `path`'s last key is written. */
function keyAt(source: YamlSource, root: Node | null, path: string[]): SourceLocation {
  let node: Node | null | undefined = root;
  let pair: Pair | undefined;
  for (const key of path) {
    if (!isMap(node)) break;
    pair = (node as YAMLMap<Node, Node>).items.find((p) => isScalar(p.key) && p.key.value === key);
    node = pair?.value as Node | undefined;
  }
  return locate(source, pair ?? root);
}

function checkNamespaces(source: YamlSource, root: Node | null, names: PolicyNames, bag: DiagnosticBag): void {
  for (const name of names.groups) {
    if (names.people.has(name)) bag.error(keyAt(source, root, ['groups', name]), `groups.${name} has the name of a person (people.${name}); names of people and groups must differ`);
  }
}

/** An account listed under two people would let one of them approve the other's requests as themself. */
function checkAccountsOwnedOnce(people: Map<string, PersonDef>, bag: DiagnosticBag): void {
  const owner = new Map<string, string>();
  const key = (u: UserPrincipal): string => (u.kind === 'github-user' ? `github#${u.id}` : formatPrincipal(u));
  for (const p of people.values()) {
    for (const id of p.ids) {
      const other = owner.get(key(id));
      if (other && other !== p.name) bag.error(p.source, `people.${p.name} lists ${formatPrincipal(id)}, which is already people.${other}'s; an account belongs to one person`);
      else owner.set(key(id), p.name);
    }
  }
}

/**
 * A group that contains itself (directly or through others) is refused. Read from the YAML as
 * written, so a cycle is reported even when a member elsewhere in the group is invalid.
 */
function checkGroupCycles(source: YamlSource, root: Node | null, names: PolicyNames, bag: DiagnosticBag): void {
  const edges = new Map<string, string[]>();
  for (const name of names.groups) edges.set(name, writtenMembers(root, name).filter((m) => names.groups.has(m) && !names.people.has(m)));
  const reported = new Set<string>();
  const visit = (name: string, path: string[]): void => {
    for (const m of edges.get(name) ?? []) {
      if (m === path[0]) {
        const cycle = [...path, m];
        if (!cycle.some((n) => reported.has(n))) {
          bag.error(keyAt(source, root, ['groups', path[0] as string]), `groups.${path[0]} contains itself (${cycle.join(' -> ')}); remove one of these memberships`);
          cycle.forEach((n) => reported.add(n));
        }
      } else if (!path.includes(m)) {
        visit(m, [...path, m]);
      }
    }
  };
  for (const name of names.groups) visit(name, [name]);
}

/** The member strings written under `groups.<name>.members`. */
function writtenMembers(root: Node | null, group: string): string[] {
  if (!isMap(root)) return [];
  const g = (root as YAMLMap<Node, Node>).getIn(['groups', group, 'members'], true);
  if (!isSeq(g)) return [];
  return g.items.flatMap((item) => (isScalar(item) && typeof item.value === 'string' ? [item.value] : []));
}

/** A rule whose approvals nobody may give would block every matching change until it expires. */
function warnIfNobodyMayApprove(approvals: ApprovalRule[], permissions: PermissionRule[], bag: DiagnosticBag): void {
  const mayApprove = (env: string): boolean =>
    permissions.some((p) => (p.commands === '*' || p.commands.includes('approve')) && (p.envs === '*' || p.envs.includes(env)));
  for (const r of approvals) {
    const envs = r.envs === '*' ? ['*'] : r.envs;
    const uncovered = envs.filter((e) => (e === '*' ? !permissions.some((p) => (p.commands === '*' || p.commands.includes('approve')) && p.envs === '*') : !mayApprove(e)));
    if (uncovered.length) bag.warn(r.source, `approval rule "${r.name}" applies to ${uncovered.join(', ')}, but no permission allows approve there; its requests can never be approved`);
  }
}

