import { HOURS_PER_MONTH, getInstanceType } from './instance-types.js';
import { FALLBACK_PRICE_REGION, LARGE_PRICE_BY_REGION, PRICED_REGIONS, type PricedRegion } from './regional-prices-data.js';

/**
 * The on-demand prices plans use for one region: that region's figures when the catalogue has
 * them, otherwise us-east-1's, and then `approximate` says so.
 */
export interface PriceTable {
  /** The region asked for (the environment's). */
  region: string;
  /** The region whose figures are used: `region` itself, or us-east-1 when it has no table. */
  pricedWith: PricedRegion;
  /** True when `pricedWith` is not `region`. */
  approximate: boolean;
  /** USD per hour; undefined for a type the catalogue has no price for (outside it, or not offered in `pricedWith`). */
  hourly(instanceType: string): number | undefined;
  /** `count` instances for a month (730 hours), in cents; 0 for a type with no price (see `hourly`). */
  monthly(instanceType: string, count?: number): number;
}

const TABLES = new Map<string, PriceTable>();

/**
 * The price table for a region (one object per region, built once).
 *
 * @example priceTableFor('ap-southeast-2').hourly('t3.micro') // 0.0132
 * @example priceTableFor('sa-east-1').approximate // true: us-east-1 figures
 */
export function priceTableFor(region: string): PriceTable {
  let table = TABLES.get(region);
  if (!table) {
    table = createPriceTable(region);
    TABLES.set(region, table);
  }
  return table;
}

function createPriceTable(region: string): PriceTable {
  const column = PRICED_REGIONS.indexOf(region as PricedRegion);
  const pricedWith = column >= 0 ? (region as PricedRegion) : FALLBACK_PRICE_REGION;
  const at = column >= 0 ? column : PRICED_REGIONS.indexOf(FALLBACK_PRICE_REGION);
  const hourly = (instanceType: string): number | undefined => {
    const info = getInstanceType(instanceType);
    if (!info) return undefined;
    if (pricedWith === 'us-east-1') return info.pricePerHour;
    const large = LARGE_PRICE_BY_REGION[info.family];
    const here = large?.[at];
    const base = large?.[0];
    if (here === null || here === undefined || !base) return undefined;
    // Every size is the same multiple of `large` in every region (see regional-prices-data.ts).
    return Math.round(((info.pricePerHour * here) / base) * 100_000) / 100_000;
  };
  return {
    region,
    pricedWith,
    approximate: pricedWith !== region,
    hourly,
    monthly(instanceType, count = 1) {
      const price = hourly(instanceType);
      return price === undefined ? 0 : Math.round(price * HOURS_PER_MONTH * count * 100) / 100;
    },
  };
}
