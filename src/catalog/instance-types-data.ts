import type { Architecture } from './instance-types.js';

/** [name, vCPU, memory GiB, architecture, on-demand USD/hour in us-east-1]. */
export type InstanceTypeRow = readonly [string, number, number, Architecture, number];

// Starter rows; the definitions work completes this table with the current generations.
export const INSTANCE_TYPE_ROWS: readonly InstanceTypeRow[] = [
  ['t2.micro', 1, 1, 'x86_64', 0.0116],
  ['t2.small', 1, 2, 'x86_64', 0.023],
  ['t2.medium', 2, 4, 'x86_64', 0.0464],
  ['t3.micro', 2, 1, 'x86_64', 0.0104],
  ['t3.small', 2, 2, 'x86_64', 0.0208],
  ['t3.medium', 2, 4, 'x86_64', 0.0416],
  ['t3.large', 2, 8, 'x86_64', 0.0832],
  ['m5.large', 2, 8, 'x86_64', 0.096],
  ['m5.xlarge', 4, 16, 'x86_64', 0.192],
  ['c5.large', 2, 4, 'x86_64', 0.085],
  ['t4g.micro', 2, 1, 'arm64', 0.0084],
  ['m7g.large', 2, 8, 'arm64', 0.0816],
];
