/** Small seeded random helpers: every random choice in this package goes through them. */

/** A uniform [0, 1) generator (mulberry32): fast, 32-bit state, reproducible across platforms. */
export function createRng(seed: number): () => number {
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

/** Fisher-Yates shuffle of a copy, driven by `seed`. */
export function shuffled<T>(items: readonly T[], seed: number): T[] {
  const out = [...items];
  const rng = createRng(seed);
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(rng() * (i + 1));
    const tmp = out[i] as T;
    out[i] = out[j] as T;
    out[j] = tmp;
  }
  return out;
}

/** Splits items into a held-out slice (`fraction`, at least 1 when possible) and the rest, seeded. */
export function splitHeldOut<T>(
  items: readonly T[],
  fraction: number,
  seed: number,
): { train: T[]; heldOut: T[] } {
  if (!(fraction > 0 && fraction < 1))
    throw new RangeError(`fraction must be in (0, 1), got ${fraction}`);
  const order = shuffled(
    items.map((_, i) => i),
    seed,
  );
  const count = items.length < 2 ? 0 : Math.max(1, Math.round(items.length * fraction));
  const held = new Set(order.slice(0, count));
  const train: T[] = [];
  const heldOut: T[] = [];
  items.forEach((item, i) => {
    (held.has(i) ? heldOut : train).push(item);
  });
  return { train, heldOut };
}
