import { describe, expect, it } from 'vitest';
import { classifyInstanceType, uncataloguedTypePattern } from '../../src/catalog/instance-families.js';

describe('classifyInstanceType', () => {
  it.each([
    ['g5.xlarge', 'g5', /^g5 is a GPU \(accelerated computing\) family Quartermaster's catalogue does not price or validate yet$/],
    ['p4d.24xlarge', 'p4d', /GPU/],
    ['p6-b200.48xlarge', 'p6-b200', /GPU/],
    ['inf2.xlarge', 'inf2', /machine learning accelerator/],
    ['trn1.32xlarge', 'trn1', /machine learning accelerator/],
    ['dl1.24xlarge', 'dl1', /machine learning accelerator/],
    ['f1.2xlarge', 'f1', /FPGA/],
    ['vt1.3xlarge', 'vt1', /video transcoding/],
    ['i4i.large', 'i4i', /storage optimized/],
    ['d3.xlarge', 'd3', /storage optimized/],
    ['h1.2xlarge', 'h1', /storage optimized/],
    ['x2idn.16xlarge', 'x2idn', /high memory/],
    ['u-6tb1.112xlarge', 'u-6tb1', /high memory/],
    ['z1d.large', 'z1d', /high memory/],
    ['hpc7g.16xlarge', 'hpc7g', /high performance computing/],
    ['mac2.metal', 'mac2', /Mac/],
    ['m4.large', 'm4', /previous generation/],
    ['c4.xlarge', 'c4', /previous generation/],
    ['r4.large', 'r4', /previous generation/],
    ['m7a.large', 'm7a', /general purpose/],
    ['c5d.large', 'c5d', /compute optimized/],
    ['r6id.large', 'r6id', /memory optimized/],
    ['m5.metal', 'm5', /^m5\.metal is a bare metal size/],
    ['c7i.metal-48xl', 'c7i', /bare metal/],
  ])('names %s as a family outside the catalogue', (name, family, what) => {
    const k = classifyInstanceType(name);
    expect(k).toMatchObject({ kind: 'uncatalogued', family });
    expect(k.kind === 'uncatalogued' && k.what).toMatch(what);
  });

  it.each(['t3.micor', 'm5.largee', 'zz9.large', 'g5', 'g5.xlargee', 'g5.', '.large', 't3.metal2', 'T3.micro', ''])('calls %j unknown', (name) => {
    expect(classifyInstanceType(name)).toEqual({ kind: 'unknown' });
  });

  it('knows the catalogue types', () => {
    expect(classifyInstanceType('t3.micro')).toMatchObject({ kind: 'catalogued', info: { name: 't3.micro', architecture: 'x86_64' } });
  });

  it('gives the JSON schema a pattern that accepts exactly the uncatalogued shapes', () => {
    const re = new RegExp(uncataloguedTypePattern());
    for (const ok of ['g5.xlarge', 'p4d.24xlarge', 'u-6tb1.112xlarge', 'm5.metal', 'c7i.metal-48xl', 'mac2-m2pro.metal']) expect(re.test(ok), ok).toBe(true);
    for (const bad of ['t2.mirco', 't3.micro', 'zz9.large', 'g5.xlargee', 'xg5.xlarge']) expect(re.test(bad), bad).toBe(false);
  });
});
