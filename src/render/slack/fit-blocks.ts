import { SLACK_LIMITS, type Block, type ContextBlock, type SectionBlock } from './block-kit.js';
import { cutText } from './mrkdwn.js';

/**
 * Fitting lists into Block Kit's limits (50 blocks a message, 3,000 characters a section):
 * items are packed into as few sections as they need, and what does not fit is cut whole and
 * counted on an `and N more` line. Nothing is cut inside an item but an item too long for a
 * section on its own.
 */

/** A section of mrkdwn text (Slack rejects an empty one). */
export function section(text: string, blockId?: string): SectionBlock {
  return { type: 'section', ...(blockId ? { block_id: blockId } : {}), text: { type: 'mrkdwn', text: text === '' ? ' ' : cutText(text, SLACK_LIMITS.sectionText) } };
}

/** A context block of one or more short mrkdwn texts. */
export function context(...texts: string[]): ContextBlock {
  return { type: 'context', elements: texts.slice(0, SLACK_LIMITS.contextElements).map((t) => ({ type: 'mrkdwn', text: cutText(t === '' ? ' ' : t, SLACK_LIMITS.contextText) })) };
}

export interface PackOptions {
  /** Sections at most. */
  maxSections: number;
  /** The line that counts the items left out: `…and 12 more changes`. */
  more: (left: number) => string;
  /** Text before the first item of the first section (a bold title). */
  title?: string;
  /** Characters per section; default Slack's 3,000. */
  sectionChars?: number;
  /** How many things each item stands for (a group of changes, its members), counted by `more`; default one each. */
  weights?: readonly number[];
}

/**
 * Items (each one or more lines) as sections, packed in order; when they need more than
 * `maxSections`, the last section ends with `more(left)`.
 *
 * @example packSections(actions.map(actionItem), { maxSections: 8, more: (n) => `_…and ${n} more changes_` })
 */
export function packSections(items: readonly string[], opts: PackOptions): SectionBlock[] {
  const limit = opts.sectionChars ?? SLACK_LIMITS.sectionText;
  const fitted = items.map((i) => cutText(i, limit - 200));
  const all = pack(fitted, limit, opts.title, Infinity);
  if (all.sections.length <= opts.maxSections) return all.sections.map((s) => section(s));
  // Keep room in the last section for the line that says what was left out.
  const total = opts.weights ? sum(opts.weights) : items.length;
  const cut = pack(fitted, limit, opts.title, opts.maxSections, opts.more(total).length + 1);
  const left = opts.weights ? sum(opts.weights.slice(cut.used)) : items.length - cut.used;
  const sections = cut.sections;
  const lastIndex = sections.length - 1;
  const line = opts.more(left);
  if (lastIndex < 0) return [section(opts.title ? `${opts.title}\n${line}` : line)];
  sections[lastIndex] = `${sections[lastIndex]}\n${line}`;
  return sections.map((s) => section(s));
}

function sum(xs: readonly number[]): number {
  return xs.reduce((n, x) => n + x, 0);
}

function pack(items: readonly string[], limit: number, title: string | undefined, maxSections: number, reserve = 0): { sections: string[]; used: number } {
  const sections: string[] = [];
  let current = title ?? '';
  let used = 0;
  for (const item of items) {
    const budget = sections.length === maxSections - 1 ? limit - reserve : limit;
    const next = current === '' ? item : `${current}\n${item}`;
    if (next.length <= budget) {
      current = next;
      used++;
      continue;
    }
    if (sections.length + 1 >= maxSections) break;
    if (current !== '') sections.push(current);
    current = item;
    used++;
  }
  if (current !== '') sections.push(current);
  return { sections, used };
}

/**
 * Blocks cut to `max`, the last one then saying how many were left out; a renderer's last guard
 * (each renderer budgets its own lists first).
 *
 * @example fitBlocks(blocks, SLACK_LIMITS.messageBlocks)
 */
export function fitBlocks(blocks: readonly Block[], max: number): Block[] {
  if (blocks.length <= max) return [...blocks];
  const kept = blocks.slice(0, max - 1);
  return [...kept, context(`_…and ${(blocks.length - kept.length).toLocaleString('en-US')} more not shown_`)];
}

/** The notification text: one line, short. */
export function fallback(text: string): string {
  return cutText(text, SLACK_LIMITS.fallbackText);
}
