/**
 * Random sources for the backoff jitter. Machines never call `Math.random` themselves: the source is injected,
 * so a test can pin it and a production caller can pass `Math.random`.
 */

/** A source of uniformly distributed numbers in [0, 1). */
export type RandomSource = () => number;

/**
 * A seeded pseudo-random source (mulberry32): the same seed always yields the same sequence, so statistical
 * tests cannot flake and a model test can replay a path exactly.
 * @param seed any 32-bit integer.
 * @example
 * const random = seededRandom(42);
 * random(); // 0.6011037519201636 on every run
 */
export function seededRandom(seed: number): RandomSource {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
