import { RelationDatasetError } from "./warnings.js";

/** A small seeded PRNG (mulberry32) returning floats in [0, 1). */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A seeded Fisher-Yates shuffle (returns a new array). */
export function shuffled<T>(items: readonly T[], seed: number): T[] {
  const out = [...items];
  const random = seededRandom(seed);
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

/**
 * Splits document ids into named parts by fractions (normalized to sum 1), after a seeded
 * shuffle; rounding leftovers go to the first parts. Every id lands in exactly one part.
 */
export function splitDocuments<K extends string>(
  ids: readonly string[],
  opts: { seed: number; fractions: Record<K, number> },
): Record<K, string[]> {
  const names = Object.keys(opts.fractions) as K[];
  const values = names.map((n) => opts.fractions[n]);
  const total = values.reduce((a, b) => a + b, 0);
  if (names.length === 0 || values.some((v) => !(v >= 0)) || !(total > 0)) {
    throw new RelationDatasetError(
      "invalid-split",
      "fractions must be non-negative with a positive sum",
    );
  }
  if (new Set(ids).size !== ids.length) {
    throw new RelationDatasetError("invalid-split", "document ids must be unique");
  }
  const order = shuffled(ids, opts.seed);
  const sizes = values.map((v) => Math.floor((v / total) * ids.length));
  let left = ids.length - sizes.reduce((a, b) => a + b, 0);
  for (let i = 0; left > 0; i = (i + 1) % sizes.length) {
    if (values[i]! > 0) {
      sizes[i]!++;
      left--;
    }
  }
  const out = {} as Record<K, string[]>;
  let at = 0;
  names.forEach((name, i) => {
    out[name] = order.slice(at, at + sizes[i]!);
    at += sizes[i]!;
  });
  return out;
}

/** Seeded k-fold cross-validation over document ids: fold i tests on part i, trains on the rest. */
export function kFold(
  ids: readonly string[],
  k: number,
  seed: number,
): Array<{ train: string[]; test: string[] }> {
  if (!Number.isInteger(k) || k < 2 || k > ids.length) {
    throw new RelationDatasetError(
      "invalid-split",
      `k must be an integer in 2..${ids.length}, got ${k}`,
    );
  }
  if (new Set(ids).size !== ids.length) {
    throw new RelationDatasetError("invalid-split", "document ids must be unique");
  }
  const order = shuffled(ids, seed);
  const folds: string[][] = Array.from({ length: k }, () => []);
  order.forEach((id, i) => {
    folds[i % k]!.push(id);
  });
  return folds.map((test, i) => ({ test, train: folds.flatMap((f, j) => (j === i ? [] : f)) }));
}
