import { physicalName } from '../model/identity.js';

/**
 * Hands out AWS names for groups and alarms created by a plan. Names are unique per account
 * and region (and per kind), so a name already taken there, by anything, gets a short uuid
 * suffix: `prod-web-1b2c3d4e`.
 *
 * @example
 * const names = createNameAllocator(['prod-web']);
 * names.allocate('prod', 'web', '1b2c3d4e-...') // 'prod-web-1b2c3d4e'
 */
export interface NameAllocator {
  allocate(env: string, name: string, uuid: string): string;
}

export function createNameAllocator(taken: Iterable<string>): NameAllocator {
  const used = new Set(taken);
  return {
    allocate(env, name, uuid) {
      const base = physicalName(env, name);
      const short = uuid.replace(/-/g, '').slice(0, 8);
      const candidates = [base, `${base}-${short}`, `${base}-${uuid}`];
      const chosen = candidates.find((c) => !used.has(c)) ?? `${base}-${uuid}-${used.size}`;
      used.add(chosen);
      return chosen;
    },
  };
}
