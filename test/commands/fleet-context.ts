import { loadDefinitionsOrThrow } from '../../src/definitions/index.js';
import type { ResolveContext } from '../../src/commands/index.js';
import type { Definitions } from '../../src/model/resources.js';

/** The instant every table is resolved at: a Saturday, 10:00 UTC. */
export const NOW = new Date('2026-12-05T10:00:00.000Z');

let loaded: Promise<Definitions> | undefined;

/** examples/fleet: dev, prod and staging, each with groups web and worker, instance bastion and alarms. */
export async function exampleFleet(): Promise<Definitions> {
  loaded ??= loadDefinitionsOrThrow('examples/fleet');
  return loaded;
}

export async function fleetContext(over: Partial<ResolveContext> = {}): Promise<ResolveContext> {
  return { definitions: await exampleFleet(), now: NOW, ...over };
}
