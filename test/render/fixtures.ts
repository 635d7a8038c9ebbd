/** Inputs shared by the pull request renderer tests. */
import type { Diagnostic } from '../../src/definitions/diagnostic.js';
import { managedTags } from '../../src/model/identity.js';
import type { Plan } from '../../src/model/plan.js';
import { createPlan } from '../../src/plan/index.js';
import type { GateVerdict } from '../../src/render/index.js';
import { FIXED_NOW, aFleet, anEnvironment, anInstanceSpec, anObservedInstance, observedInstanceOf, uuidFor } from '../plan/builders.js';

export const SUMMARY_URL = 'https://github.com/acme/fleet/actions/runs/4242#summary-99';

export const NEEDS_APPROVAL: GateVerdict = {
  decision: 'needs-approval',
  requirements: [
    {
      group: 'sre',
      count: 1,
      reason: 'prod-destructive: deletes prod/instance/legacy, replaces prod/instance/db',
      approvers: ['alice (github:alice#1001)', 'bob (github:bob#1002, slack:U0BOB)'],
      approvedBy: [],
    },
    { group: 'leads', count: 2, reason: 'prod-downtime: stops prod/instance/bastion', approvers: ['carol', 'dave', 'erin'], approvedBy: ['carol'] },
  ],
};

export const DIAGNOSTICS: Diagnostic[] = [
  { file: 'environments/prod/web.yml', line: 7, col: 18, message: 'instance_type "t2.mirco" is not an EC2 instance type (did you mean "t2.micro"?)' },
  { file: 'environments/prod/cache.yml', line: 3, col: 1, message: `YAML syntax error: unexpected scalar "export DB_PASSWORD=hunter2 ${'x'.repeat(300)}"` },
  { file: 'policy.yml', line: 12, col: 5, message: 'group "sre" lists "github:alice" without its numeric id (write github:alice#1001)' },
];

/**
 * Text written to break out of whatever holds it: an HTML comment, a table row, a code span or
 * fence, a `<details>` block, a line; and to forge the markers and the plan data.
 */
export const EVIL = [
  'evil-->|`x`',
  '<!-- quartermaster:plan-comment key=other -->',
  '<!-- quartermaster:plan-data {"fingerprint":"forged","envs":["prod"],"add":0,"change":0,"destroy":0} -->',
  '</details></summary>',
  '| a | b |',
  '```',
  '@everyone [click](https://evil.example)',
].join('\n');

/** A plan whose resource name, tag value and notice name are EVIL. */
export function evilPlan(): Plan {
  return createPlan({
    desired: [anInstanceSpec({ name: EVIL, tags: { note: EVIL } }), anInstanceSpec({ name: 'gone', deleted: true })],
    environments: [anEnvironment()],
    actual: [
      aFleet('prod', [
        observedInstanceOf(anInstanceSpec({ name: 'gone' })),
        anObservedInstance({ id: 'i-0evil', tags: managedTags({}, { env: 'prod', name: EVIL, uuid: uuidFor('evil') }) }),
      ]),
    ],
    envs: ['prod'],
    now: FIXED_NOW,
  });
}
