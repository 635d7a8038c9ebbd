import type { AlarmStatistic, DesiredPowerState, HealthCheck, RootVolume, TreatMissingData } from '../model/resources.js';

/**
 * The defaults applied to what a definition leaves out. They follow what AWS itself does
 * (or the safer of its choices: encrypted volumes, basic monitoring) and are documented in
 * docs/definitions.md and shown by editors through the JSON Schema.
 */
export const DEFAULTS = {
  deleted: false,
  monitoring: false,
  ebsOptimized: false,
  state: 'running' as DesiredPowerState,
  rootVolume: { sizeGiB: 8, volumeType: 'gp3', encrypted: true } as RootVolume,
  healthCheck: { type: 'EC2', gracePeriodSeconds: 300 } as HealthCheck,
  disableScaleIn: false,
  alarm: {
    namespace: 'AWS/EC2',
    statistic: 'Average' as AlarmStatistic,
    periodSeconds: 300,
    evaluationPeriods: 1,
    treatMissingData: 'missing' as TreatMissingData,
  },
} as const;
