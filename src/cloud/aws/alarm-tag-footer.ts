import { ConfigInvalidError } from '../../errors.js';

/**
 * CloudWatch DescribeAlarms does not return tags, and ListTagsForResource takes one alarm per
 * call. So a managed alarm also carries its tags (qm: identity included) as the last line of
 * its AlarmDescription, read back with the alarms themselves:
 *
 *     CPU above 70% for 10 minutes
 *
 *     qm-tags: {"qm:env":"prod","qm:name":"web-cpu-high","qm:uuid":"…","team":"web"}
 *
 * The footer is the source of truth for Quartermaster's reads; the real alarm tags are set
 * too (at creation and by updateTags) for IAM conditions and cost reports.
 */
export const FOOTER_PREFIX = 'qm-tags: ';
/** CloudWatch's limit on AlarmDescription. */
export const MAX_ALARM_DESCRIPTION = 1024;

const FOOTER_RE = /(?:^|\n\n)qm-tags: (\{[^\n]*\})$/;

/**
 * The AlarmDescription to send: the user's description followed by the tag footer.
 *
 * @example
 * withTagFooter('CPU high', { 'qm:env': 'prod' }); // 'CPU high\n\nqm-tags: {"qm:env":"prod"}'
 */
export function withTagFooter(description: string | undefined, tags: Record<string, string>, alarmName: string): string {
  const sorted = Object.fromEntries(Object.entries(tags).sort(([a], [b]) => a.localeCompare(b)));
  const footer = FOOTER_PREFIX + JSON.stringify(sorted);
  const text = description ? `${description}\n\n${footer}` : footer;
  if (text.length > MAX_ALARM_DESCRIPTION) {
    throw new ConfigInvalidError(
      `alarm ${alarmName}: its description plus its tags (${text.length} characters) exceed CloudWatch's ${MAX_ALARM_DESCRIPTION}-character AlarmDescription, where Quartermaster keeps the tags`,
      { fix: 'Shorten the alarm\'s description or drop some of its tags' },
    );
  }
  return text;
}

/** Splits a description read from AWS into the user's text and the tags; no footer means no tags (unmanaged). */
export function readTagFooter(raw: string | undefined): { description: string | undefined; tags: Record<string, string> } {
  if (!raw) return { description: undefined, tags: {} };
  const m = FOOTER_RE.exec(raw);
  if (!m?.[1]) return { description: raw, tags: {} };
  let parsed: unknown;
  try {
    parsed = JSON.parse(m[1]);
  } catch {
    return { description: raw, tags: {} };
  }
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) return { description: raw, tags: {} };
  const tags: Record<string, string> = {};
  for (const [k, v] of Object.entries(parsed)) if (typeof v === 'string') tags[k] = v;
  const description = raw.slice(0, m.index);
  return { description: description === '' ? undefined : description, tags };
}
