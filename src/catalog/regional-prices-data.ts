/**
 * On-demand prices by region: for each catalogue family, the price of its `large` size in the
 * regions fleets commonly run in, USD per hour, Linux, shared tenancy.
 *
 * Why one figure per family and region: AWS prices every size of a family as a multiple of
 * the same per-size unit in a region (an xlarge is two larges, a medium half of one), so the
 * `large` figure and the us-east-1 table in instance-types-data.ts give every size; AWS then
 * rounds each size to 4 or 5 decimals, which this derivation reproduces to that rounding (test/catalog).
 *
 * A snapshot of AWS's published prices, taken 2026-01 like the us-east-1 table: AWS changes
 * them rarely, but check before relying on a figure. Figures marked `≈` are not read off the
 * price list but derived from the previous generation's ratio to us-east-1 in that region (AWS
 * has kept that ratio across the m5/m6i/m7i and r6g/r7g generations); they are estimates.
 * `null`: the family is not offered in that region (no catalogue family is missing today).
 */
export const PRICED_REGIONS = ['us-east-1', 'us-west-2', 'eu-west-1', 'eu-central-1', 'ap-southeast-2'] as const;

export type PricedRegion = (typeof PRICED_REGIONS)[number];

/** The price table every region outside PRICED_REGIONS falls back to. */
export const FALLBACK_PRICE_REGION: PricedRegion = 'us-east-1';

/** `family: [us-east-1, us-west-2, eu-west-1, eu-central-1, ap-southeast-2]`, price of `<family>.large`. */
export const LARGE_PRICE_BY_REGION: Readonly<Record<string, readonly (number | null)[]>> = {
  // burstable
  t2: [0.0928, 0.0928, 0.1008, 0.1072, 0.1168],
  t3: [0.0832, 0.0832, 0.0912, 0.096, 0.1056],
  t3a: [0.0752, 0.0752, 0.0816, 0.0864, 0.095],
  t4g: [0.0672, 0.0672, 0.0736, 0.0768, 0.0848],
  // general purpose
  m5: [0.096, 0.096, 0.107, 0.115, 0.12],
  m5a: [0.086, 0.086, 0.096, 0.104, 0.108],
  m6i: [0.096, 0.096, 0.107, 0.115, 0.12],
  m6a: [0.0864, 0.0864, 0.0963, 0.1035, 0.108],
  m6g: [0.077, 0.077, 0.086, 0.092, 0.096],
  m7i: [0.1008, 0.1008, 0.11235, 0.12075, 0.126], // ≈ eu-central-1, ap-southeast-2
  m7g: [0.0816, 0.0816, 0.091, 0.0975, 0.1017], // ≈ eu-central-1, ap-southeast-2
  m8g: [0.08976, 0.08976, 0.1001, 0.10725, 0.11187], // ≈ outside the US (Graviton4 at 1.1x Graviton3)
  // compute
  c5: [0.085, 0.085, 0.096, 0.097, 0.111],
  c5a: [0.077, 0.077, 0.086, 0.087, 0.1],
  c6i: [0.085, 0.085, 0.096, 0.097, 0.111],
  c6a: [0.0765, 0.0765, 0.0864, 0.0873, 0.0999],
  c6g: [0.068, 0.068, 0.0768, 0.0776, 0.0888],
  c7i: [0.08925, 0.08925, 0.1008, 0.10185, 0.11655], // ≈ eu-central-1, ap-southeast-2
  c7g: [0.0725, 0.0725, 0.0775, 0.0827, 0.0947], // ≈ eu-central-1, ap-southeast-2
  c8g: [0.07976, 0.07976, 0.08525, 0.09101, 0.10415], // ≈ outside the US (Graviton4 at 1.1x Graviton3)
  // memory
  r5: [0.126, 0.126, 0.141, 0.152, 0.151],
  r5a: [0.113, 0.113, 0.127, 0.136, 0.136],
  r6i: [0.126, 0.126, 0.141, 0.152, 0.151],
  r6a: [0.1134, 0.1134, 0.1269, 0.1368, 0.1359],
  r6g: [0.1008, 0.1008, 0.1128, 0.1216, 0.1208],
  r7i: [0.1323, 0.1323, 0.14805, 0.1596, 0.15855], // ≈ outside the US
  r7g: [0.1071, 0.1071, 0.1199, 0.1292, 0.1284], // ≈ eu-central-1, ap-southeast-2
  r8g: [0.11782, 0.11782, 0.13189, 0.14212, 0.14124], // ≈ outside the US (Graviton4 at 1.1x Graviton3)
};
