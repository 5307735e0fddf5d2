import type { EncodedDocument } from "@biore/relation-dataset";
import * as tf from "@tensorflow/tfjs-core";
import { dense, gatherRows } from "./ops.js";

/**
 * The local mention-pair path (BRAN, Verga et al. 2018, restricted to sentences): each
 * candidate pair is also scored from its closest head/tail mention pairs that share a
 * sentence — the two mentions' own token states (which carry the words around them) and
 * their order and distance — pooled by log-sum-exp over those mention pairs. The concept
 * vectors pool every mention of the document; this path sees where the pair actually meets.
 */

/** Mention pairs kept per candidate pair (the closest ones). */
export const LOCAL_PAIRS = 8;

/** Relative-position classes: 2 orders x 6 log2 distance buckets (0-1, 2-3, 4-7, 8-15, 16-31, 32+). */
export const LOCAL_RELATIVE_CLASSES = 12;

/** Parameter names of the path (appended after every older parameter). */
export const LOCAL_PARAMS = {
  hiddenKernel: "local/hidden_kernel",
  hiddenBias: "local/hidden_bias",
  relative: "local/relative_embedding",
  outKernel: "local/out_kernel",
  outBias: "local/out_bias",
} as const;

/** Where one batch's mention pairs go: [P*K] rows of the B*M flattened mentions. */
export interface LocalPairArrays {
  localHead: Int32Array;
  localTail: Int32Array;
  /** [P*K] relative-position class of each mention pair. */
  localRelative: Int32Array;
  /** [P*K] 1 on real mention pairs, 0 on padding. */
  localValid: Float32Array;
  /** [P] 1 when the pair has at least one mention pair in a shared sentence. */
  localAny: Float32Array;
}

/** Empty arrays for `numPairs` candidate pairs. */
export function localPairArrays(numPairs: number): LocalPairArrays {
  const n = numPairs * LOCAL_PAIRS;
  return {
    localHead: new Int32Array(n),
    localTail: new Int32Array(n),
    localRelative: new Int32Array(n),
    localValid: new Float32Array(n),
    localAny: new Float32Array(numPairs),
  };
}

/**
 * Writes candidate pair `pair`'s closest same-sentence mention pairs (at most LOCAL_PAIRS,
 * nearest first). `mentionBase` is the row's first index in the B*M flattened mentions.
 */
export function writeLocalPairs(
  doc: EncodedDocument,
  headMentions: readonly number[],
  tailMentions: readonly number[],
  mentionBase: number,
  pair: number,
  out: LocalPairArrays,
): void {
  const found: { a: number; b: number; gap: number; headFirst: boolean }[] = [];
  for (const a of headMentions) {
    const aStart = doc.mentionStart[a] as number;
    for (const b of tailMentions) {
      const bStart = doc.mentionStart[b] as number;
      if (doc.sentenceIds[aStart] !== doc.sentenceIds[bStart]) continue;
      const headFirst = aStart <= bStart;
      const gap = headFirst
        ? bStart - (doc.mentionEnd[a] as number)
        : aStart - (doc.mentionEnd[b] as number);
      found.push({ a, b, gap: Math.max(0, gap), headFirst });
    }
  }
  found.sort((x, y) => x.gap - y.gap);
  const kept = found.slice(0, LOCAL_PAIRS);
  kept.forEach(({ a, b, gap, headFirst }, i) => {
    const slot = pair * LOCAL_PAIRS + i;
    out.localHead[slot] = mentionBase + a;
    out.localTail[slot] = mentionBase + b;
    const bucket = Math.min(5, gap < 2 ? 0 : Math.floor(Math.log2(gap)));
    out.localRelative[slot] = (headFirst ? 0 : 6) + bucket;
    out.localValid[slot] = 1;
  });
  if (kept.length > 0) out.localAny[pair] = 1;
}

/** The path's tensors. */
export interface LocalPairTensors {
  localHead: tf.Tensor1D;
  localTail: tf.Tensor1D;
  /** [P*K, LOCAL_RELATIVE_CLASSES] one-hot. */
  localRelative: tf.Tensor2D;
  /** [P*K, 1] 0 on real mention pairs, a large negative number on padding. */
  localPenalty: tf.Tensor2D;
  /** [P, 1] */
  localAny: tf.Tensor2D;
}

/** Uploads the arrays. */
export function localPairTensors(arrays: LocalPairArrays): LocalPairTensors {
  const n = arrays.localHead.length;
  const relative = new Float32Array(n * LOCAL_RELATIVE_CLASSES);
  arrays.localRelative.forEach((c, i) => {
    relative[i * LOCAL_RELATIVE_CLASSES + c] = 1;
  });
  return {
    localHead: tf.tensor1d(arrays.localHead, "int32"),
    localTail: tf.tensor1d(arrays.localTail, "int32"),
    localRelative: tf.tensor2d(relative, [n, LOCAL_RELATIVE_CLASSES]),
    localPenalty: tf.tensor2d(
      Float32Array.from(arrays.localValid, (v) => (v > 0 ? 0 : -1e4)),
      [n, 1],
    ),
    localAny: tf.tensor2d(arrays.localAny, [arrays.localAny.length, 1]),
  };
}

/**
 * [P, L] logits of the local path: an MLP over [m_head, m_tail, m_head * m_tail] + a
 * relative-position embedding per mention pair, then log-sum-exp over the pair's mention
 * pairs; zero for pairs whose concepts never share a sentence. `mentions` is [B*M, H].
 */
export function localPairLogits(
  mentions: tf.Tensor2D,
  batch: LocalPairTensors,
  w: (name: string) => tf.Tensor,
  numLabels: number,
  drop: (x: tf.Tensor) => tf.Tensor,
): tf.Tensor2D {
  const head = gatherRows(mentions, batch.localHead);
  const tail = gatherRows(mentions, batch.localTail);
  const input = tf.concat([head, tail, tf.mul(head, tail)], 1) as tf.Tensor2D;
  const hidden = tf.relu(
    tf.add(
      dense(input, w(LOCAL_PARAMS.hiddenKernel), w(LOCAL_PARAMS.hiddenBias)),
      tf.matMul(batch.localRelative, w(LOCAL_PARAMS.relative) as tf.Tensor2D),
    ),
  );
  const logits = tf.add(
    dense(drop(hidden) as tf.Tensor2D, w(LOCAL_PARAMS.outKernel), w(LOCAL_PARAMS.outBias)),
    batch.localPenalty,
  );
  const pairs = batch.localAny.shape[0];
  const pooled = tf.logSumExp(tf.reshape(logits, [pairs, LOCAL_PAIRS, numLabels]), 1);
  return tf.mul(pooled, batch.localAny) as tf.Tensor2D;
}
