import { formatUtc, renderTextTable } from '../render/text-table.js';
import type { AuditEntry } from './store.js';

/**
 * The audit log as a plain text table for `qm audit` (no colours: it is read in terminals and
 * pasted into tickets). Fingerprints are shortened to 12 characters; messages are one line.
 *
 * @example process.stdout.write(renderAuditText(await store.queryAudit({ env: 'prod' })));
 */
export function renderAuditText(entries: readonly AuditEntry[]): string {
  if (entries.length === 0) return 'No audit entries.\n';
  const header = ['TIME (UTC)', 'ACTOR', 'DOOR', 'KIND', 'ENV', 'REQUEST', 'PLAN', 'MESSAGE'];
  const rows = entries.map((e) => [
    formatUtc(e.at),
    e.actor,
    e.door ?? '-',
    e.kind,
    e.envs.length ? e.envs.join(',') : '-',
    e.requestId ?? '-',
    e.fingerprint ? e.fingerprint.slice(0, 12) : '-',
    e.message.replace(/\s*\n\s*/g, ' '),
  ]);
  return renderTextTable(header, rows);
}
