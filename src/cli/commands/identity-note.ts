/**
 * The help paragraph of every command that acts as someone (approve, deny, unlock): what
 * `--as` and QM_ACTOR are worth at the command line.
 */
export const IDENTITY_NOTE = `
Who acts: --as, else QM_ACTOR (github:login#id, slack:U..., or a person of policy.yml).
At the command line identity is asserted, not authenticated: whoever holds the cloud
credentials can act on the fleet directly. The CLI gate guards against mistakes; the
pull-request and chat doors, which know who clicked, enforce the policy.`;
