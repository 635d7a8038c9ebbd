/**
 * Tag shape conversions between AWS (`[{ Key, Value }]`) and the model (`Record<string, string>`).
 *
 * @example
 * tagsToRecord([{ Key: 'qm:env', Value: 'prod' }]); // { 'qm:env': 'prod' }
 * recordToTags({ team: 'web' }); // [{ Key: 'team', Value: 'web' }]
 */
export function tagsToRecord(tags: readonly { Key?: string; Value?: string }[] | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const t of tags ?? []) if (t.Key !== undefined) out[t.Key] = t.Value ?? '';
  return out;
}

export function recordToTags(tags: Record<string, string>): { Key: string; Value: string }[] {
  return Object.entries(tags)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([Key, Value]) => ({ Key, Value }));
}
