import type { EncodedBatch, EncodedDocument } from "../types.js";
import { RelationDatasetError } from "../warnings.js";
import { NUM_PAIR_FEATURES } from "./features.js";

/** Options of {@link collate}. */
export interface CollateOptions {
  /**
   * Per document, the indices of the pairs to include (e.g. chosen by a class-balanced
   * sampler); all pairs of a document whose entry is absent.
   */
  pairSubsets?: ReadonlyArray<ArrayLike<number> | undefined>;
}

/**
 * Pads documents to the longest one and flattens their mentions, concepts and pairs with
 * batch-level indices: concept c of row b becomes `sum(concepts of rows < b) + c`.
 */
export function collate(
  documents: readonly EncodedDocument[],
  opts: CollateOptions = {},
): EncodedBatch {
  const subsets = documents.map((d, row) => pairSubset(d, opts.pairSubsets?.[row]));
  const B = documents.length;
  const T = documents.reduce((max, d) => Math.max(max, d.tokenIds.length), 0);
  let M = 0;
  let P = 0;
  let C = 0;
  for (const [row, d] of documents.entries()) {
    M += d.mentionStart.length;
    P += subsets[row]!.length;
    C += d.conceptTypeIds.length;
    if (d.pairFeatures.length !== d.pairHead.length * NUM_PAIR_FEATURES) {
      throw new RelationDatasetError(
        "INVALID_ARGUMENT",
        `pairFeatures has ${d.pairFeatures.length} values for ${d.pairHead.length} pairs x ${NUM_PAIR_FEATURES} features`,
        { documentId: d.documentId },
      );
    }
  }
  const batch: Required<EncodedBatch> = {
    batchSize: B,
    maxTokens: T,
    numPairFeatures: NUM_PAIR_FEATURES,
    tokenIds: new Int32Array(B * T),
    mask: new Float32Array(B * T),
    entityTypeIds: new Int32Array(B * T),
    sentenceIds: new Int32Array(B * T),
    numConcepts: C,
    conceptsPerRow: new Int32Array(B),
    conceptTypeIds: new Int32Array(C),
    mentionRow: new Int32Array(M),
    mentionStart: new Int32Array(M),
    mentionEnd: new Int32Array(M),
    mentionConcept: new Int32Array(M),
    pairRow: new Int32Array(P),
    pairHead: new Int32Array(P),
    pairTail: new Int32Array(P),
    pairFeatures: new Float32Array(P * NUM_PAIR_FEATURES),
    labelIds: new Int32Array(P),
    novelIds: new Int32Array(P),
    pairTypeIds: new Int32Array(P),
  };
  let m0 = 0;
  let p0 = 0;
  let c0 = 0;
  documents.forEach((d, row) => {
    const n = d.tokenIds.length;
    const at = row * T;
    batch.tokenIds.set(d.tokenIds, at);
    batch.mask.fill(1, at, at + n);
    batch.entityTypeIds.set(d.entityTypeIds.subarray(0, n), at);
    batch.sentenceIds.set(d.sentenceIds.subarray(0, n), at);
    const numConcepts = d.conceptTypeIds.length;
    batch.conceptsPerRow[row] = numConcepts;
    batch.conceptTypeIds.set(d.conceptTypeIds, c0);
    const numMentions = d.mentionStart.length;
    batch.mentionRow.fill(row, m0, m0 + numMentions);
    batch.mentionStart.set(d.mentionStart, m0);
    batch.mentionEnd.set(d.mentionEnd, m0);
    for (let i = 0; i < numMentions; i++) batch.mentionConcept[m0 + i] = c0 + d.mentionConcept[i]!;
    const subset = subsets[row]!;
    const numPairs = subset.length;
    batch.pairRow.fill(row, p0, p0 + numPairs);
    for (let i = 0; i < numPairs; i++) {
      const p = subset[i]!;
      batch.pairHead[p0 + i] = c0 + d.pairHead[p]!;
      batch.pairTail[p0 + i] = c0 + d.pairTail[p]!;
      batch.labelIds[p0 + i] = d.labelIds[p]!;
      batch.novelIds[p0 + i] = d.novelIds[p]!;
      if (d.pairTypeIds) batch.pairTypeIds[p0 + i] = d.pairTypeIds[p]!;
      batch.pairFeatures.set(
        d.pairFeatures.subarray(p * NUM_PAIR_FEATURES, (p + 1) * NUM_PAIR_FEATURES),
        (p0 + i) * NUM_PAIR_FEATURES,
      );
    }
    m0 += numMentions;
    p0 += numPairs;
    c0 += numConcepts;
  });
  return batch;
}

function pairSubset(d: EncodedDocument, subset: ArrayLike<number> | undefined): Int32Array {
  const numPairs = d.pairHead.length;
  if (subset === undefined) {
    const all = new Int32Array(numPairs);
    for (let i = 0; i < numPairs; i++) all[i] = i;
    return all;
  }
  const out = Int32Array.from(subset);
  for (const p of out) {
    if (p < 0 || p >= numPairs) {
      throw new RelationDatasetError(
        "INVALID_ARGUMENT",
        `pair index ${p} outside 0..${numPairs - 1}`,
        {
          documentId: d.documentId,
        },
      );
    }
  }
  return out;
}
