import { isScalar, type Node } from 'yaml';
import { didYouMean } from '../definitions/did-you-mean.js';
import { enumField, listField, reportExpected, resolveNode, stringField, type FieldType } from '../definitions/field-types.js';
import { locate } from '../definitions/yaml-source.js';
import { parseDuration } from './duration.js';
import { POLICY_COMMANDS, type PolicyCommand, type Principal, type UserPrincipal } from './policy.js';
import { POLICY_NAME, PRINCIPAL_FORMS, parsePrincipal } from './principal.js';

/** Field types of policy.yml, built on the definitions' toolkit so messages read the same. */

/** The names policy.yml defines, known before its lists are read so references are checked where they are written. */
export interface PolicyNames {
  people: ReadonlySet<string>;
  groups: ReadonlySet<string>;
  /** Environments of the definitions, when known: other names are refused with a did-you-mean. */
  envs?: readonly string[];
}

export function nameField(what: string): FieldType<string> {
  return stringField({ pattern: POLICY_NAME, expected: `a ${what} name of lower-case letters, digits, - _ and . starting with a letter` });
}

/**
 * An identity or a name defined in the policy: `slack:U012ABC`, `github:octocat#583231`,
 * `slack-group:S0123`, `github-team:acme/sre`, `alice`, `sre`.
 */
export function principalField(names: PolicyNames): FieldType<Principal> {
  const expected = PRINCIPAL_FORMS;
  return {
    expected,
    read(raw, ctx, label) {
      const node = resolveNode(raw, ctx);
      const value = isScalar(node) && typeof node.value === 'string' ? node.value : undefined;
      const p = value === undefined ? undefined : parsePrincipal(value);
      if (value === undefined || !p) {
        reportExpected(ctx, node, label, expected, { suffix: value === undefined ? '' : hintFor(value) });
        return undefined;
      }
      if (p.kind !== 'group') return p;
      if (names.people.has(p.name)) return { kind: 'person', name: p.name };
      if (names.groups.has(p.name)) return p;
      const known = [...names.people, ...names.groups];
      ctx.bag.error(locate(ctx.source, node), `${label} "${p.name}" is not a person or group defined in this policy${didYouMean(p.name, known) || (known.length ? ` (defined: ${known.join(', ')})` : '')}`);
      return undefined;
    },
    jsonSchema: () => ({ type: 'string', description: expected }),
  };
}

/** A hint for a near miss of the identity forms: `slack:u012abc` (lower case), `github:octocat` (no id). */
function hintFor(value: string): string {
  if (/^slack:/i.test(value)) return ' (Slack user ids are upper case and start with U or W, like slack:U012ABC)';
  if (/^github:[^#]+$/.test(value)) return ' (add the numeric user id: github:login#123456, from https://api.github.com/users/<login>)';
  if (/^slack-group:/i.test(value)) return ' (Slack user group ids start with S, like slack-group:S0123ABC)';
  if (/^github-team:/i.test(value)) return ' (write github-team:<org>/<team-slug>)';
  return '';
}

/** A user account (people's ids): `slack:U...` or `github:login#id`. */
export function userField(): FieldType<UserPrincipal> {
  const expected = 'a user id: slack:U012ABC or github:login#123456';
  return {
    expected,
    read(raw, ctx, label) {
      const node = resolveNode(raw, ctx);
      const value = isScalar(node) && typeof node.value === 'string' ? node.value : undefined;
      const p = value === undefined ? undefined : parsePrincipal(value);
      if (!p || (p.kind !== 'slack-user' && p.kind !== 'github-user')) {
        reportExpected(ctx, node, label, expected, { suffix: value === undefined ? '' : hintFor(value) });
        return undefined;
      }
      return p;
    },
    jsonSchema: () => ({ type: 'string', pattern: '^(slack:[UW][A-Z0-9]{2,}|github:[A-Za-z0-9][A-Za-z0-9-]{0,38}#[1-9][0-9]*)$' }),
  };
}

/** A named group of `groups:` (quorums name groups, not people). */
export function groupRefField(names: PolicyNames): FieldType<string> {
  const expected = 'the name of a group defined under groups';
  return {
    expected,
    read(raw, ctx, label) {
      const node = resolveNode(raw, ctx);
      const value = isScalar(node) && typeof node.value === 'string' ? node.value : undefined;
      if (value !== undefined && names.groups.has(value)) return value;
      const suffix = value !== undefined && names.people.has(value) ? ` ("${value}" is a person; define a group with them in it)` : value === undefined ? '' : didYouMean(value, names.groups);
      reportExpected(ctx, node, label, expected, { suffix });
      return undefined;
    },
    jsonSchema: () => ({ type: 'string' }),
  };
}

/** `"*"` or a list of values. */
function starOrList<T>(item: FieldType<T>, what: string): FieldType<T[] | '*'> {
  const list = listField(item, { minItems: 1, unique: true });
  const expected = `"*" (every ${what}) or ${list.expected}`;
  return {
    expected,
    read(raw, ctx, label) {
      const node = resolveNode(raw, ctx);
      if (isScalar(node) && node.value === '*') return '*';
      if (isScalar(node)) {
        reportExpected(ctx, node, label, expected, { suffix: typeof node.value === 'string' ? ` (write a list: [${node.value}])` : '' });
        return undefined;
      }
      return list.read(node, ctx, label);
    },
    jsonSchema: () => ({ oneOf: [{ const: '*' }, list.jsonSchema()] }),
  };
}

export function commandsField(): FieldType<PolicyCommand[] | '*'> {
  return starOrList(enumField(POLICY_COMMANDS), 'command');
}

export function envNameField(names: PolicyNames): FieldType<string> {
  const base = stringField({ pattern: /^[a-z0-9][a-z0-9-]{0,62}$/, expected: 'an environment name' });
  return {
    expected: base.expected,
    read(raw, ctx, label) {
      const value = base.read(raw, ctx, label);
      if (value === undefined || !names.envs || names.envs.includes(value)) return value;
      ctx.bag.error(locate(ctx.source, resolveNode(raw, ctx)), `${label} "${value}" is not an environment of the definitions${didYouMean(value, names.envs) || ` (environments: ${names.envs.join(', ')})`}`);
      return undefined;
    },
    jsonSchema: () => base.jsonSchema(),
  };
}

export function envsField(names: PolicyNames): FieldType<string[] | '*'> {
  return starOrList(envNameField(names), 'environment');
}

/** `30m`, `2h`, `1d`: at least a minute, at most 7 days. */
export function durationField(): FieldType<number> {
  const expected = 'a duration like 30m, 2h or 1d (from 1m to 7d)';
  return {
    expected,
    read(raw, ctx, label) {
      const node = resolveNode(raw, ctx);
      const ms = isScalar(node) && typeof node.value === 'string' ? parseDuration(node.value) : undefined;
      if (ms === undefined || ms < 60_000 || ms > 7 * 86_400_000) {
        reportExpected(ctx, node, label, expected);
        return undefined;
      }
      return ms;
    },
    jsonSchema: () => ({ type: 'string', pattern: '^[1-9][0-9]{0,5}(s|m|h|d)$' }),
  };
}

/** A percentage: `50%` or `50`, from 0 to 1000. */
export function percentField(): FieldType<number> {
  const expected = 'a percentage like 50% (0 to 1000)';
  return {
    expected,
    read(raw: Node, ctx, label) {
      const node = resolveNode(raw, ctx);
      let v: number | undefined;
      if (isScalar(node) && typeof node.value === 'number') v = node.value;
      else if (isScalar(node) && typeof node.value === 'string' && /^\d+(\.\d+)?%$/.test(node.value.trim())) v = Number(node.value.trim().slice(0, -1));
      if (v === undefined || !Number.isFinite(v) || v < 0 || v > 1000) {
        reportExpected(ctx, node, label, expected);
        return undefined;
      }
      return v;
    },
    jsonSchema: () => ({ oneOf: [{ type: 'number', minimum: 0, maximum: 1000 }, { type: 'string', pattern: '^\\d+(\\.\\d+)?%$' }] }),
  };
}
