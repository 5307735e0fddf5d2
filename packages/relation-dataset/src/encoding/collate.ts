import type { EncodedBatch, EncodedDocument } from "../types.js";
import { RelationDatasetError } from "../warnings.js";
import { NUM_PAIR_FEATURES } from "./features.js";

/**
 * Pads documents to the longest one and flattens their mentions, concepts and pairs with
 * batch-level indices: concept c of row b becomes `sum(concepts of rows < b) + c`.
 */
export function collate(documents: readonly EncodedDocument[]): EncodedBatch {
  const B = documents.length;
  const T = documents.reduce((max, d) => Math.max(max, d.tokenIds.length), 0);
  let M = 0;
  let P = 0;
  let C = 0;
  for (const d of documents) {
    M += d.mentionStart.length;
    P += d.pairHead.length;
    C += d.conceptTypeIds.length;
    if (d.pairFeatures.length !== d.pairHead.length * NUM_PAIR_FEATURES) {
      throw new RelationDatasetError(
        "invalid-argument",
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
    const numPairs = d.pairHead.length;
    batch.pairRow.fill(row, p0, p0 + numPairs);
    for (let i = 0; i < numPairs; i++) {
      batch.pairHead[p0 + i] = c0 + d.pairHead[i]!;
      batch.pairTail[p0 + i] = c0 + d.pairTail[i]!;
    }
    batch.pairFeatures.set(d.pairFeatures, p0 * NUM_PAIR_FEATURES);
    batch.labelIds.set(d.labelIds, p0);
    batch.novelIds.set(d.novelIds, p0);
    if (d.pairTypeIds) batch.pairTypeIds.set(d.pairTypeIds, p0);
    m0 += numMentions;
    p0 += numPairs;
    c0 += numConcepts;
  });
  return batch;
}

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
        "invalid-argument",
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
