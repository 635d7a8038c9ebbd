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
    e.at.replace('T', ' ').replace(/\.\d{3}Z$/, 'Z'),
    e.actor,
    e.door ?? '-',
    e.kind,
    e.envs.length ? e.envs.join(',') : '-',
    e.requestId ?? '-',
    e.fingerprint ? e.fingerprint.slice(0, 12) : '-',
    e.message.replace(/\s*\n\s*/g, ' '),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]): string =>
    cells
      .map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i] ?? 0)))
      .join('  ')
      .trimEnd();
  return `${[line(header), ...rows.map(line)].join('\n')}\n`;
}
