import { describe, expect, it } from 'vitest';
import { renderAuditText } from '../../src/store/render-audit-text.js';
import type { AuditEntry } from '../../src/store/store.js';

describe('renderAuditText', () => {
  it('renders a plain aligned table, one line per entry', () => {
    const entries: AuditEntry[] = [
      { seq: 1, at: '2026-03-01T10:00:00.000Z', actor: 'github:octocat#583231', door: 'pr', kind: 'request', envs: ['prod'], requestId: 'req-0123456789ab', fingerprint: 'f'.repeat(64), message: 'requested apply' },
      { seq: 2, at: '2026-03-01T10:05:00.000Z', actor: 'slack:U0SRE1', kind: 'approval', envs: ['dev', 'prod'], message: 'approved\n(1 of 1)' },
    ];
    expect(renderAuditText(entries)).toBe(
      [
        'TIME (UTC)            ACTOR                  DOOR  KIND      ENV       REQUEST           PLAN          MESSAGE',
        '2026-03-01 10:00:00Z  github:octocat#583231  pr    request   prod      req-0123456789ab  ffffffffffff  requested apply',
        '2026-03-01 10:05:00Z  slack:U0SRE1           -     approval  dev,prod  -                 -             approved (1 of 1)',
        '',
      ].join('\n'),
    );
  });

  it('says so when there is nothing', () => {
    expect(renderAuditText([])).toBe('No audit entries.\n');
  });
});
