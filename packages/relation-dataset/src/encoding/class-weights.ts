import { RelationDatasetError } from "../warnings.js";

/**
 * Per-class loss weights `(n / (K * count_k))^power` (sklearn's "balanced" when power = 1);
 * a class absent from `labelIds` gets weight 0.
 */
export function classWeights(
  labelIds: ArrayLike<number>,
  numLabels: number,
  opts: { power?: number } = {},
): Float32Array {
  const power = opts.power ?? 1;
  const counts = new Float64Array(numLabels);
  let n = 0;
  for (let i = 0; i < labelIds.length; i++) {
    const id = labelIds[i]!;
    if (id < 0 || id >= numLabels || !Number.isInteger(id)) {
      throw new RelationDatasetError(
        "INVALID_ARGUMENT",
        `label id ${id} at ${i} is outside 0..${numLabels - 1}`,
      );
    }
    counts[id]!++;
    n++;
  }
  const present = counts.reduce((k, c) => k + (c > 0 ? 1 : 0), 0);
  const weights = new Float32Array(numLabels);
  for (let k = 0; k < numLabels; k++) {
    weights[k] = counts[k]! > 0 ? (n / (present * counts[k]!)) ** power : 0;
  }
  return weights;
}
