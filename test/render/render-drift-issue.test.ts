import { describe, expect, it } from 'vitest';
import { driftOf, type DriftReport } from '../../src/engine/drift.js';
import { driftIssueMarkerFor, GITHUB_COMMENT_LIMIT, renderDriftIssue, renderDriftResolvedComment } from '../../src/render/index.js';
import { bigPlan, codePoints } from './big-plan.js';
import { EVIL, evilPlan } from './fixtures.js';
import { SECRET, representativePlan } from './representative-plan.js';

const CHECKED = '2026-03-01T12:00:00.000Z';

describe('renderDriftIssue', () => {
  it('tells the drift of one environment, live against defined (snapshot)', async () => {
    const { title, body } = renderDriftIssue(driftOf(representativePlan()), 'prod', { checkedAt: CHECKED, runUrl: 'https://github.com/acme/fleet/actions/runs/77' });
    expect(title).toBe('Drift in prod: 5 changed, 1 not in the definitions');
    await expect(body).toMatchFileSnapshot('__snapshots__/drift-issue.md');
    expect(body.split('\n')[0]).toBe('<!-- quartermaster:drift env=prod -->');
    expect(body).not.toContain('hunter2');
    expect(body).not.toContain(SECRET);
    expect(body).toContain('(sha256:');
  });

  it('takes only its environment, and the time it is given', () => {
    const { title, body } = renderDriftIssue(driftOf(representativePlan()), 'dev', { checkedAt: '2026-04-01T00:00:00.000Z' });
    expect(title).toBe('Drift in dev: 1 changed');
    expect(body.split('\n')[0]).toBe(driftIssueMarkerFor('dev'));
    expect(body).not.toContain('bastion');
    expect(body).toContain('<sub>Last checked 2026-04-01 00:00:00Z</sub>');
  });

  it('says so when there is no drift', () => {
    const none: DriftReport = { envs: ['prod'], items: [], notices: [], notApplied: [], hasDrift: false };
    expect(renderDriftIssue(none, 'prod', { checkedAt: CHECKED }).body).toContain('No drift in **prod**: the live fleet matches the definitions.');
  });

  it('keeps names inside their cells and its marker unforgeable', () => {
    const { title, body } = renderDriftIssue(driftOf(evilPlan()), 'prod', { checkedAt: CHECKED });
    expect(title.split('\n')).toHaveLength(1);
    expect(body.split('\n')[0]).toBe(driftIssueMarkerFor('prod'));
    expect(body.match(/<!--/g)).toHaveLength(1);
    expect(body).not.toContain(driftIssueMarkerFor('other'));
    const rows = body.split('\n').filter((l) => l.startsWith('| '));
    for (const row of rows) expect(row.replace(/\\\|/g, '').match(/\|/g)).toHaveLength(5);
    expect(renderDriftIssue(driftOf(evilPlan()), EVIL, { checkedAt: CHECKED }).body.split('\n')[0]).toBe(driftIssueMarkerFor(EVIL));
  });

  it('stays under the limit for a huge drift', () => {
    const plan = bigPlan({ envs: ['prod'], creates: 100, downtime: 10_000 });
    const { body } = renderDriftIssue(driftOf(plan), 'prod', { checkedAt: CHECKED });
    expect(codePoints(body)).toBeLessThanOrEqual(GITHUB_COMMENT_LIMIT);
    expect(body).toMatch(/^\| … \| [\d,]+ more rows \| \| \|$/m);
  });
});

describe('renderDriftResolvedComment', () => {
  it('says the drift is gone, as of when', () => {
    expect(renderDriftResolvedComment('prod', CHECKED)).toBe(
      '✅ No drift in **prod** as of 2026-03-01 12:00:00Z: the live fleet matches the definitions again. Closing this issue.\n',
    );
  });
});
