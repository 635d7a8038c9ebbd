import { isMap, isScalar, type Node, type YAMLMap } from 'yaml';
import type { ResourceKind } from '../model/resources.js';
import type { EnvContext } from './env-context.js';
import { reportExpected, resolveNode, type ReadContext } from './field-types.js';
import { readMapping, type MappingResult, type MappingSpec } from './read-mapping.js';
import { alarmSpec } from './specs/alarm-spec.js';
import { AUTOSCALING_GROUP_EXCLUSIVE, autoscalingGroupSpec } from './specs/autoscaling-group-spec.js';
import { RESOURCE_KINDS } from './specs/common-spec.js';
import { instanceSpec } from './specs/instance-spec.js';
import { didYouMean } from './did-you-mean.js';
import { identityOf } from './resource-common.js';
import { validateAlarm } from './validate-alarm.js';
import { validateAutoScalingGroup } from './validate-autoscaling-group.js';
import { validateInstance } from './validate-instance.js';
import type { ValidatedResource } from './validated-resource.js';
import { locate } from './yaml-source.js';

/**
 * Validates one item of a `resources:` list: its `kind` picks the spec, then the kind's
 * validator builds the model. Answers undefined only when not even the kind is readable.
 *
 * @example validateResource(itemNode, 0, env, ctx)?.model
 */
export function validateResource(raw: Node, index: number, env: EnvContext, ctx: ReadContext): ValidatedResource | undefined {
  const node = resolveNode(raw, ctx);
  const label = `resources[${index}]`;
  if (!isMap(node)) {
    reportExpected(ctx, node, label, 'a resource (a mapping with kind, name and its fields)');
    return undefined;
  }
  const kind = readKind(node as YAMLMap, label, ctx);
  if (!kind) return undefined;
  const nameNode = node.get('name', true);
  const name = isScalar(nameNode) && typeof nameNode.value === 'string' ? nameNode.value : undefined;
  const what = name === undefined ? `${kind} ${label}` : `${kind} "${name}"`;

  switch (kind) {
    case 'instance': {
      const m = readMapping(ctx, node, instanceSpec, { label: '', what });
      return m && { identity: identityOf(kind, common(m)), model: validateInstance(m, env, ctx) };
    }
    case 'autoscaling-group': {
      const m = readMapping(ctx, node, autoscalingGroupSpec, { label: '', what, exclusive: AUTOSCALING_GROUP_EXCLUSIVE });
      return m && { identity: identityOf(kind, common(m)), model: validateAutoScalingGroup(m, env, ctx) };
    }
    case 'alarm': {
      const m = readMapping(ctx, node, alarmSpec, { label: '', what });
      return m && { identity: identityOf(kind, common(m)), ...validateAlarm(m, env, ctx) };
    }
  }
}

/** Every kind's spec starts with the common fields, so its result reads as the common one. */
function common<S extends MappingSpec>(m: MappingResult<S>): Parameters<typeof identityOf>[1] {
  return m as unknown as Parameters<typeof identityOf>[1];
}

function readKind(node: YAMLMap, label: string, ctx: ReadContext): ResourceKind | undefined {
  const kindNode = node.get('kind', true) as Node | undefined;
  const expected = `one of ${RESOURCE_KINDS.join(', ')}`;
  if (!kindNode) {
    ctx.bag.error(locate(ctx.source, node), `${label} has no kind (${expected})`);
    return undefined;
  }
  const value = isScalar(kindNode) ? kindNode.value : undefined;
  if (typeof value === 'string' && (RESOURCE_KINDS as readonly string[]).includes(value)) return value as ResourceKind;
  reportExpected(ctx, kindNode, 'kind', expected, { suffix: typeof value === 'string' ? didYouMean(value, RESOURCE_KINDS) : '' });
  return undefined;
}
