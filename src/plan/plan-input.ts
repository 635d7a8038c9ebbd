import type { ObservedFleet } from '../model/observed.js';
import type { EnvironmentSpec, ResourceSpec } from '../model/resources.js';

/**
 * Everything a plan is built from, and nothing else: createPlan is a pure function of it.
 * `desired` and `actual` may hold other environments; only those named in `envs` are planned.
 * An env listed in `envs` without an observed fleet is planned against an empty fleet.
 */
export interface PlanInput {
  /** The desired resources of the planned environments (deleted ones included). */
  desired: ResourceSpec[];
  environments: EnvironmentSpec[];
  /** The live fleets of the planned environments. */
  actual: ObservedFleet[];
  /** The environments to plan, in the order actions are listed. */
  envs: string[];
  /** Stamped on the plan as `createdAt`; never part of the fingerprint. */
  now: Date;
}
