import type { Command } from 'commander';
import type { CommandContext } from './command-context.js';
import { registerValidate } from './validate.js';
import { registerPlan } from './plan.js';
import { registerApply } from './apply.js';
import { registerDrift } from './drift.js';
import { registerSchema } from './schema.js';
import { registerFmt } from './fmt.js';
import { registerDemo } from './demo.js';
import { registerIamPolicy } from './iam-policy.js';
import { registerPolicy } from './policy.js';
import { registerRequests } from './requests.js';
import { registerApprove } from './approve.js';
import { registerDeny } from './deny.js';
import { registerLocks } from './locks.js';
import { registerUnlock } from './unlock.js';
import { registerAudit } from './audit.js';
import { registerRun } from './run.js';
import { registerOverrides } from './overrides.js';
import { registerBot } from './bot.js';

/** The command table: one register function per command (STYLE.md 8). */
export function registerCommands(program: Command, ctx: CommandContext): void {
  for (const register of [
    registerValidate,
    registerPlan,
    registerApply,
    registerDrift,
    registerSchema,
    registerFmt,
    registerIamPolicy,
    registerDemo,
    registerPolicy,
    registerRequests,
    registerApprove,
    registerDeny,
    registerLocks,
    registerUnlock,
    registerAudit,
    registerRun,
    registerOverrides,
    registerBot,
  ]) {
    register(program, ctx);
  }
}
