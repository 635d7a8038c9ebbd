import type { LaunchTemplateSpec } from '../../model/resources.js';
import type { SimLaunchTemplate, SimState } from './sim-state.js';

export interface ResolvedTemplate {
  template: SimLaunchTemplate;
  /** The version number as a string (`"3"`), `$Latest` / `$Default` resolved. */
  version: string;
  spec: LaunchTemplateSpec;
}

/**
 * The template version a group reference points at; `$Latest` is the newest version and
 * `$Default` version 1 (the sim never changes a template's default version).
 *
 * @example
 * resolveTemplate(state, { id: 'lt-00000000000000002', version: '$Latest' })?.version; // '3'
 */
export function resolveTemplate(state: SimState, ref: { id: string; version: string }): ResolvedTemplate | undefined {
  const template = state.launchTemplates.get(ref.id);
  if (!template) return undefined;
  const n = ref.version === '$Latest' ? template.versions.length : ref.version === '$Default' ? 1 : Number(ref.version);
  const spec = Number.isInteger(n) ? template.versions[n - 1] : undefined;
  return spec ? { template, version: String(n), spec } : undefined;
}

/** The live (not deleted) template of that name in a region. */
export function findTemplateByName(state: SimState, region: string, name: string): SimLaunchTemplate | undefined {
  for (const t of state.launchTemplates.values()) {
    if (!t.deleted && t.region === region && t.name === name) return t;
  }
  return undefined;
}
