import type { AutoScalingGroup } from '@aws-sdk/client-auto-scaling';
import type { LaunchTemplateVersion } from '@aws-sdk/client-ec2';
import { ErrorCode, isQmError } from '../../errors.js';
import type { AwsClients } from './aws-clients.js';
import { describeTemplateVersions } from './aws-describes.js';
import { templateRefOf, type GroupTemplateRef } from './map-group.js';

/**
 * The template version each kept group uses, from the region's latest/default sweep; a
 * managed group pinned to an older version costs one more call per template (rare: the
 * adapter always points groups at the version it just created, which is the latest).
 *
 * @example
 * const byGroup = await resolveTemplates(clients, groups, new Set(['prod-web']), latestAndDefaultVersions);
 * byGroup.get('prod-web')?.VersionNumber; // 3
 */
export async function resolveTemplates(
  c: AwsClients,
  groups: AutoScalingGroup[],
  managed: Set<string>,
  latest: LaunchTemplateVersion[],
): Promise<Map<string, LaunchTemplateVersion>> {
  const index = indexVersions(latest);
  const out = new Map<string, LaunchTemplateVersion>();
  const missing = new Map<string, { versions: Set<string>; groups: string[] }>();
  for (const g of groups) {
    const name = g.AutoScalingGroupName ?? '';
    const ref = templateRefOf(g);
    const found = index.find(ref);
    if (found) out.set(name, found);
    else if (managed.has(name) && ref.id && ref.version && /^\d+$/.test(ref.version)) {
      const entry = missing.get(ref.id) ?? { versions: new Set<string>(), groups: [] };
      entry.versions.add(ref.version);
      entry.groups.push(name);
      missing.set(ref.id, entry);
    }
  }
  await Promise.all(
    [...missing].map(async ([templateId, { versions }]) => {
      try {
        index.add(await describeTemplateVersions(c, templateId, [...versions]));
      } catch (e) {
        // A deleted template or version leaves the group with empty template data: the plan replaces it.
        if (!isQmError(e, ErrorCode.CloudNotFound)) throw e;
      }
    }),
  );
  for (const g of groups) {
    const name = g.AutoScalingGroupName ?? '';
    const found = out.get(name) ?? index.find(templateRefOf(g));
    if (found) out.set(name, found);
  }
  return out;
}

function indexVersions(initial: LaunchTemplateVersion[]) {
  const byTemplate = new Map<string, Map<number, LaunchTemplateVersion>>();
  const idByName = new Map<string, string>();
  const add = (versions: LaunchTemplateVersion[]): void => {
    for (const v of versions) {
      if (!v.LaunchTemplateId || v.VersionNumber === undefined) continue;
      if (v.LaunchTemplateName) idByName.set(v.LaunchTemplateName, v.LaunchTemplateId);
      const m = byTemplate.get(v.LaunchTemplateId) ?? new Map<number, LaunchTemplateVersion>();
      m.set(v.VersionNumber, v);
      byTemplate.set(v.LaunchTemplateId, m);
    }
  };
  add(initial);
  return {
    add,
    find(ref: GroupTemplateRef): LaunchTemplateVersion | undefined {
      const id = ref.id ?? (ref.name ? idByName.get(ref.name) : undefined);
      const versions = id ? byTemplate.get(id) : undefined;
      if (!versions) return undefined;
      const all = [...versions.values()];
      if (ref.version === '$Latest') return all.reduce<LaunchTemplateVersion | undefined>((a, b) => ((a?.VersionNumber ?? -1) > (b.VersionNumber ?? -1) ? a : b), undefined);
      if (ref.version === '$Default' || ref.version === undefined) return all.find((v) => v.DefaultVersion);
      return versions.get(Number(ref.version));
    },
  };
}
