import * as tf from "@tensorflow/tfjs-core";
import type { ModelConfig } from "../config.js";
import type { BatchArrays, BatchTensors } from "./batch-inputs.js";
import { gatherRows } from "./ops.js";
import type { ParamSpec } from "./params.js";

/** Parameters of the pair-conditioned attention over its document (`ModelShape.pairAttention`). */
export const PAIR_ATTENTION_PARAMS = {
  query: "pair/attention_query",
  key: "pair/attention_key",
  value: "pair/attention_value",
} as const;

/**
 * Query [2H, H] from the pair's two concepts, key [H, H] of each token, and the [H, pairHidden]
 * map that adds the attended context to the pair MLP's hidden layer.
 */
export function pairAttentionSpecs(config: ModelConfig): ParamSpec[] {
  const h = config.hiddenDim;
  return [
    { name: PAIR_ATTENTION_PARAMS.query, shape: [2 * h, h], init: "glorot" },
    { name: PAIR_ATTENTION_PARAMS.key, shape: [h, h], init: "glorot" },
    { name: PAIR_ATTENTION_PARAMS.value, shape: [h, config.pairHiddenDim], init: "glorot" },
  ];
}

/**
 * Where each pair sits when a batch's pairs are laid out document by document as a
 * [B, Q, ·] block (Q = most pairs of one document): `slotOfPair[p]` is its row in
 * [B*Q], `pairOfSlot[r]` the pair of row r, or P (a zero row) for padding.
 */
export function pairSlots(arrays: Pick<BatchArrays, "batchSize" | "maxConcepts" | "pairHead">): {
  perDocument: number;
  slotOfPair: Int32Array;
  pairOfSlot: Int32Array;
} {
  const { batchSize: b, maxConcepts: c, pairHead } = arrays;
  const p = pairHead.length;
  const counts = new Int32Array(b);
  const docOf = Int32Array.from(pairHead, (head) => Math.floor(head / c));
  for (const doc of docOf) counts[doc] = (counts[doc] as number) + 1;
  const perDocument = Math.max(1, ...counts);
  const slotOfPair = new Int32Array(p);
  const pairOfSlot = new Int32Array(b * perDocument).fill(p);
  const used = new Int32Array(b);
  docOf.forEach((doc, pair) => {
    const slot = doc * perDocument + (used[doc] as number);
    used[doc] = (used[doc] as number) + 1;
    slotOfPair[pair] = slot;
    pairOfSlot[slot] = pair;
  });
  return { perDocument, slotOfPair, pairOfSlot };
}

/**
 * [P, H] each pair's own view of its document: a softmax over the document's tokens of
 * query(head, tail) · key(token) / √H, weighting the token states. The conv encoder sees
 * a few tokens either side; this lets a pair gather evidence from anywhere in the
 * abstract, chosen for that pair (ATLOP's localized context pooling, with the query
 * learned instead of read from a transformer's attention). One batched matMul per
 * direction over [B, Q, T]: pairs never attend to another document or to padding.
 */
export function pairAttentionContext(
  x: tf.Tensor3D,
  head: tf.Tensor2D,
  tail: tf.Tensor2D,
  batch: Pick<BatchTensors, "arrays" | "tokenMask">,
  w: (name: string) => tf.Tensor,
): tf.Tensor2D {
  const [b, t, h] = x.shape;
  const { perDocument: q, slotOfPair, pairOfSlot } = pairSlots(batch.arrays);
  const queries = tf.div(
    tf.matMul(tf.concat([head, tail], 1), w(PAIR_ATTENTION_PARAMS.query) as tf.Tensor2D),
    Math.sqrt(h), // the 1/√H scale, on [P, H] rather than [B, Q, T]
  );
  const padded = tf.reshape(gatherRows(tf.concat([queries, tf.zeros([1, h])], 0), pairOfSlot), [
    b,
    q,
    h,
  ]); // [B, Q, H]
  const keys = tf.reshape(
    tf.matMul(tf.reshape(x, [b * t, h]), w(PAIR_ATTENTION_PARAMS.key) as tf.Tensor2D),
    [b, t, h],
  );
  const scores = tf.add(
    tf.matMul(padded, keys, false, true),
    tf.mul(tf.sub(tf.reshape(batch.tokenMask, [b, 1, t]), 1), 1e4), // padding: -1e4
  ) as tf.Tensor3D; // [B, Q, T]
  const context = tf.matMul(lastAxisSoftmax(scores), x); // [B, Q, H]
  return gatherRows(tf.reshape(context, [b * q, h]) as tf.Tensor2D, slotOfPair);
}

/**
 * Softmax over the last axis from max, sub, exp, sum and div: the same numbers as `tf.softmax`,
 * whose cpu kernel is ~8x slower on an [8, 80, 500] block (forward 113 ms vs 15 ms; forward and
 * backward of the whole attention 222 ms vs 59 ms).
 */
function lastAxisSoftmax(scores: tf.Tensor3D): tf.Tensor3D {
  const exp = tf.exp(tf.sub(scores, tf.max(scores, -1, true)));
  return tf.div(exp, tf.sum(exp, -1, true));
}
