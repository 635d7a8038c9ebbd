import type { Command } from 'commander';
import { didYouMean } from '../../definitions/index.js';
import { ConfigInvalidError } from '../../errors.js';
import { parseDuration } from '../../gates/index.js';
import { AUDIT_KINDS, renderAuditText, type AuditKind, type AuditQuery } from '../../store/index.js';
import { EXIT_OK } from '../exit-codes.js';
import type { Runtime } from '../runtime.js';
import type { CommandContext } from './command-context.js';

interface AuditFlags {
  env?: string;
  since?: string;
  kind?: string;
  request?: string;
  limit?: string;
  json?: boolean;
}

export function registerAudit(program: Command, ctx: CommandContext): void {
  program
    .command('audit')
    .description('Read the audit log: every request, gate decision, approval, refusal, lock and apply step, oldest first')
    .option('-e, --env <name>', 'only entries about this environment')
    .option('--since <when>', 'only entries since an ISO time (2025-03-04T09:00Z) or for a duration back from now (30m, 2h, 7d)')
    .option('--kind <kind>', `only one kind: ${AUDIT_KINDS.join(', ')}`)
    .option('--request <id>', 'only entries about this request (req-...)')
    .option('--limit <n>', 'the newest n entries (default 1000)')
    .option('--json', 'print the entries as JSON')
    .addHelpText('after', `
Examples:
  qm audit --env prod --since 24h
  qm audit --kind refusal --since 7d           every refused approval, request and unlock
  qm audit --request req-0123456789ab          one request's story
  qm audit --since 2025-03-04T09:00Z --json | jq '.[].message'`)
    .action(async (flags: AuditFlags) => ctx.run((rt) => runAudit(rt, flags)));
}

async function runAudit(rt: Runtime, flags: AuditFlags): Promise<number> {
  const query: AuditQuery = {
    ...(flags.env ? { env: flags.env } : {}),
    ...(flags.since ? { since: parseSince(flags.since, rt.clock.now()) } : {}),
    ...(flags.kind ? { kind: parseKind(flags.kind) } : {}),
    ...(flags.request ? { requestId: flags.request } : {}),
    ...(flags.limit ? { limit: parseLimit(flags.limit) } : {}),
  };
  const entries = await rt.qm.audit(query);
  rt.io.stdout.write(flags.json ? `${JSON.stringify(entries, null, 2)}\n` : renderAuditText(entries));
  return EXIT_OK;
}

/** `2h`, `7d` back from now, or an ISO 8601 date or time. */
function parseSince(value: string, now: Date): Date {
  const ms = parseDuration(value);
  if (ms !== undefined) return new Date(now.getTime() - ms);
  const at = /^\d{4}-\d{2}-\d{2}/.test(value.trim()) ? Date.parse(value.trim()) : NaN;
  if (Number.isNaN(at)) {
    throw new ConfigInvalidError(`--since "${value}" is neither an ISO time nor a duration`, { fix: 'Pass e.g. --since 2h, --since 7d or --since 2025-03-04T09:00:00Z' });
  }
  return new Date(at);
}

function parseKind(value: string): AuditKind {
  if ((AUDIT_KINDS as readonly string[]).includes(value)) return value as AuditKind;
  throw new ConfigInvalidError(`--kind "${value}" is not an audit entry kind${didYouMean(value, AUDIT_KINDS)}`, { fix: `Use one of: ${AUDIT_KINDS.join(', ')}` });
}

function parseLimit(value: string): number {
  const n = Number(value);
  if (Number.isInteger(n) && n >= 1 && n <= 100_000) return n;
  throw new ConfigInvalidError(`--limit "${value}" is not a whole number from 1 to 100000`, { fix: 'Pass e.g. --limit 50' });
}
