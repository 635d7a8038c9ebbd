/**
 * A plain text table for terminals: columns padded to their widest cell, two spaces apart, the
 * last column left ragged (it holds free text). No colours: these tables are pasted into tickets.
 *
 * @example renderTextTable(['ENV', 'HOLDER'], [['prod', 'cli:alice']]) // 'ENV   HOLDER\nprod  cli:alice\n'
 */
export function renderTextTable(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: readonly string[]): string =>
    cells
      .map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i] ?? 0)))
      .join('  ')
      .trimEnd();
  return `${[line(header), ...rows.map(line)].join('\n')}\n`;
}

/**
 * An ISO 8601 instant as the audit log prints it: `2025-03-04 10:15:00Z` (UTC, to the second).
 *
 * @example formatUtc('2025-03-04T10:15:00.123Z') // '2025-03-04 10:15:00Z'
 */
export function formatUtc(iso: string): string {
  return iso.replace('T', ' ').replace(/\.\d{3}Z$/, 'Z');
}
