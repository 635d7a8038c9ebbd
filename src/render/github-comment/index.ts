/** Renderers of the GitHub comment door: a chat command's answer, as the one comment it edits in place. */
export { renderCommandComment, renderExpiryComment, requestOfState, type CommandCommentInput, type CommandCommentState } from './render-command-comment.js';
export { COMMAND_ANSWER_MARKER, requestMarkerFor, requestIdOf } from './command-comment-markers.js';
export { emptyProgress, foldApplyEvent, RECENT_LINES, type CommandProgress } from './command-progress.js';
