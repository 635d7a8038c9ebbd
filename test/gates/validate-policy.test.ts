import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatDiagnostic } from '../../src/definitions/diagnostic.js';
import { ErrorCode, isQmError } from '../../src/errors.js';
import { memoryFileTree } from '../../src/definitions/file-tree.js';
import { loadPolicy, loadPolicyFrom, loadPolicyOrThrow } from '../../src/gates/load-policy.js';
import { parsePolicy } from '../../src/gates/validate-policy.js';
import { ENVS, FIXTURES } from './policy-fixture.js';

const WHO = 'is not slack:U012ABC, github:login#123456, slack-group:S0123ABC, github-team:org/team, or a person or group name';
const COMMANDS = 'plan, apply, scale, shutdown, start, approve, unlock';

/** Each file of the bad-policy corpus with every error (and warning) it must produce, in order. */
const corpus: { file: string; errors: string[]; warnings?: string[] }[] = [
  {
    file: 'unknown-fields.yml',
    errors: ['policy.yml:6:1 unknown field "permisions" in policy.yml (did you mean "permissions"?)', 'policy.yml:10:5 unknown field "comands" in approvals[0] (did you mean "commands"?)'],
  },
  {
    file: 'identities.yml',
    errors: [
      `policy.yml:4:11 permissions[0].who[0] "slack:u0alice01" ${WHO} (Slack user ids are upper case and start with U or W, like slack:U012ABC)`,
      `policy.yml:4:28 permissions[0].who[1] "github:octocat" ${WHO} (add the numeric user id: github:login#123456, from https://api.github.com/users/<login>)`,
      `policy.yml:4:44 permissions[0].who[2] "github-team:acme" ${WHO} (write github-team:<org>/<team-slug>)`,
      'policy.yml:8:7 people.alice[1] "slack-group:S0SRE1234" is not a user id: slack:U012ABC or github:login#123456 (Slack user group ids start with S, like slack-group:S0123ABC)',
    ],
  },
  {
    file: 'references.yml',
    errors: [
      'policy.yml:6:3 groups.sre contains itself (sre -> oncall -> sre); remove one of these memberships',
      'policy.yml:7:22 groups.sre.members[1] "bobb" is not a person or group defined in this policy (did you mean "bob"?)',
      'policy.yml:10:3 groups.alice has the name of a person (people.alice); names of people and groups must differ',
      'policy.yml:15:11 permissions[0].who[0] "sres" is not a person or group defined in this policy (did you mean "sre"?)',
      'policy.yml:21:16 approvals[0].require[1].group "bob" is not the name of a group defined under groups ("bob" is a person; define a group with them in it)',
    ],
  },
  {
    file: 'values.yml',
    errors: [
      'policy.yml:2:10 version 2 is not 1',
      'policy.yml:4:12 defaults.expires "2 hours" is not a duration like 30m, 2h or 1d (from 1m to 7d)',
      `policy.yml:9:16 permissions[0].commands[0] "aply" is not one of ${COMMANDS} (did you mean "apply"?)`,
      'policy.yml:10:12 permissions[0].envs[0] "prdo" is not an environment of the definitions (did you mean "prod"?)',
      `policy.yml:12:15 permissions[1].commands "apply" is not "*" (every command) or a list of at least 1 item (each one of ${COMMANDS}) (write a list: [apply])`,
      'policy.yml:16:11 approvals[0].name "Big_Rule" is not a rule name of lower-case letters, digits, - _ and . starting with a letter',
      'policy.yml:18:16 approvals[0].commands[0] "plan" is not one of apply, scale, shutdown, start',
      'policy.yml:20:15 approvals[0].when.impact "down" is not one of downtime, destructive',
      'policy.yml:21:35 approvals[0].when.group_capacity_change_over "half" is not a percentage like 50% (0 to 1000)',
      'policy.yml:22:35 approvals[0].when.monthly_cost_increase_over -5 is not a number of at least 0',
      'policy.yml:25:16 approvals[0].require[0].count 0 is not a whole number from 1 to 20',
      'policy.yml:26:14 approvals[0].expires "30d" is not a duration like 30m, 2h or 1d (from 1m to 7d)',
    ],
  },
  {
    file: 'duplicates.yml',
    errors: [
      "policy.yml:4:3 people.alias lists github:alice-renamed#1001, which is already people.alice's; an account belongs to one person",
      'policy.yml:17:5 approval rule "prod" is defined twice (first at line 13); give each rule its own name',
      'policy.yml:20:7 approval rule "prod" requires group "sre" twice; write one entry with the count',
    ],
  },
  { file: 'syntax.yml', errors: ['policy.yml:3:5 YAML syntax error: Flow sequence in block collection must be sufficiently indented and end with a ]'] },
  {
    file: 'nobody-approves.yml',
    errors: [],
    warnings: ['policy.yml:10:5 approval rule "prod" applies to prod, but no permission allows approve there; its requests can never be approved'],
  },
];

describe('parsePolicy: the bad-policy corpus', () => {
  it.each(corpus)('$file', ({ file, errors, warnings }) => {
    const r = parsePolicy('policy.yml', readFileSync(path.join(FIXTURES, 'bad', file), 'utf8'), { envs: ENVS });
    if (errors.length === 0) {
      expect(r.ok, JSON.stringify(r)).toBe(true);
    } else {
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.diagnostics.map(formatDiagnostic)).toEqual(errors);
    }
    expect(r.warnings.map(formatDiagnostic)).toEqual(warnings ?? []);
  });
});

describe('parsePolicy: the model', () => {
  it('reads people, groups, permissions and rules with defaults and locations', () => {
    const r = parsePolicy(
      'policy.yml',
      [
        'defaults:',
        '  expires: 45m',
        'people:',
        '  alice: [slack:U0ALICE01, github:Alice-Ops#583231]',
        'groups:',
        '  sre:',
        '    members: [alice, github-team:Acme/SRE]',
        'permissions:',
        '  - commands: "*"',
        '    envs: [prod]',
        '    who: [sre, slack-group:S0PAGER01]',
        'approvals:',
        '  - name: prod',
        '    envs: "*"',
        '    when: { impact: destructive, env_capacity_change_over: 25% }',
        '    require: [{ group: sre, count: 2 }]',
      ].join('\n'),
    );
    if (!r.ok) throw new Error(r.diagnostics.map(formatDiagnostic).join('\n'));
    const p = r.policy;
    expect([...p.people.values()]).toEqual([{ name: 'alice', ids: [{ kind: 'slack-user', id: 'U0ALICE01' }, { kind: 'github-user', login: 'Alice-Ops', id: 583231 }], source: { file: 'policy.yml', line: 4, col: 3 } }]);
    expect(p.groups.get('sre')?.members).toEqual([{ kind: 'person', name: 'alice' }, { kind: 'github-team', org: 'acme', team: 'sre' }]);
    expect(p.permissions).toEqual([{ commands: '*', envs: ['prod'], who: [{ kind: 'group', name: 'sre' }, { kind: 'slack-group', id: 'S0PAGER01' }], source: { file: 'policy.yml', line: 9, col: 5 } }]);
    expect(p.approvals).toEqual([
      {
        name: 'prod',
        envs: '*',
        commands: ['apply', 'scale', 'shutdown', 'start'],
        when: { impact: 'destructive', envCapacityChangeOverPercent: 25 },
        require: [{ group: 'sre', count: 2 }],
        expiresInMs: 45 * 60_000,
        source: { file: 'policy.yml', line: 13, col: 5 },
      },
    ]);
    expect(p.defaultExpiresInMs).toBe(45 * 60_000);
    expect(r.warnings.map(formatDiagnostic)).toEqual(['policy.yml:13:5 approval rule "prod" applies to *, but no permission allows approve there; its requests can never be approved']);
  });

  it('accepts any environment name when the definitions are not given', () => {
    const r = parsePolicy('policy.yml', 'permissions:\n  - commands: [plan]\n    envs: [anything]\n    who: [slack:U0ALICE01]\n');
    expect(r.ok).toBe(true);
  });
});

describe('parsePolicy: write_back', () => {
  it('labels write-back pull requests qm-applied and leaves merging to people when policy.yml says nothing', () => {
    const r = parsePolicy('policy.yml', 'version: 1\n');
    expect(r.ok && r.policy.writeBack).toEqual({ autoMerge: false, labels: ['qm-applied'] });
  });

  it('reads auto_merge and labels, always keeping qm-applied first and once', () => {
    const r = parsePolicy('policy.yml', 'write_back:\n  auto_merge: true\n  labels: [chatops, qm-applied]\n');
    expect(r.ok && r.policy.writeBack).toEqual({ autoMerge: true, labels: ['qm-applied', 'chatops'] });
  });

  it('reports every mistake with its place', () => {
    const r = parsePolicy('policy.yml', 'write_back:\n  auto_merge: yes\n  automerge: true\n  labels: [chatops, "", chatops]\n');
    expect(r.ok ? [] : r.diagnostics.map(formatDiagnostic)).toEqual([
      'policy.yml:2:15 write_back.auto_merge "yes" is not true or false',
      'policy.yml:3:3 unknown field "automerge" in write_back (did you mean "auto_merge"?)',
      'policy.yml:4:21 write_back.labels[1] "" is not a label name of 1 to 50 characters',
      'policy.yml:4:25 write_back.labels lists "chatops" more than once',
    ]);
  });
});

describe('loadPolicy', () => {
  it('loads the example policy of examples/fleet without errors or warnings', async () => {
    const r = await loadPolicy(path.join(FIXTURES, '..', '..', '..', 'examples', 'fleet'), { envs: ENVS });
    if (!r.ok) throw new Error(r.diagnostics.map(formatDiagnostic).join('\n'));
    expect(r.found).toBe(true);
    expect(r.warnings).toEqual([]);
    expect([...r.policy.groups.keys()]).toEqual(['sre', 'developers']);
    expect(r.policy.approvals.map((a) => a.name)).toEqual(['prod-downtime', 'prod-destructive', 'prod-expensive', 'big-capacity-change', 'staging-outage']);
  });

  it('gives a repository without policy.yml the deny-all policy', async () => {
    const r = await loadPolicy(FIXTURES);
    expect(r).toMatchObject({ ok: true, found: false, policy: { permissions: [], approvals: [] } });
  });

  it('loads from any file tree (the files of a git ref)', async () => {
    const r = await loadPolicyFrom(memoryFileTree({ 'policy.yml': 'permissions:\n  - commands: [plan]\n    envs: "*"\n    who: [slack:U0ALICE01]\n' }));
    expect(r).toMatchObject({ ok: true, found: true, policy: { permissions: [{ commands: ['plan'] }] } });
    expect(await loadPolicyFrom(memoryFileTree({ 'environments/dev/environment.yml': 'x' }))).toMatchObject({ ok: true, found: false });
  });

  it('throws PolicyInvalidError listing every diagnostic and the fix', async () => {
    const err = await loadPolicyOrThrow(path.join(FIXTURES, 'bad-root')).catch((e: unknown) => e);
    expect(isQmError(err, ErrorCode.PolicyInvalid)).toBe(true);
    expect((err as Error).message).toBe(
      '1 error in policy.yml:\n  policy.yml:3:11 permissions[0].who[0] "nobody" is not a person or group defined in this policy\nFix them and run `qm policy check` (see docs/policy.md)',
    );
  });
});
