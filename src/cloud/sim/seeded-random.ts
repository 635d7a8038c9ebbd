/**
 * A small seeded pseudo-random generator (mulberry32), so throttling and back-off jitter in
 * the sim are reproducible run after run.
 *
 * @example
 * const random = createSeededRandom(42);
 * random(); // always the same first number for seed 42, in [0, 1)
 */
export function createSeededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
