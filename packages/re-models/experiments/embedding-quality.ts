// How well relation embeddings group by gold type, on Dev's gold relation pairs:
// k-means ARI (k = types present, seeded, 10 restarts) and MAP@R / precision@1
// of cosine nearest-neighbour retrieval, in the pair-embedding space and in the
// contrastive projection space (the one an HNM loss shapes).
import type { BioCDocument } from "@biore/bioc-io";
import { adjustedRandIndex, kMeans, retrievalMetrics } from "@biore/re-metrics";
import { type RelationModel, embed } from "../src/index.js";

export interface SpaceQuality {
  pairs: number;
  ari: number;
  mapAtR: number;
  precisionAt1: number;
}

function quality(vectors: Float32Array, dim: number, labels: string[], seed: number): SpaceQuality {
  const k = new Set(labels).size;
  const matrix = { data: vectors, dim };
  const clusters = kMeans(matrix, k, { seed, nInit: 10 });
  const retrieval = retrievalMetrics(matrix, labels, { metric: "cosine" });
  return {
    pairs: labels.length,
    ari: adjustedRandIndex(labels, clusters.labels),
    mapAtR: retrieval.meanAveragePrecisionAtR,
    precisionAt1: retrieval.precisionAt1,
  };
}

/** Quality of both spaces on the documents' gold relation pairs. */
export function embeddingQuality(
  model: RelationModel,
  documents: readonly BioCDocument[],
  seed: number,
): { pair: SpaceQuality; projection: SpaceQuality } {
  const of = (space: "pair" | "projection") => {
    const e = embed(model, documents, { positivesOnly: true, space });
    return quality(e.vectors, e.dim, e.labels, seed);
  };
  return { pair: of("pair"), projection: of("projection") };
}
