import type { CommandAnswer } from '../../engine/command-answer.js';
import { SLACK_LIMITS, type SlackMessage } from './block-kit.js';
import { context, fallback, fitBlocks, packSections, section } from './fit-blocks.js';
import { code, escapeMrkdwn } from './mrkdwn.js';

/**
 * A usage error: what was wrong and the form of the command, for the person who typed it.
 *
 * @example renderSlackUsage({ kind: 'usage', error: 'unknown target "wbe" (did you mean "web"?)', usage: 'scale <target> <instance-type>' })
 */
export function renderSlackUsage(answer: Extract<CommandAnswer, { kind: 'usage' }>): SlackMessage {
  const usage = answer.usage
    .split('\n')
    .filter(Boolean)
    .slice(0, 10)
    .map((u) => code(`/qm ${u}`, 200))
    .join('\n');
  const text = `:warning: ${escapeMrkdwn(answer.error, 1000)}`;
  return { text: fallback(text), blocks: [section(text), section(`Usage:\n${usage || code('/qm help')}`), context(`${code('/qm help')} lists every command`)] };
}

/**
 * A refusal before any plan was made (policy.yml does not let this person do this here).
 *
 * @example renderSlackRefusal('slack:U0DAVE may not scale in prod')
 */
export function renderSlackRefusal(reason: string): SlackMessage {
  const text = `:no_entry: ${escapeMrkdwn(reason, 1500)}`;
  return { text: fallback(text), blocks: [section(text)] };
}

/**
 * The commands, each with its forms, what it does and examples.
 *
 * @example renderSlackHelp(answer)
 */
export function renderSlackHelp(answer: Extract<CommandAnswer, { kind: 'help' }>): SlackMessage {
  const items = answer.topics.map((t) => {
    const forms = t.usage
      .split('\n')
      .filter(Boolean)
      .map((u) => code(`/qm ${u}`, 200))
      .join('\n');
    const examples = t.examples.slice(0, 4).map((e) => code(`/qm ${e}`, 120));
    return `${forms}\n${escapeMrkdwn(t.summary, 1200)}${examples.length ? `\n_e.g._ ${examples.join('  ')}` : ''}`;
  });
  const blocks = packSections(items, { title: '*Quartermaster commands*', maxSections: 20, more: (n) => `_…and ${n} more commands_` });
  return { text: fallback('Quartermaster commands'), blocks: fitBlocks(blocks, SLACK_LIMITS.messageBlocks) };
}
