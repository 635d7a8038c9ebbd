/**
 * The part of Slack's Block Kit the Slack renderers write, as plain JSON types (the engine never
 * imports @slack/*; bot/slack hands these to the Web API as they are). See
 * https://docs.slack.dev/reference/block-kit/blocks.
 */

export interface MrkdwnText {
  type: 'mrkdwn';
  text: string;
}

export interface PlainText {
  type: 'plain_text';
  text: string;
  emoji?: boolean;
}

export type TextObject = MrkdwnText | PlainText;

export interface ConfirmDialog {
  title: PlainText;
  text: MrkdwnText;
  confirm: PlainText;
  deny: PlainText;
  style?: 'primary' | 'danger';
}

export interface ButtonElement {
  type: 'button';
  action_id: string;
  text: PlainText;
  value?: string;
  style?: 'primary' | 'danger';
  confirm?: ConfirmDialog;
}

export interface HeaderBlock {
  type: 'header';
  block_id?: string;
  text: PlainText;
}

export interface SectionBlock {
  type: 'section';
  block_id?: string;
  text?: MrkdwnText;
  /** At most 10, each at most 2,000 characters. */
  fields?: MrkdwnText[];
}

export interface ContextBlock {
  type: 'context';
  block_id?: string;
  /** At most 10. */
  elements: MrkdwnText[];
}

export interface ActionsBlock {
  type: 'actions';
  block_id?: string;
  elements: ButtonElement[];
}

export interface DividerBlock {
  type: 'divider';
  block_id?: string;
}

export type Block = HeaderBlock | SectionBlock | ContextBlock | ActionsBlock | DividerBlock;

/**
 * A message as chat.postMessage, chat.update, chat.postEphemeral and response_url take it:
 * `text` is the notification and screen-reader fallback, `blocks` what people see.
 */
export interface SlackMessage {
  text: string;
  blocks: Block[];
}

/** An App Home tab, as views.publish takes it. */
export interface SlackHomeView {
  type: 'home';
  blocks: Block[];
}

/** Block Kit's limits that the renderers respect (Slack answers `invalid_blocks` past them). */
export const SLACK_LIMITS = {
  messageBlocks: 50,
  homeBlocks: 100,
  sectionText: 3000,
  sectionFields: 10,
  fieldText: 2000,
  headerText: 150,
  contextElements: 10,
  contextText: 2000,
  buttonText: 75,
  buttonValue: 2000,
  confirmTitle: 100,
  confirmText: 300,
  confirmButton: 30,
  /** Not a hard limit (40,000) but what a notification can show; longer text is cut. */
  fallbackText: 3000,
} as const;

/** The ids the door's listeners are registered for. */
export const SLACK_ACTION_IDS = { approve: 'qm_approve', deny: 'qm_deny' } as const;

/** Block ids the renderers give the blocks that a decision replaces (see renderSlackDecision). */
export const SLACK_BLOCK_IDS = { title: 'qm_title', buttons: 'qm_buttons', status: 'qm_status' } as const;
