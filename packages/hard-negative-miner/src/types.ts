import type * as tf from "@tensorflow/tfjs-core";

/** Integer class labels: a 1-D tensor, an Int32Array or a plain number array. */
export type Labels = tf.Tensor1D | Int32Array | readonly number[];

/**
 * Mined triplets: `anchors[i]` is a row of the embeddings, `positives[i]` and `negatives[i]`
 * are rows of the reference set (the embeddings themselves unless a reference was given).
 * Indices are always `Int32Array`s: mining runs on detached values, so they never carry gradients.
 */
export interface TripletIndices {
  readonly anchors: Int32Array;
  readonly positives: Int32Array;
  readonly negatives: Int32Array;
}

/**
 * Mined pairs: positive pairs `(a1[i], p[i])` and negative pairs `(a2[j], n[j])`;
 * `a1`/`a2` index the embeddings, `p`/`n` the reference set.
 */
export interface PairIndices {
  readonly a1: Int32Array;
  readonly p: Int32Array;
  readonly a2: Int32Array;
  readonly n: Int32Array;
}

/** What every miner returns and every loss accepts. */
export type IndicesTuple = TripletIndices | PairIndices;

/** True when `indices` holds triplets rather than pairs. */
export function isTripletIndices(indices: IndicesTuple): indices is TripletIndices {
  return "anchors" in indices;
}
