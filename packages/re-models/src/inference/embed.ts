import type { BioCDocument } from "@biore/bioc-io";
import { NONE_LABEL } from "@biore/relation-dataset";
import type { RelationModel } from "../model/relation-model.js";
import { type EncodeForModelOptions, type EncodedDataset, encodeForModel } from "./encode.js";

/** Pair embeddings of every candidate pair, for clustering and retrieval. */
export interface PairEmbeddings {
  /** [count * dim] row-major pair embeddings (the vector the heads read, or the projection). */
  vectors: Float32Array;
  count: number;
  dim: number;
  /** One entry per row. */
  pairs: { documentId: string; entity1: string; entity2: string }[];
  /** Gold label per row (`None` for candidates without a relation), when the documents carry relations. */
  labels: string[];
  /** Gold label ids per row (0 = None). */
  labelIds: Int32Array;
}

/** Options of {@link embed}. */
export interface EmbedOptions extends EncodeForModelOptions {
  batchSize?: number;
  /** Only pairs with a gold relation (default false: every candidate). */
  positivesOnly?: boolean;
  /** An already encoded dataset of the same documents (skips encoding). */
  dataset?: EncodedDataset;
  /**
   * Which space: `pair` (default), the vector the heads read, or `projection`,
   * the contrastive head's output — the space an HNM loss shapes.
   */
  space?: "pair" | "projection";
}

/** Embeds every candidate pair of the documents with the model's pair encoder. */
export function embed(
  model: RelationModel,
  documents: readonly BioCDocument[],
  options: EmbedOptions = {},
): PairEmbeddings {
  const dataset = options.dataset ?? encodeForModel(model, documents, options);
  const scores = model.score(dataset.documents, {
    batchSize: options.batchSize ?? 8,
    embeddings: true,
    embeddingSpace: options.space ?? "pair",
    networkOnly: true, // embeddings only: an attached typer changes logits, not vectors
  });
  const dim = scores.embeddingDim;
  const all = scores.embeddings ?? new Float32Array(0);
  const keep: number[] = [];
  const pairs: PairEmbeddings["pairs"] = [];
  let offset = 0;
  dataset.pairs.forEach((docPairs, d) => {
    const documentId = dataset.documents[d]?.documentId ?? "";
    docPairs.forEach((pair, p) => {
      const q = offset + p;
      if (options.positivesOnly && scores.labelIds[q] === 0) return;
      keep.push(q);
      pairs.push({ documentId, entity1: pair.head.identifier, entity2: pair.tail.identifier });
    });
    offset += docPairs.length;
  });
  const vectors = new Float32Array(keep.length * dim);
  const labelIds = new Int32Array(keep.length);
  keep.forEach((q, row) => {
    vectors.set(all.subarray(q * dim, (q + 1) * dim), row * dim);
    labelIds[row] = scores.labelIds[q] as number;
  });
  const labels = Array.from(labelIds, (id) => (id === 0 ? NONE_LABEL : model.labelSpace.label(id)));
  return { vectors, count: keep.length, dim, pairs, labels, labelIds };
}
