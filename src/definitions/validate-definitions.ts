import { isSeq } from 'yaml';
import type { Definitions, EnvironmentSpec, ResourceSpec } from '../model/resources.js';
import { formatLocation } from '../model/source-location.js';
import type { Diagnostic } from './diagnostic.js';
import { didYouMean } from './did-you-mean.js';
import type { EnvContext } from './env-context.js';
import type { RawDefinitions, RawEnvironment } from './raw.js';
import { readMapping } from './read-mapping.js';
import { resourceFileSpec } from './specs/resource-file-spec.js';
import { validateEnvironment } from './validate-environment.js';
import { validateResource } from './validate-resource.js';
import type { ValidatedResource } from './validated-resource.js';
import { locate } from './yaml-source.js';

/** Everything loaded, with warnings; or every error found. */
export type LoadResult = { ok: true; definitions: Definitions; warnings: Diagnostic[] } | { ok: false; diagnostics: Diagnostic[] };

/**
 * The second stage of loading: the raw files become the model, with defaults applied, names
 * unique per kind and environment, uuids unique everywhere and alarm targets resolved.
 * Every error of the run is collected.
 *
 * @example const result = validateDefinitions(await readRawDefinitions(tree, root));
 */
export function validateDefinitions(raw: RawDefinitions): LoadResult {
  const { bag } = raw;
  const environments: EnvironmentSpec[] = [];
  const items: { env: string; item: ValidatedResource }[] = [];

  for (const rawEnv of raw.environments) {
    const file = rawEnv.environmentFile?.file ?? `${rawEnv.dir}/environment.yml`;
    const source = rawEnv.environmentFile;
    const spec = source && !source.broken ? validateEnvironment(rawEnv.name, source, bag) : undefined;
    if (spec) environments.push(spec);
    const envItems = validateEnvironmentResources(rawEnv, { name: rawEnv.name, spec, file }, raw);
    // A loop, not push(...items): an environment of a few hundred thousand resources would overflow the stack.
    for (const item of envItems) items.push({ env: rawEnv.name, item });
  }
  checkUniqueUuids(items, raw);

  if (bag.hasErrors) return { ok: false, diagnostics: bag.sortedErrors() };
  const resources = items.map(({ item }) => item.model).filter((r): r is ResourceSpec => r !== undefined);
  const definitions: Definitions = { root: raw.root, environments, resources };
  if (raw.policyFile) definitions.policyFile = raw.policyFile;
  return { ok: true, definitions, warnings: bag.sortedWarnings() };
}

function validateEnvironmentResources(rawEnv: RawEnvironment, env: EnvContext, raw: RawDefinitions): ValidatedResource[] {
  const { bag } = raw;
  const out: ValidatedResource[] = [];
  for (const source of rawEnv.resourceFiles) {
    if (source.broken) continue;
    const ctx = { source, bag };
    if (source.doc.contents === null) {
      bag.warn(locate(source, null), 'empty file: no resources');
      continue;
    }
    if (isSeq(source.doc.contents)) {
      bag.error(locate(source, source.doc.contents), 'this file is a bare list; put the list under a top-level `resources:` key');
      continue;
    }
    const file = readMapping(ctx, source.doc.contents, resourceFileSpec, { label: '', what: source.file });
    const nodes = file?.values.resources ?? [];
    if (file?.values.resources && nodes.length === 0) bag.warn(file.at('resources'), 'resources is an empty list');
    nodes.forEach((node, i) => {
      const item = validateResource(node, i, env, ctx);
      if (item) out.push(item);
    });
  }
  const byKey = checkUniqueNames(out, rawEnv.name, raw);
  // A target in a file with syntax errors was never read: saying it is unknown would mislead.
  const complete = rawEnv.resourceFiles.every((f) => !f.broken);
  resolveTargets(out, byKey, rawEnv.name, raw, complete);
  return out;
}

/** Reports a name used twice for a kind; answers the first item of each `<kind>/<name>`. */
function checkUniqueNames(items: ValidatedResource[], env: string, raw: RawDefinitions): Map<string, ValidatedResource> {
  const first = new Map<string, ValidatedResource>();
  for (const item of items) {
    const { kind, name } = item.identity;
    if (name === undefined) continue;
    const key = `${kind}/${name}`;
    const earlier = first.get(key);
    if (earlier) {
      raw.bag.error(item.identity.nameAt, `${kind} "${name}" is defined twice in environment ${env} (first at ${formatLocation(earlier.identity.nameAt)}); names are unique per kind in an environment`);
      item.model = undefined;
    } else first.set(key, item);
  }
  return first;
}

/** `byKey` is the index checkUniqueNames built: an environment may hold thousands of instances and alarms. */
function resolveTargets(items: ValidatedResource[], byKey: ReadonlyMap<string, ValidatedResource>, env: string, raw: RawDefinitions, complete: boolean): void {
  for (const item of items) {
    const ref = item.targetRef;
    if (!ref) continue;
    const target = byKey.get(`${ref.kind}/${ref.name}`);
    if (!target) {
      if (!complete) continue;
      const names = items.filter((i) => i.identity.kind === ref.kind && i.identity.name !== undefined).map((i) => i.identity.name as string);
      const key = ref.kind === 'instance' ? 'instance' : 'autoscaling_group';
      const other = items.find((i) => i.identity.kind !== ref.kind && i.identity.kind !== 'alarm' && i.identity.name === ref.name)?.identity.kind;
      const hint = other
        ? ` ("${ref.name}" is an ${other}: write target: { ${other === 'instance' ? 'instance' : 'autoscaling_group'}: ${ref.name} })`
        : didYouMean(ref.name, names) || (names.length ? ` (expected one of: ${names.join(', ')})` : ` (it has no ${ref.kind})`);
      raw.bag.error(ref.at, `target ${key} "${ref.name}" names no ${ref.kind} in environment ${env}${hint}`);
      continue;
    }
    if (target.identity.deleted && !item.identity.deleted) {
      raw.bag.error(ref.at, `target ${ref.kind} "${ref.name}" is marked deleted: true; delete this alarm too, or target another ${ref.kind}`);
      continue;
    }
    const uuid = target.identity.uuid;
    if (item.model?.kind === 'alarm' && uuid !== undefined) item.model.target = { kind: ref.kind, name: ref.name, uuid };
  }
}

function checkUniqueUuids(items: { env: string; item: ValidatedResource }[], raw: RawDefinitions): void {
  const first = new Map<string, { env: string; item: ValidatedResource }>();
  for (const entry of items) {
    const { uuid, kind, name } = entry.item.identity;
    if (uuid === undefined) continue;
    const earlier = first.get(uuid);
    if (earlier) {
      const e = earlier.item.identity;
      raw.bag.error(
        entry.item.identity.uuidAt,
        `uuid "${uuid}" of ${kind} "${name}" is already used by ${e.kind} "${e.name}" in ${earlier.env} (${formatLocation(e.uuidAt)}); every resource needs its own: delete this uuid line and run \`qm fmt\``,
      );
      entry.item.model = undefined;
    } else first.set(uuid, entry);
  }
}
