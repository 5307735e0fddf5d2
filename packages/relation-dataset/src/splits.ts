import { seededParts, shuffled } from "@biore/internal";
import { RelationDatasetError } from "./warnings.js";

export { shuffled, splitHeldOut } from "@biore/internal";

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
      "INVALID_SPLIT",
      "fractions must be non-negative with a positive sum",
    );
  }
  if (new Set(ids).size !== ids.length) {
    throw new RelationDatasetError("INVALID_SPLIT", "document ids must be unique");
  }
  const sizes = values.map((v) => Math.floor((v / total) * ids.length));
  let left = ids.length - sizes.reduce((a, b) => a + b, 0);
  for (let i = 0; left > 0; i = (i + 1) % sizes.length) {
    if (values[i]! > 0) {
      sizes[i]!++;
      left--;
    }
  }
  const parts = seededParts(ids.length, sizes, opts.seed);
  const out = {} as Record<K, string[]>;
  names.forEach((name, i) => {
    out[name] = parts[i]!.map((at) => ids[at]!);
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
      "INVALID_SPLIT",
      `k must be an integer in 2..${ids.length}, got ${k}`,
    );
  }
  if (new Set(ids).size !== ids.length) {
    throw new RelationDatasetError("INVALID_SPLIT", "document ids must be unique");
  }
  const order = shuffled(ids, seed);
  const folds: string[][] = Array.from({ length: k }, () => []);
  order.forEach((id, i) => {
    folds[i % k]!.push(id);
  });
  return folds.map((test, i) => ({ test, train: folds.flatMap((f, j) => (j === i ? [] : f)) }));
}
