/** Renderers: read a Plan, return text. They never decide anything. */
export { renderPlanText, type TextOptions } from './render-plan-text.js';
export { renderPlanMarkdown, planCommentMarker, GITHUB_COMMENT_LIMIT, type MarkdownOptions } from './render-plan-markdown.js';
export { renderPlanJson } from './render-plan-json.js';
export { parsePlanJson, type ParsePlanOptions } from './parse-plan-json.js';
export { redactPlan } from './redact-plan.js';
export { formatValue } from './format-value.js';
export { formatUsdDelta } from './format-usd.js';
export { planSentence, NO_CHANGES_SENTENCE } from './plan-sentence.js';
export { actionLines, type ActionLines } from './action-lines.js';
export { ACTION_STYLE, type ActionStyle } from './action-style.js';
