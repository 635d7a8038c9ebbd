import { describe, expect, it } from 'vitest';
import { allInstanceTypes, getInstanceType } from '../../src/catalog/instance-types.js';
import { priceTableFor } from '../../src/catalog/price-table.js';
import { LARGE_PRICE_BY_REGION, PRICED_REGIONS } from '../../src/catalog/regional-prices-data.js';

const families = [...new Set(allInstanceTypes().map((t) => t.family))];

describe('regional price data', () => {
  it('has a row for exactly the catalogue families, one figure per priced region', () => {
    expect(Object.keys(LARGE_PRICE_BY_REGION).sort()).toEqual([...families].sort());
    for (const [family, row] of Object.entries(LARGE_PRICE_BY_REGION)) expect(row, family).toHaveLength(PRICED_REGIONS.length);
  });

  it("agrees with the us-east-1 table on every family's large size", () => {
    for (const family of families) expect(LARGE_PRICE_BY_REGION[family]?.[0], family).toBe(getInstanceType(`${family}.large`)?.pricePerHour);
  });

  it('prices Oregon like Virginia and every other region higher, within what AWS charges (at most 40% more)', () => {
    for (const [family, row] of Object.entries(LARGE_PRICE_BY_REGION)) {
      const [east, west, ...others] = row as number[];
      expect(west, family).toBe(east);
      for (const p of others) {
        expect(p, family).toBeGreaterThan(east as number);
        expect(p / (east as number), family).toBeLessThan(1.4);
      }
    }
  });
});

describe('priceTableFor', () => {
  // Published on-demand Linux figures (AWS price list), for sizes other than the `large` the
  // data holds: the derivation must land within AWS's rounding (to 4 decimals; 0.1% for larger figures).
  it.each([
    ['t3.micro', 'ap-southeast-2', 0.0132],
    ['t3.nano', 'ap-southeast-2', 0.0066],
    ['t3.micro', 'eu-west-1', 0.0114],
    ['t2.micro', 'eu-west-1', 0.0126],
    ['t2.micro', 'eu-central-1', 0.0134],
    ['t2.micro', 'ap-southeast-2', 0.0146],
    ['t3a.micro', 'ap-southeast-2', 0.0119],
    ['t4g.xlarge', 'eu-west-1', 0.1472],
    ['m5.xlarge', 'eu-west-1', 0.214],
    ['m6g.xlarge', 'eu-west-1', 0.172],
    ['m7g.xlarge', 'eu-west-1', 0.1819],
    ['m7i.2xlarge', 'eu-west-1', 0.4494],
    ['r7g.2xlarge', 'eu-west-1', 0.4794],
    ['c7g.2xlarge', 'eu-west-1', 0.3101],
    ['m7g.large', 'us-west-2', 0.0816],
    ['c5.9xlarge', 'us-east-1', 1.53],
  ])('%s in %s costs %f an hour', (type, region, published) => {
    const price = priceTableFor(region).hourly(type) as number;
    expect(Math.abs(price - published)).toBeLessThanOrEqual(Math.max(0.00005, published * 0.001));
  });

  it('uses the region of the environment for every catalogue type in every priced region', () => {
    for (const region of PRICED_REGIONS) {
      const table = priceTableFor(region);
      expect(table).toMatchObject({ region, pricedWith: region, approximate: false });
      for (const t of allInstanceTypes()) expect(table.hourly(t.name), `${t.name} in ${region}`).toBeGreaterThan(0);
    }
  });

  it('falls back to us-east-1 figures for a region without a table, and says it is approximate', () => {
    const table = priceTableFor('sa-east-1');
    expect(table).toMatchObject({ region: 'sa-east-1', pricedWith: 'us-east-1', approximate: true });
    expect(table.hourly('t3.micro')).toBe(0.0104);
    expect(table.monthly('t3.medium', 2)).toBe(60.74);
  });

  it('has no price for a type outside the catalogue, and counts it 0 in monthly sums', () => {
    expect(priceTableFor('eu-west-1').hourly('g5.xlarge')).toBeUndefined();
    expect(priceTableFor('eu-west-1').monthly('g5.xlarge', 3)).toBe(0);
  });

  it('prices a month in Sydney above the same month in Virginia', () => {
    expect(priceTableFor('ap-southeast-2').monthly('t3.small', 3)).toBe(57.82);
    expect(priceTableFor('us-east-1').monthly('t3.small', 3)).toBe(45.55);
  });
});
