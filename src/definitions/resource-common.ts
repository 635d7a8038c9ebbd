import type { ResourceCommon, ResourceKind } from '../model/resources.js';
import { DEFAULTS } from './defaults.js';
import type { ReadContext } from './field-types.js';
import type { EnvContext } from './env-context.js';
import type { MappingResult } from './read-mapping.js';
import type { commonSpec } from './specs/common-spec.js';
import type { ValidatedResource } from './validated-resource.js';

type CommonResult = MappingResult<ReturnType<typeof commonSpec>>;

/**
 * The identity of an item, kept even when other fields are wrong.
 *
 * @example identityOf('instance', m) // { kind: 'instance', name: 'api', uuid: undefined, ... }
 */
export function identityOf(kind: ResourceKind, m: CommonResult): ValidatedResource['identity'] {
  return { kind, name: m.values.name, uuid: m.values.uuid, deleted: m.values.deleted ?? DEFAULTS.deleted, nameAt: m.at('name'), uuidAt: m.at('uuid') };
}

/**
 * The fields every resource model has, with the environment's default tags merged under the
 * resource's own; undefined (and reported) when the uuid is missing.
 *
 * @example buildCommon('instance', m, env, ctx) // { kind, name, uuid, env: 'prod', tags, deleted: false, source }
 */
export function buildCommon<K extends ResourceKind>(kind: K, m: CommonResult, env: EnvContext, ctx: ReadContext): (ResourceCommon & { kind: K }) | undefined {
  const { name, uuid } = m.values;
  if (name === undefined) return undefined;
  if (uuid === undefined) {
    if (!m.has('uuid')) ctx.bag.error(m.at('name'), `${kind} "${name}" has no uuid: run \`qm fmt\` to add one`);
    return undefined;
  }
  return {
    kind,
    name,
    uuid,
    env: env.name,
    tags: { ...(env.spec?.defaultTags ?? {}), ...(m.values.tags ?? {}) },
    deleted: m.values.deleted ?? DEFAULTS.deleted,
    source: m.at('name'),
  };
}
