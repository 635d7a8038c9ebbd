/**
 * The EC2 instance types Quartermaster knows: used to validate definitions (with did-you-mean),
 * to price plans (monthly cost delta) and, later, for rightsizing.
 * Prices: on-demand Linux, us-east-1, USD per hour. The table lives in instance-types-data.ts.
 */
import { INSTANCE_TYPE_ROWS } from './instance-types-data.js';

export type Architecture = 'x86_64' | 'arm64';

export interface InstanceTypeInfo {
  /** `t3.micro` */
  name: string;
  /** `t3` */
  family: string;
  /** `micro` */
  size: string;
  vcpu: number;
  memoryGiB: number;
  architecture: Architecture;
  /** On-demand Linux in us-east-1, USD per hour. */
  pricePerHour: number;
}

/** Hours in the month AWS bills by: 730. */
export const HOURS_PER_MONTH = 730;

const BY_NAME: ReadonlyMap<string, InstanceTypeInfo> = new Map(
  INSTANCE_TYPE_ROWS.map(([name, vcpu, memoryGiB, architecture, pricePerHour]) => {
    const [family = name, size = ''] = name.split('.');
    return [name, { name, family, size, vcpu, memoryGiB, architecture, pricePerHour }];
  }),
);

/** @example getInstanceType('t3.micro')?.pricePerHour // 0.0104 */
export function getInstanceType(name: string): InstanceTypeInfo | undefined {
  return BY_NAME.get(name);
}

export function allInstanceTypes(): InstanceTypeInfo[] {
  return [...BY_NAME.values()];
}

/** Monthly on-demand price of `count` instances of a type; 0 for an unknown type. */
export function monthlyPrice(instanceType: string, count = 1): number {
  const info = BY_NAME.get(instanceType);
  return info ? Math.round(info.pricePerHour * HOURS_PER_MONTH * count * 100) / 100 : 0;
}
