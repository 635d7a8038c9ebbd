/** The differ: definitions + live fleet -> Plan. Pure functions only. */
export { createPlan } from './create-plan.js';
export type { PlanInput } from './plan-input.js';
export { planFingerprint } from './plan-fingerprint.js';
export { KNOWN_AFTER_APPLY } from './action-draft.js';
export { REFRESH_MIN_HEALTHY_PERCENTAGE } from './plan-group.js';
export { TARGET_DIMENSION } from '../model/resources.js';
export { describeUserData, isUserDataDescription } from './user-data-digest.js';
export { canonicalJson } from './canonical-json.js';
export { summarizeEnv, summarizePlan } from './summarize-plan.js';
