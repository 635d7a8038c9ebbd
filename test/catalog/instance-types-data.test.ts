import { describe, expect, it } from 'vitest';
import { allInstanceTypes, getInstanceType, monthlyPrice } from '../../src/catalog/instance-types.js';
import { INSTANCE_TYPE_ROWS } from '../../src/catalog/instance-types-data.js';

const SIZE_ORDER = ['nano', 'micro', 'small', 'medium', 'large', 'xlarge', '2xlarge', '4xlarge', '8xlarge', '9xlarge', '12xlarge', '16xlarge', '18xlarge', '24xlarge', '32xlarge', '48xlarge'];
const types = allInstanceTypes();
const families = [...new Set(types.map((t) => t.family))];

describe('instance type table', () => {
  it('names every type once', () => {
    const names = INSTANCE_TYPE_ROWS.map((r) => r[0]);
    expect(new Set(names).size).toBe(names.length);
  });

  it('covers the generations fleets commonly run', () => {
    const required = ['t2', 't3', 't3a', 't4g', 'm5', 'm6i', 'm6a', 'm6g', 'm7i', 'm7g', 'c5', 'c6i', 'c6g', 'c7i', 'c7g', 'r5', 'r6i', 'r6g', 'r7i', 'r7g'];
    expect(required.filter((f) => !families.includes(f))).toEqual([]);
    for (const f of required) expect(types.some((t) => t.family === f && t.name === `${f}.4xlarge`) || f.startsWith('t'), f).toBe(true);
  });

  it('has known sizes, positive figures, and arm64 exactly for Graviton families', () => {
    for (const t of types) {
      expect(SIZE_ORDER, t.name).toContain(t.size);
      expect(t.vcpu).toBeGreaterThan(0);
      expect(t.memoryGiB).toBeGreaterThan(0);
      expect(t.pricePerHour).toBeGreaterThan(0);
      const graviton = /^[a-z]\dg$/.test(t.family);
      expect(t.architecture, t.name).toBe(graviton ? 'arm64' : 'x86_64');
    }
  });

  it('keeps each m/c/r family at its memory ratio and prices proportional to vCPUs', () => {
    const ratio: Record<string, number> = { m: 4, c: 2, r: 8 };
    for (const family of families.filter((f) => /^[mcr]\d/.test(f))) {
      const rows = types.filter((t) => t.family === family);
      const perVcpu = rows.map((t) => t.pricePerHour / t.vcpu);
      for (const t of rows) expect(t.memoryGiB / t.vcpu, t.name).toBe(ratio[family[0] as string]);
      // AWS rounds the smallest sizes to 4 or 5 decimals; every size stays within 0.5% of linear.
      for (const p of perVcpu) expect(Math.abs(p / (perVcpu[1] ?? p) - 1), family).toBeLessThan(0.005);
    }
  });

  it('grows in price with size inside each family', () => {
    for (const family of families) {
      const rows = types.filter((t) => t.family === family).sort((a, b) => SIZE_ORDER.indexOf(a.size) - SIZE_ORDER.indexOf(b.size));
      for (let i = 1; i < rows.length; i++) expect((rows[i]?.pricePerHour ?? 0) > (rows[i - 1]?.pricePerHour ?? 0), rows[i]?.name).toBe(true);
    }
  });

  it('answers the published figures for a few well-known types', () => {
    expect(getInstanceType('t3.micro')).toMatchObject({ vcpu: 2, memoryGiB: 1, architecture: 'x86_64', pricePerHour: 0.0104 });
    expect(getInstanceType('m7g.large')).toMatchObject({ vcpu: 2, memoryGiB: 8, architecture: 'arm64', pricePerHour: 0.0816 });
    expect(getInstanceType('c5.9xlarge')).toMatchObject({ vcpu: 36, memoryGiB: 72, pricePerHour: 1.53 });
    expect(monthlyPrice('t3.medium', 2)).toBe(60.74);
  });
});
