import {
  adjustedRandIndex,
  kMeans,
  normalizedMutualInfo,
  retrievalMetrics,
} from "@biore/re-metrics";
import { pca2 } from "../reports/pca.js";
import type { EmbeddingQuality, Projection } from "../reports/types.js";

/** Relation embeddings of gold positive pairs, row-major, with each pair's gold type. */
export interface LabelledEmbeddings {
  data: Float32Array;
  dim: number;
  labels: string[];
}

/**
 * How well embeddings group by relation type: ARI and NMI of k-means with k =
 * number of types present (seeded k-means++, 10 restarts), and precision@1 and
 * MAP@R of nearest-neighbour retrieval by cosine distance.
 */
export function embeddingQuality(embeddings: LabelledEmbeddings, seed: number): EmbeddingQuality {
  const pairs = embeddings.labels.length;
  const k = new Set(embeddings.labels).size;
  if (pairs < 2 || k < 2) {
    return {
      pairs,
      k,
      ari: Number.NaN,
      nmi: Number.NaN,
      precisionAt1: Number.NaN,
      mapAtR: Number.NaN,
    };
  }
  const matrix = { data: embeddings.data, dim: embeddings.dim };
  const clusters = kMeans(matrix, k, { seed, nInit: 10 });
  const retrieval = retrievalMetrics(matrix, embeddings.labels, { metric: "cosine" });
  return {
    pairs,
    k,
    ari: adjustedRandIndex(embeddings.labels, clusters.labels),
    nmi: normalizedMutualInfo(embeddings.labels, clusters.labels),
    precisionAt1: retrieval.precisionAt1,
    mapAtR: retrieval.meanAveragePrecisionAtR,
  };
}

/** The 2-D PCA projection of the embeddings the report plots (at most `maxPoints`, evenly strided). */
export function projectEmbeddings(embeddings: LabelledEmbeddings, maxPoints = 1500): Projection {
  const n = embeddings.labels.length;
  const stride = Math.max(1, Math.ceil(n / maxPoints));
  const rows: Float32Array[] = [];
  const labels: string[] = [];
  for (let i = 0; i < n; i += stride) {
    rows.push(embeddings.data.subarray(i * embeddings.dim, (i + 1) * embeddings.dim));
    labels.push(embeddings.labels[i]!);
  }
  const { coords, explainedVariance } = pca2(rows);
  return {
    method: "PCA (top 2 principal components)",
    explainedVariance,
    points: coords.map(([x, y], i) => ({ x, y, label: labels[i]! })),
  };
}
