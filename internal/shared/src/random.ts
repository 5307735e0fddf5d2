/**
 * Every seeded random choice in @biore goes through this file, so the same
 * seed gives the same shuffle, split and initialisation in every package.
 */

/** A uniform [0, 1) generator (mulberry32): fast, 32-bit state, the same sequence on every platform. */
export function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A new 31-bit seed derived from a base seed and a path of integers (epoch, step, ...). */
export function deriveSeed(seed: number, ...path: number[]): number {
  let h = (seed ^ 0x9e3779b9) >>> 0;
  for (const part of path) {
    h = Math.imul(h ^ (part >>> 0), 0x85ebca6b) >>> 0;
    h ^= h >>> 13;
    h = Math.imul(h, 0xc2b2ae35) >>> 0;
    h ^= h >>> 16;
  }
  return h & 0x7fffffff;
}

/** Fisher-Yates shuffle in place, driven by `rand` (a [0, 1) generator). */
export function shuffleInPlace<T extends { length: number; [i: number]: unknown }>(
  arr: T,
  rand: () => number,
): T {
  for (let i = arr.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    const tmp = arr[i];
    arr[i] = arr[j];
    arr[j] = tmp;
  }
  return arr;
}

/** A shuffled copy of `items`, seeded (mulberry32). */
export function shuffled<T>(items: readonly T[], seed: number): T[] {
  return shuffleInPlace([...items], mulberry32(seed));
}

/**
 * The one seeded splitter: shuffles the positions 0..length-1 with `seed` and
 * cuts that order into consecutive parts of the given sizes (a last part takes
 * whatever the sizes leave). Positions within a part are in shuffled order.
 */
export function seededParts(length: number, sizes: readonly number[], seed: number): number[][] {
  const order = shuffled(
    Array.from({ length }, (_, i) => i),
    seed,
  );
  const parts: number[][] = [];
  let at = 0;
  for (const size of sizes) {
    parts.push(order.slice(at, at + size));
    at += size;
  }
  if (at < length) parts.push(order.slice(at));
  return parts;
}

/**
 * Splits items into a held-out slice (`fraction` of them, at least 1 when there
 * are 2 or more) and the rest, seeded; both keep the items' original order.
 */
export function splitHeldOut<T>(
  items: readonly T[],
  fraction: number,
  seed: number,
): { train: T[]; heldOut: T[] } {
  if (!(fraction > 0 && fraction < 1))
    throw new RangeError(`fraction must be in (0, 1), got ${fraction}`);
  const count = items.length < 2 ? 0 : Math.max(1, Math.round(items.length * fraction));
  const held = new Set(seededParts(items.length, [count], seed)[0]);
  const train: T[] = [];
  const heldOut: T[] = [];
  items.forEach((item, i) => {
    (held.has(i) ? heldOut : train).push(item);
  });
  return { train, heldOut };
}

/** A seeded generator with 53-bit floats and integers in [0, n). */
export interface Random {
  /** Uniform float in [0, 1). */
  next(): number;
  /** Uniform integer in [0, n). */
  nextInt(n: number): number;
}

/**
 * xoshiro128** seeded through splitmix32, with 53-bit floats. re-metrics'
 * bootstrap and k-means use it (not mulberry32) so that the confidence
 * intervals already published for a seed stay the same.
 */
export function xoshiro128(seed: number): Random {
  let s = (seed >>> 0) ^ Math.floor(seed / 2 ** 32);
  const splitmix = () => {
    s = (s + 0x9e3779b9) | 0;
    let z = s;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
    return (z ^ (z >>> 16)) >>> 0;
  };
  let a = splitmix();
  let b = splitmix();
  let c = splitmix();
  let d = splitmix();
  if ((a | b | c | d) === 0) a = 1;
  const nextUint32 = () => {
    const result = Math.imul(rotl(Math.imul(b, 5), 7), 9) >>> 0;
    const t = b << 9;
    c ^= a;
    d ^= b;
    b ^= c;
    a ^= d;
    c ^= t;
    d = rotl(d, 11);
    return result;
  };
  const next = () => (nextUint32() * 2 ** 21 + (nextUint32() >>> 11)) / 2 ** 53;
  return { next, nextInt: (n: number) => Math.floor(next() * n) };
}

function rotl(x: number, k: number): number {
  return (x << k) | (x >>> (32 - k));
}
