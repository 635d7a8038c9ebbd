import type { DefinitionsWriteResult } from '../definitions/index.js';
import type { Intent } from '../commands/intent.js';
import type { ApproveOutcome, DenyOutcome, PreviewRequirement, UnlockOutcome } from '../gates/index.js';
import type { Override } from '../model/override.js';
import type { Plan } from '../model/plan.js';
import type { ApprovalRequest, Lock } from '../store/store.js';
import type { DriftReport } from './drift.js';
import type { GatedApplyOutcome } from './gated-apply.js';

/**
 * Where a persistent change was written back to the definitions (the writer's answer), or why
 * it could not be: then the change is applied and git differs until someone edits it.
 */
export type WriteBack = DefinitionsWriteResult | { kind: 'failed'; reason: string };

/** One resource in a status answer: live state against the definitions (and any override). */
export interface StatusLine {
  env: string;
  kind: string;
  name: string;
  physicalId?: string;
  /** `running t3.micro`, `3 in service (min 2, max 5, desired 3)`, `not created yet`. */
  live: string;
  /** What apply would still do, when anything (`stop-modify-start`). */
  pending?: string;
}

/**
 * What a chat command comes to: data each door words and renders in its own idiom (Block Kit,
 * a GitHub comment, terminal text). Refusals and usage errors are answers, not exceptions.
 */
export type CommandAnswer =
  | { kind: 'usage'; error: string; usage: string }
  | { kind: 'help'; topics: { command: string; usage: string; summary: string; examples: string[] }[] }
  /** A change command, through the gate: what it planned and what became of it. */
  | {
      kind: 'change';
      intent: Intent;
      /** The canonical text stored on the request (`scale prod/web t3.large`). */
      text: string;
      outcome: GatedApplyOutcome;
      /** Approval requirements with who may approve, when it waits for approval. */
      approvals?: PreviewRequirement[];
      /** The temporary change now active, when the command made one. */
      override?: Override;
      /** The override a `startup` ended. */
      ended?: Override;
      writeBack?: WriteBack;
    }
  /** An approval vote; when it completed the quorum, the change it approved was applied too. */
  | { kind: 'vote'; outcome: ApproveOutcome; applied?: Extract<CommandAnswer, { kind: 'change' }> }
  | { kind: 'denied'; outcome: DenyOutcome }
  | { kind: 'status'; envs: string[]; lines: StatusLine[]; overrides: Override[]; requests: ApprovalRequest[] }
  | { kind: 'plan'; plan: Plan }
  | { kind: 'drift'; report: DriftReport }
  | { kind: 'requests'; requests: ApprovalRequest[] }
  | { kind: 'locks'; locks: Omit<Lock, 'token'>[] }
  | { kind: 'unlock'; env: string; outcome: UnlockOutcome }
  /** The actor may not run this command here (policy.yml), before any plan is made. */
  | { kind: 'refused'; reason: string };
