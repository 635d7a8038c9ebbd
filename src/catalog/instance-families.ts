import { allInstanceTypes, getInstanceType, type InstanceTypeInfo } from './instance-types.js';

/**
 * EC2 families that exist in AWS but not in Quartermaster's catalogue, by what they are, so a
 * definition naming `g5.xlarge` hears "g5 is a GPU family the catalogue does not price yet",
 * not "did you mean t3.xlarge". Checked against AWS's instance type list of 2026-01.
 */
const UNCATALOGUED: readonly (readonly [category: string, families: string])[] = [
  ['a GPU (accelerated computing)', 'p2 p3 p3dn p4d p4de p5 p5e p5en p6-b200 p6-b300 p6e-gb200 g2 g3 g3s g4ad g4dn g5 g5g g6 g6e g6f g7e gr6 gr6f'],
  ['a machine learning accelerator (accelerated computing)', 'inf1 inf2 trn1 trn1n trn2 dl1 dl2q'],
  ['an FPGA (accelerated computing)', 'f1 f2'],
  ['a video transcoding (accelerated computing)', 'vt1'],
  ['a storage optimized', 'i2 i3 i3en i4g i4i i7i i7ie i8g i8ge im4gn is4gen d2 d3 d3en h1'],
  ['a high memory', 'x1 x1e x2gd x2idn x2iedn x2iezn x8g x8i z1d u-3tb1 u-6tb1 u-9tb1 u-12tb1 u-18tb1 u-24tb1 u7i-6tb u7i-8tb u7i-12tb u7in-16tb u7in-24tb u7in-32tb'],
  ['a high performance computing', 'hpc6a hpc6id hpc7a hpc7g hpc8a'],
  ['a Mac (dedicated host)', 'mac1 mac2 mac2-m1ultra mac2-m2 mac2-m2pro mac-m4 mac-m4pro'],
  ['a previous generation', 't1 m1 m2 m3 m4 c1 c3 c4 cc2 cr1 r3 r4 a1'],
  [
    'a general purpose',
    'm5d m5dn m5n m5ad m5zn m6id m6idn m6in m6gd m7a m7gd m7i-flex m8a m8gd m8i m8i-flex',
  ],
  ['a compute optimized', 'c5d c5n c5ad c6gd c6gn c6id c6in c7a c7gd c7gn c7i-flex c8a c8gb c8gd c8gn c8i c8i-flex'],
  ['a memory optimized', 'r5b r5d r5dn r5n r5ad r6gd r6id r6idn r6in r7a r7gd r7iz r8gb r8gd r8gn r8i r8i-flex'],
];

const CATEGORY_OF: ReadonlyMap<string, string> = new Map(UNCATALOGUED.flatMap(([category, families]) => families.split(' ').map((f) => [f, category] as const)));

const CATALOGUED_FAMILIES: ReadonlySet<string> = new Set(allInstanceTypes().map((t) => t.family));

/** Sizes as EC2 writes them: `nano` to `xlarge`, `<n>xlarge`, `metal`, `metal-<n>xl`. */
const SIZE = /^(?:nano|micro|small|medium|large|xlarge|\d{1,3}xlarge|metal(?:-\d{1,3}xl)?)$/;

export type InstanceTypeKind =
  /** In the catalogue: validated, priced, its architecture known. */
  | { kind: 'catalogued'; info: InstanceTypeInfo }
  /** A real AWS family (or a bare metal size of a catalogued one) the catalogue does not hold. */
  | { kind: 'uncatalogued'; family: string; category: string; what: string }
  /** Not an EC2 instance type as far as Quartermaster knows: a typo or an invented name. */
  | { kind: 'unknown' };

/**
 * What Quartermaster knows of an instance type name.
 *
 * @example classifyInstanceType('t3.micro').kind // 'catalogued'
 * @example classifyInstanceType('g5.xlarge').what // "g5 is a GPU (accelerated computing) family Quartermaster's catalogue does not price or validate yet"
 * @example classifyInstanceType('t3.micor').kind // 'unknown' (t3 has no size micor)
 */
export function classifyInstanceType(name: string): InstanceTypeKind {
  const info = getInstanceType(name);
  if (info) return { kind: 'catalogued', info };
  const dot = name.lastIndexOf('.');
  if (dot <= 0) return { kind: 'unknown' };
  const family = name.slice(0, dot);
  const size = name.slice(dot + 1);
  if (!SIZE.test(size)) return { kind: 'unknown' };
  const category = CATEGORY_OF.get(family);
  if (category) return { kind: 'uncatalogued', family, category, what: `${family} is ${category} family Quartermaster's catalogue does not price or validate yet` };
  // The catalogue stops at the largest virtualised size; m5.metal and the like are real types.
  if (size.startsWith('metal') && CATALOGUED_FAMILIES.has(family)) {
    return { kind: 'uncatalogued', family, category: 'bare metal', what: `${name} is a bare metal size Quartermaster's catalogue does not price or validate yet` };
  }
  return { kind: 'unknown' };
}

/** Sizes offered to a did-you-mean for a family outside the catalogue (the catalogue's own types are offered as they are). */
const COMMON_SIZES = ['nano', 'micro', 'small', 'medium', 'large', 'xlarge', '2xlarge', '3xlarge', '4xlarge', '6xlarge', '8xlarge', '9xlarge', '12xlarge', '16xlarge', '18xlarge', '24xlarge', '32xlarge', '48xlarge', 'metal'];

/**
 * What a did-you-mean should offer for a name: for a family outside the catalogue with a
 * mistyped size, that family's sizes (so `g5.xlargee` hears `g5.xlarge`, not `m5.xlarge`);
 * otherwise the catalogue.
 *
 * @example typoCandidates('g5.xlargee') // ['g5.nano', ..., 'g5.xlarge', ...]
 */
export function typoCandidates(name: string): string[] {
  const dot = name.lastIndexOf('.');
  const family = dot > 0 ? name.slice(0, dot) : '';
  if (CATEGORY_OF.has(family)) return COMMON_SIZES.map((size) => `${family}.${size}`);
  return allInstanceTypes().map((t) => t.name);
}

/** A JSON Schema pattern for the types classifyInstanceType calls uncatalogued (the catalogue's own are an enum). */
export function uncataloguedTypePattern(): string {
  const families = [...CATEGORY_OF.keys()].sort((a, b) => b.length - a.length);
  const metal = [...CATALOGUED_FAMILIES].sort((a, b) => b.length - a.length);
  return `^(?:(?:${families.join('|')})\\.${SIZE.source.slice(1, -1)}|(?:${metal.join('|')})\\.metal(?:-\\d{1,3}xl)?)$`;
}
