/** `qm` exit codes (DESIGN.md): 0 success, 1 error, 2 changes or drift with --detailed-exitcode. */
export const EXIT_OK = 0;
export const EXIT_ERROR = 1;
export const EXIT_CHANGES = 2;
