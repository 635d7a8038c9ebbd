import { booleanField, enumField, listField, mapField, numberField, stringField } from '../definitions/field-types.js';
import { objectField, type MappingResult, type MappingSpec } from '../definitions/read-mapping.js';
import type { SourceLocation } from '../model/source-location.js';
import {
  CHANGE_COMMANDS,
  type ApprovalConditions,
  type ApprovalRule,
  type GroupDef,
  type PermissionRule,
  type Principal,
  type PolicyCommand,
  type QuorumRequirement,
} from './policy.js';
import {
  commandsField,
  durationField,
  envsField,
  groupRefField,
  nameField,
  percentField,
  principalField,
  userField,
  type PolicyNames,
  envNameField,
} from './policy-fields.js';

/** What a permission or approval rule reads as, before the cross-checks of validatePolicy. */
export interface RawPermission extends PermissionRule {
  description?: string;
}

/** The rule as written: its expiry falls back to `defaults.expires` only once the whole file is read. */
export interface RawApprovalRule extends Omit<ApprovalRule, 'expiresInMs'> {
  expiresInMs?: number;
  /** Where `require` is written, for messages about it. */
  requireAt: SourceLocation;
}

export type RawGroup = Pick<GroupDef, 'description' | 'members'>;

/**
 * The specs of policy.yml, for the validator and the JSON Schema alike. `names` are the
 * people and groups the file defines (read first) so every reference is checked in place.
 *
 * @example readMapping(ctx, src.doc.contents, policySpec(names), { label: '', what: 'policy.yml' })
 */
export function policySpec(names: PolicyNames) {
  const conditionsSpec = {
    impact: { type: enumField(['downtime', 'destructive'] as const), description: 'The plan has actions with at least this impact (downtime also matches destructive).' },
    monthly_cost_increase_over: { type: numberField({ min: 0 }), description: 'The plan adds strictly more than this many USD per month.' },
    group_capacity_change_over: { type: percentField(), description: 'A group\'s capacity changes by strictly more than this % of its current size (e.g. 50%).' },
    env_capacity_change_over: { type: percentField(), description: 'Strictly more than this % of an environment\'s running instances are stopped, replaced or removed at once.' },
  } satisfies MappingSpec;

  const requirementSpec = {
    group: { type: groupRefField(names), required: true, description: 'A group defined under groups.' },
    count: { type: numberField({ integer: true, min: 1, max: 20 }), description: 'Distinct approvers from the group (never the requester).', default: 1 },
  } satisfies MappingSpec;

  const approvalRuleSpec = {
    name: { type: nameField('rule'), required: true, description: 'Names the rule in requests, audit entries and `qm policy explain`.' },
    description: { type: stringField({ maxLength: 500 }), description: 'What the rule is for, for people.' },
    envs: { type: envsField(names), required: true, description: 'Environments the rule applies to: a list, or "*".' },
    commands: {
      type: listField(enumField(CHANGE_COMMANDS), { minItems: 1, unique: true }),
      description: 'Change commands the rule applies to.',
      default: [...CHANGE_COMMANDS],
    },
    when: { type: objectField(conditionsSpec, { what: 'when', refine: buildConditions }), description: 'Conditions that must all hold; leave out to always require the approvals.' },
    require: {
      type: listField(objectField(requirementSpec, { refine: (m) => ({ group: m.values.group as string, count: m.values.count ?? 1 }) }), { minItems: 1 }),
      required: true,
      description: 'Quorum: how many distinct approvers from which groups.',
    },
    expires: { type: durationField(), description: 'How long the request may wait for approvals and apply (default: defaults.expires).' },
  } satisfies MappingSpec;

  const permissionSpec = {
    description: { type: stringField({ maxLength: 500 }), description: 'What the permission is for, for people.' },
    commands: { type: commandsField(), required: true, description: 'Commands allowed: a list of plan, apply, scale, shutdown, start, approve, unlock; or "*".' },
    envs: { type: envsField(names), required: true, description: 'Environments: a list, or "*".' },
    who: { type: listField(principalField(names), { minItems: 1, unique: true }), required: true, description: 'People, groups, Slack user groups, GitHub teams.' },
  } satisfies MappingSpec;

  const groupSpec = {
    description: { type: stringField({ maxLength: 500 }), description: 'Who they are.' },
    members: { type: listField(principalField(names), { minItems: 1, unique: true }), required: true, description: 'People, other groups, Slack user groups, GitHub teams.' },
  } satisfies MappingSpec;

  return {
    version: { type: numberField({ integer: true, min: 1, max: 1, expected: '1' }), description: 'Format version of this file.', default: 1 },
    defaults: {
      type: objectField({ expires: { type: durationField(), description: 'Expiry of requests; default 1h.', default: '1h' } } satisfies MappingSpec, { what: 'defaults' }),
      description: 'Defaults for every rule.',
    },
    write_back: {
      type: objectField(
        {
          auto_merge: {
            type: booleanField(),
            description: 'Enable auto-merge on write-back pull requests: GitHub merges them once their required checks and reviews pass (the repository must allow auto-merge).',
            default: false,
          },
          labels: {
            type: listField(stringField({ minLength: 1, maxLength: 50, expected: 'a label name of 1 to 50 characters' }), { unique: true, maxItems: 20 }),
            description: 'Labels for write-back pull requests besides qm-applied, which they always carry.',
            default: [],
          },
        } satisfies MappingSpec,
        { what: 'write_back' },
      ),
      description: 'Pull requests that write a change made from chat back to the definitions, after it is applied.',
    },
    channels: {
      type: mapField(
        stringField({ pattern: /^(slack:[CGD][A-Z0-9]{2,}|github:[A-Za-z0-9-]+\/[A-Za-z0-9._-]+)$/, expected: 'a Slack channel id like slack:C0123ABCD, or github:owner/repo' }),
        envNameField(names),
        { maxEntries: 500 },
      ),
      description: 'Chat channels bound to an environment: `/scale web 5` typed there means that environment\'s web.',
    },
    people: {
      type: mapField(nameField('person'), listField(userField(), { minItems: 1, unique: true })),
      description: 'People by name, each with their accounts (slack:U..., github:login#id); one person never approves their own request from another account.',
      default: {},
    },
    groups: {
      type: mapField(nameField('group'), objectField(groupSpec, { refine: (m): RawGroup => ({ ...optional('description', m.values.description), members: m.values.members ?? [] }) })),
      description: 'Named groups: quorums and permissions refer to them.',
      default: {},
    },
    permissions: {
      type: listField(objectField(permissionSpec, { refine: buildPermission })),
      description: 'Who may run which commands in which environments. Anything not allowed here is refused.',
      default: [],
    },
    approvals: {
      type: listField(objectField(approvalRuleSpec, { refine: buildApprovalRule })),
      description: 'Which changes need approvals, from whom, for how long.',
      default: [],
    },
  } satisfies MappingSpec;
}

function optional<K extends string, V>(key: K, value: V | undefined): { [P in K]?: V } {
  return (value === undefined ? {} : { [key]: value }) as { [P in K]?: V };
}

function buildConditions(m: MappingResult<MappingSpec>): ApprovalConditions {
  const v = m.values as Record<string, unknown>;
  return {
    ...optional('impact', v.impact as ApprovalConditions['impact']),
    ...optional('monthlyCostIncreaseOver', v.monthly_cost_increase_over as number | undefined),
    ...optional('groupCapacityChangeOverPercent', v.group_capacity_change_over as number | undefined),
    ...optional('envCapacityChangeOverPercent', v.env_capacity_change_over as number | undefined),
  };
}

function buildPermission(m: MappingResult<MappingSpec>): RawPermission {
  const v = m.values as Record<string, unknown>;
  return {
    ...optional('description', v.description as string | undefined),
    commands: v.commands as RawPermission['commands'],
    envs: v.envs as RawPermission['envs'],
    who: v.who as Principal[],
    source: m.loc,
  };
}

function buildApprovalRule(m: MappingResult<MappingSpec>): RawApprovalRule {
  const v = m.values as Record<string, unknown>;
  return {
    name: v.name as string,
    ...optional('description', v.description as string | undefined),
    envs: v.envs as RawApprovalRule['envs'],
    commands: (v.commands as PolicyCommand[] | undefined) ?? [...CHANGE_COMMANDS],
    when: (v.when as ApprovalConditions | undefined) ?? {},
    require: v.require as QuorumRequirement[],
    ...optional('expiresInMs', v.expires as number | undefined),
    source: m.loc,
    requireAt: m.at('require'),
  };
}
