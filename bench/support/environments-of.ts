import type { EnvTarget } from '../../src/cloud/provider.js';
import type { EnvironmentSpec } from '../../src/model/resources.js';

/** The environment definitions of a synthetic fleet's targets, as `environment.yml` would give them. */
export function environmentsOf(targets: readonly EnvTarget[]): EnvironmentSpec[] {
  return targets.map((t) => ({
    name: t.env,
    region: t.region,
    accountId: t.accountId,
    defaultTags: {},
    defaultSubnetIds: [],
    defaultSecurityGroupIds: [],
    source: { file: `environments/${t.env}/environment.yml`, line: 1, col: 1 },
  }));
}
