import type { Plan } from '../model/plan.js';

/**
 * What a plan says about one environment's cost figures, as the engine worded it: approximate
 * (no price table for its region) or incomplete (types outside the catalogue); undefined when
 * every figure is exact.
 *
 * @example envPricingNote(plan, 'dev') // 'approximate (no price table for sa-east-1; us-east-1 prices used)'
 */
function envPricingNote(plan: Pick<Plan, 'pricing'>, env: string): string | undefined {
  return plan.pricing?.find((p) => p.env === env)?.note;
}

/**
 * A cost followed by its environment's pricing note (passed through `escape`), for summary lines.
 *
 * @example costWithNote('+$7.59/month', plan, 'dev') // '+$7.59/month, approximate (no price table for sa-east-1; us-east-1 prices used)'
 */
export function costWithNote(cost: string, plan: Pick<Plan, 'pricing'>, env: string, escape: (s: string) => string = (s) => s): string {
  const note = envPricingNote(plan, env);
  return note ? `${cost}, ${escape(note)}` : cost;
}

/** Every environment's note, `dev: approximate (...)`, in the plan's environment order. */
export function pricingNoteLines(plan: Pick<Plan, 'pricing' | 'envs'>): string[] {
  return plan.envs.flatMap((env) => {
    const note = envPricingNote(plan, env);
    return note ? [`${env}: ${note}`] : [];
  });
}
