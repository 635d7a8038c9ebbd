import type { PlannedAction } from '../model/plan.js';

/** Shorter values are too likely to occur by chance in an unrelated message. */
const MIN_SECRET_LENGTH = 8;

/**
 * Removes secrets (user data, which may hold passwords) from a message, raw or base64, before
 * it reaches a result, an event or a log.
 *
 * @example redact('bad user data: #!/bin/sh pw=hunter22', ['#!/bin/sh pw=hunter22']) // 'bad user data: [redacted]'
 */
export function redact(message: string, secrets: readonly (string | undefined)[]): string {
  let out = message;
  for (const secret of secrets) {
    if (!secret || secret.length < MIN_SECRET_LENGTH) continue;
    for (const form of [secret, Buffer.from(secret).toString('base64')]) out = out.split(form).join('[redacted]');
  }
  return out;
}

/** The secrets an action carries: the user data it writes, and the user data it may put back (rollback). */
export function secretsOf(action: PlannedAction): (string | undefined)[] {
  const d = action.desired;
  const o = action.observed;
  return [
    d?.kind === 'instance' ? d.userData : d?.kind === 'autoscaling-group' ? d.launchTemplate.userData : undefined,
    o?.kind === 'instance' ? (o.userData ?? undefined) : o?.kind === 'autoscaling-group' ? o.launchTemplate.userData : undefined,
  ];
}
