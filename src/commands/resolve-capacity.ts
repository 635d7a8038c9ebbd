import type { AutoScalingGroupSpec } from '../model/resources.js';
import type { CapacityChange } from './intent.js';

/** The largest min, max or desired a command may set: a guard against a slip of the fingers. */
export const MAX_CAPACITY = 10_000;

export type CapacityResult = { ok: true; capacity: CapacityChange } | { ok: false; error: string };

type Key = keyof CapacityChange;

const FIELD: Record<Key, string> = { min: 'min_size', max: 'max_size', desired: 'desired_capacity' };

/**
 * Checks a capacity change against the group's definition: what is not given keeps its defined
 * value, and then min <= desired <= max must hold. `form` words the hint: `count` for
 * `scale web 5`, `pairs` for `scale web min=2 desired=4`.
 *
 * @example checkCapacity(prodWeb, { desired: 9 }, 'count') // { ok: false, error: "9 is above prod/web's max_size 5; to raise it too, write scale prod/web max=9 desired=9" }
 */
export function checkCapacity(group: AutoScalingGroupSpec, given: CapacityChange, form: 'count' | 'pairs'): CapacityResult {
  const address = `${group.env}/${group.name}`;
  const min = given.min ?? group.minSize;
  const max = given.max ?? group.maxSize;
  const desired = given.desired ?? group.desiredCapacity;
  const said = (key: Key, value: number): string => (given[key] !== undefined ? `${key}=${value}` : `${address}'s ${FIELD[key]} ${value}`);

  if (min > max) {
    const error =
      given.min !== undefined
        ? `${said('min', min)} is above ${said('max', max)}${given.max === undefined ? '; give max= too' : ''}`
        : `${said('max', max)} is below ${said('min', min)}; give min= too`;
    return { ok: false, error };
  }
  if (desired !== undefined && (desired < min || desired > max)) {
    const [bound, boundValue, side] = desired < min ? (['min', min, 'below'] as const) : (['max', max, 'above'] as const);
    if (given.desired === undefined) {
      return { ok: false, error: `${address}'s desired_capacity ${desired} would be ${side} ${said(bound, boundValue)}; give desired= too` };
    }
    if (given[bound] !== undefined) return { ok: false, error: `desired=${desired} is ${side} ${bound}=${boundValue}` };
    if (form === 'count') {
      const move = side === 'below' ? 'lower' : 'raise';
      return { ok: false, error: `${desired} is ${side} ${said(bound, boundValue)}; to ${move} it too, write scale ${address} ${bound}=${desired} desired=${desired}` };
    }
    return { ok: false, error: `desired=${desired} is ${side} ${said(bound, boundValue)}; give ${bound}= too` };
  }
  return { ok: true, capacity: given };
}
