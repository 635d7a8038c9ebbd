/** `qm` exit codes (DESIGN.md): 0 success, 1 error, 2 changes or drift with --detailed-exitcode, 3 waiting for approval. */
export const EXIT_OK = 0;
export const EXIT_ERROR = 1;
export const EXIT_CHANGES = 2;
/** A change that waits for approval (`qm apply`, `qm run`): not an error, not done; CI can tell it from a failure. */
export const EXIT_WAITING = 3;
