/**
 * What the user can do next, as a code each door words in its own terms: the engine names no
 * door ("run `qm plan` again" is the command line's wording; a pull request says "push again
 * or re-run the plan job"; Slack says "ask again").
 */
export type Hint =
  /** The plan people reviewed went stale: plan again, review the new plan, apply that one. */
  'replan';
