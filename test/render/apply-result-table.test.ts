import { describe, expect, it } from 'vitest';
import { renderApplyResultTable } from '../../src/render/apply-result-table.js';
import { applySentence, formatApplyDuration } from '../../src/render/apply-format.js';
import { mixedApply } from '../apply/support/mixed-apply.js';

describe('renderApplyResultTable', () => {
  it('lists every planned change with its status, duration and note, then the errors and the closing line', async () => {
    const { result, plan } = await mixedApply();
    const text = renderApplyResultTable(result, plan, { color: false });
    expect(text).toMatchSnapshot();
    expect(text.trimEnd().split('\n').at(-1)).toBe('Apply incomplete: 1 applied, 2 failed, 1 skipped.');
    expect(text).not.toContain('prod/instance/quiet'); // a plan no-op is counted, not listed
  });

  it('colours statuses only when asked', async () => {
    const { result, plan } = await mixedApply();
    expect(renderApplyResultTable(result, plan, { color: false })).not.toContain('\x1b[');
    expect(renderApplyResultTable(result, plan, { color: true })).toContain('\x1b[31mfailed');
  });

  it('says so when nothing had to change', async () => {
    const { result, plan } = await mixedApply();
    const none = { ...result, results: [], counts: { applied: 0, failed: 0, skipped: 0, unchanged: 0, rolledBack: 0 } };
    expect(renderApplyResultTable(none, { ...plan, actions: [] }, { color: false })).toBe(
      'Nothing to apply: every resource already matched its definition.\n\nApply complete: 0 applied, 0 failed, 0 skipped.\n',
    );
  });
});

describe('apply formatting', () => {
  it.each([
    [0, '0s'],
    [800, '0.8s'],
    [3_000, '3s'],
    [72_500, '1m 13s'],
    [3_725_000, '1h 02m'],
  ])('%i ms -> %s', (ms, text) => expect(formatApplyDuration(ms)).toBe(text));

  it('counts rolled-back actions as failed in the closing line', () => {
    expect(applySentence({ applied: 3, failed: 1, skipped: 2, unchanged: 5, rolledBack: 1 })).toBe('Apply incomplete: 3 applied, 2 failed, 2 skipped.');
    expect(applySentence({ applied: 3, failed: 0, skipped: 0, unchanged: 5, rolledBack: 0 })).toBe('Apply complete: 3 applied, 0 failed, 0 skipped.');
  });
});
