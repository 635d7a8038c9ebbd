import { describe, expect, it } from 'vitest';
import type { ActionResult, ApplyResult } from '../../src/apply/index.js';
import { applyCommentMarkerFor, codeSpan, GITHUB_COMMENT_LIMIT, planCommentMarkerFor, renderApplyResultComment } from '../../src/render/index.js';
import { mixedApply } from '../apply/support/mixed-apply.js';
import { codePoints, outsideFences } from './big-plan.js';
import { EVIL, SUMMARY_URL } from './fixtures.js';

const KEY = 'infra:prod';

function okResult(results: ActionResult[]): ApplyResult {
  const count = (s: ActionResult['status']) => results.filter((r) => r.status === s).length;
  return {
    ok: results.every((r) => r.status === 'applied' || r.status === 'unchanged'),
    results,
    counts: { applied: count('applied'), failed: count('failed'), skipped: count('skipped'), unchanged: count('unchanged'), rolledBack: count('rolled-back') },
    accountChecks: [{ env: 'prod', ok: true }],
    startedAt: '2026-03-01T12:00:00.000Z',
    finishedAt: '2026-03-01T12:01:12.500Z',
    providerCalls: {} as ApplyResult['providerCalls'],
  };
}

function action(name: string, status: ActionResult['status'], extra: Partial<ActionResult> = {}): ActionResult {
  return { id: `prod/instance/${name}`, type: 'update', resource: { kind: 'instance', env: 'prod', name, uuid: 'u' }, status, steps: [], durationMs: 1000, ...extra };
}

describe('renderApplyResultComment', () => {
  it('reports a failed apply per resource, with what to do (snapshot)', async () => {
    const { result } = await mixedApply();
    const md = renderApplyResultComment({ key: KEY, result, requestId: 'req-0123456789ab', requestedBy: 'github:octocat#583231', approvedBy: ['github:alice#1001'], summaryUrl: SUMMARY_URL, fingerprint: 'f'.repeat(64) });
    await expect(md).toMatchFileSnapshot('__snapshots__/apply-result-failed.md');
    expect(md.split('\n')[0]).toBe(applyCommentMarkerFor(KEY));
    expect(applyCommentMarkerFor(KEY)).not.toBe(planCommentMarkerFor(KEY));
  });

  it('reports a successful apply (snapshot)', async () => {
    const result = okResult([action('web', 'applied', { type: 'rolling-refresh', note: 'instance refresh r-0abc done' }), action('db', 'applied', { type: 'replace', physicalId: 'i-0new' }), action('quiet', 'unchanged', { type: 'no-op' })]);
    const md = renderApplyResultComment({ key: KEY, result, requestId: 'req-0123456789ab', requestedBy: 'github:octocat#583231', approvedBy: [] });
    expect(md).toMatchInlineSnapshot(`
      "<!-- quartermaster:apply-comment key=infra:prod -->

      ### Quartermaster apply: ✅ applied in prod

      **Request** \`req-0123456789ab\` · **requested by** github:octocat#583231 · **approved by** nobody (no approval was needed) · took 1m 13s

      | Resource | Action | Outcome | Message |
      | --- | --- | --- | --- |
      | prod/instance/web | rolling-refresh | ✅ applied | instance refresh r-0abc done |
      | prod/instance/db (i-0new) | replace | ✅ applied |  |

      **Apply complete: 2 applied, 0 failed, 0 skipped.** 1 unchanged.
      "
    `);
  });

  it('keeps every row on one line whatever the names and messages hold', () => {
    const result = okResult([action(EVIL, 'failed', { error: EVIL, note: `${EVIL}\n| x | y |` }), action('ok', 'applied')]);
    const md = renderApplyResultComment({ key: EVIL, result, requestId: EVIL, requestedBy: EVIL, approvedBy: [EVIL], title: EVIL });
    const rows = md.split('\n').filter((l) => l.startsWith('| '));
    expect(rows).toHaveLength(4);
    // Four cells: five unescaped pipes per row, nothing else.
    for (const row of rows) expect(row.replace(/\\\|/g, '').match(/\|/g)).toHaveLength(5);
    expect(md.split('\n')[0]).toBe(applyCommentMarkerFor(EVIL));
    expect(outsideFences(md).text.match(/<!--/g)).toHaveLength(1);
    expect(md).toContain(`**Request** ${codeSpan(EVIL, { max: 100 })}`);
  });

  it('summarises a result too long for a comment, failures first', () => {
    const results = Array.from({ length: 6_000 }, (_, i) =>
      action(`node-${i}`, i % 1_000 === 999 ? 'failed' : 'applied', { error: i % 1_000 === 999 ? `capacity ${'x'.repeat(400)}` : undefined, note: 'y'.repeat(50) }),
    );
    const md = renderApplyResultComment({ key: KEY, result: okResult(results), requestId: 'req-1', requestedBy: 'a', approvedBy: ['b'], summaryUrl: SUMMARY_URL });
    expect(codePoints(md)).toBeLessThanOrEqual(GITHUB_COMMENT_LIMIT);
    const rows = md.split('\n').filter((l) => l.startsWith('| prod/'));
    expect(rows.slice(0, 6).every((r) => r.includes('❌ failed'))).toBe(true);
    expect(md).toMatch(new RegExp(`_${(6_000 - rows.length).toLocaleString('en-US')} more resources not listed \\([\\d,]+ applied\\): the table would pass GitHub's comment limit\\. Every row is in the job summary\\._`));
    expect(md).toContain('**Apply incomplete: 5994 applied, 6 failed, 0 skipped.**');
  });
});
