import { PlanFileInvalidError } from '../../errors.js';

/** A planned field change the executor does not know how to write: refused, never silently dropped. */
export function unsupportedField(actionId: string, field: string): PlanFileInvalidError {
  return new PlanFileInvalidError(`plan action ${actionId} changes ${field}, which this executor cannot write`, {
    fix: 'plan again with the same version of qm that applies',
  });
}
