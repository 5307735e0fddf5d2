import { MetricLearningError } from "../errors.js";
import type { DistanceOptions } from "./base-distance.js";
import { DotProductSimilarity } from "./dot-product-similarity.js";

/** Cosine similarity: dot product of L2-normalized embeddings, in [-1, 1], larger = closer. */
export class CosineSimilarity extends DotProductSimilarity {
  constructor(
    options: Omit<DistanceOptions, "normalizeEmbeddings"> & { normalizeEmbeddings?: true } = {},
  ) {
    if (options.normalizeEmbeddings === (false as unknown)) {
      throw new MetricLearningError(
        "INVALID_OPTION",
        "normalizeEmbeddings",
        "CosineSimilarity always normalizes; use DotProductSimilarity",
      );
    }
    super({ ...options, normalizeEmbeddings: true });
  }
}
