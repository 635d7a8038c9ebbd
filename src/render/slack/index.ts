/** Slack renderers: CommandAnswer and its parts -> Block Kit messages and the App Home view. Pure; they never decide anything. */
export { SLACK_ACTION_IDS, SLACK_BLOCK_IDS, SLACK_LIMITS, type Block, type SlackHomeView, type SlackMessage } from './block-kit.js';
export { code, escapeMrkdwn, who, principals, slackDate, link } from './mrkdwn.js';
export { renderSlackAnswer } from './render-slack-answer.js';
export { renderSlackApprovalRequest, type ApprovalRequestInput } from './render-slack-approval-request.js';
export { renderSlackDecision, type OriginalMessage, type SlackDecision } from './render-slack-decision.js';
export { renderSlackReceipt, type ReceiptInput } from './render-slack-receipt.js';
export { renderSlackApplied, renderSlackChangeOutcome, renderSlackProgress } from './render-slack-change-outcome.js';
export { renderSlackHelp, renderSlackRefusal, renderSlackUsage } from './render-slack-reply.js';
export { renderSlackDrift, renderSlackLocks, renderSlackPlan, renderSlackRequests, renderSlackStatus, renderSlackUnlock } from './render-slack-reads.js';
export { renderSlackDenied, renderSlackVote } from './render-slack-vote.js';
export { renderSlackAppHome, type SlackHomeInput } from './render-slack-app-home.js';
export { renderSlackRevert } from './render-slack-revert.js';
