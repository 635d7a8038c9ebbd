/**
 * Gates: policy.yml (who may request and approve what), the approval gate, and the approval
 * service every door uses. See docs/policy.md.
 */
export { POLICY_COMMANDS, CHANGE_COMMANDS, DEFAULT_WRITE_BACK, isChangeCommand, denyAllPolicy, missingPolicy, ungatedPolicy } from './policy.js';
export type { Policy, WriteBackSettings, PolicyCommand, Principal, UserPrincipal, PersonDef, GroupDef, PermissionRule, ApprovalRule, ApprovalConditions, QuorumRequirement } from './policy.js';
export { parsePrincipal, parseUser, formatPrincipal, sameUser } from './principal.js';
export { parsePolicy, type PolicyLoadResult, type ValidatePolicyOptions } from './validate-policy.js';
export { loadPolicy, loadPolicyFrom, loadPolicyOrThrow, policyInvalidError, POLICY_FILE } from './load-policy.js';
export { policyJsonSchema } from './policy-json-schema.js';
export {
  createStaticMembership,
  resolveMembership,
  externalGroupsOf,
  groupsOf,
  inGroup,
  personOf,
  samePerson,
  type Membership,
  type MembershipResolver,
} from './membership.js';
export { permits } from './permits.js';
export { measureCapacityChange, type CapacityChange, type GroupCapacityChange, type EnvCapacityChange } from './capacity-change.js';
export { evaluateGate, type GateDecision, type GateInput, type MatchedRule } from './evaluate-gate.js';
export {
  quorumGaps,
  effectiveState,
  type ApproveOutcome,
  type ApproveRefusal,
  type ClaimAnswer,
  type ClaimOutcome,
  type DenyOutcome,
  type FinishOutcome,
  type QuorumGap,
} from './decide-request.js';
export { createApprovals, type Approvals, type ApprovalsOptions, type RequestInput, type RequestOutcome, type UnlockOutcome } from './create-approvals.js';
export { explainPolicy, renderPolicyExplanation, membersOf, type PolicyExplanation, type ExplainInput, type ApproverList } from './explain-policy.js';
export { parseDuration, formatDuration } from './duration.js';
export { previewGate, requirementsOf, type GatePreview, type PreviewInput, type PreviewRequirement, type DiscountedApprover } from './preview-gate.js';
export { isResumptionOf } from './resumption.js';
export { channelEnvOf } from './channel-env.js';
