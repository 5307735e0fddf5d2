import * as tf from "@tensorflow/tfjs-core";

/**
 * How the relation logits are trained: `softmax` = cross-entropy over None and the types;
 * `adaptive-threshold` = ATLOP's loss (Zhou et al., 2021), where the None logit is a learned
 * per-pair threshold: the gold type must score above it, and it must score above every other
 * type. Both leave the decision rule (type margin over the None logit > None bias) unchanged.
 */
export type RelationLoss = "softmax" | "adaptive-threshold";

/**
 * Label smoothing of the softmax cross-entropy (Szegedy et al., 2016): the target keeps 1 − ε
 * on the gold label and spreads ε evenly over the labels the pair may take (`allowed`, [P × K],
 * 1 = allowed: None and the types its entity-type pair allows; all labels when absent).
 */
export interface LabelSmoothing {
  epsilon: number;
  allowed?: Uint8Array;
}

/** Added to logits left out of a softmax (finite, so 0 × it stays 0 in the gradient). */
const LEFT_OUT = -1e9;

/**
 * Per-pair loss [P] of relation logits [P, K] (column 0 = None) against gold label ids.
 * Adaptive threshold, for one gold type y per pair:
 * L1 = −log softmax over {y, None} at y (0 for None pairs), L2 = −log softmax over
 * {None} ∪ (types ≠ y) at None (plain cross-entropy to None for None pairs).
 */
export function relationPairLoss(
  logits: tf.Tensor2D,
  labelIds: Int32Array,
  kind: RelationLoss,
  smoothing?: LabelSmoothing,
): tf.Tensor1D {
  const numLabels = logits.shape[1];
  if (kind === "softmax") {
    const targets =
      smoothing && smoothing.epsilon > 0
        ? tf.tensor2d(smoothedTargets(labelIds, numLabels, smoothing), [labelIds.length, numLabels])
        : tf.oneHot(tf.tensor1d(labelIds, "int32"), numLabels);
    return tf.neg(tf.sum(tf.mul(targets, tf.logSoftmax(logits)), 1)) as tf.Tensor1D;
  }
  const targets = tf.oneHot(tf.tensor1d(labelIds, "int32"), numLabels);
  // gold type only (None pairs have none), and the None column
  const positive = tf.mul(targets, tf.tensor2d([[0, ...new Array(numLabels - 1).fill(1)]]));
  const noneColumn = tf.oneHot(tf.zeros([labelIds.length], "int32"), numLabels);
  // L1: the gold type against the threshold only
  const keep1 = tf.add(positive, noneColumn);
  const logProbs1 = tf.logSoftmax(tf.add(logits, tf.mul(tf.sub(1, keep1), LEFT_OUT)));
  const l1 = tf.neg(tf.sum(tf.mul(positive, logProbs1), 1));
  // L2: the threshold against every type but the gold one
  const logProbs2 = tf.logSoftmax(tf.add(logits, tf.mul(positive, LEFT_OUT)));
  const l2 = tf.neg(tf.sum(tf.mul(noneColumn, logProbs2), 1));
  return tf.add(l1, l2) as tf.Tensor1D;
}

/** The smoothed target distributions [P × K], row by row. */
function smoothedTargets(
  labelIds: Int32Array,
  numLabels: number,
  { epsilon, allowed }: LabelSmoothing,
): Float32Array {
  const targets = new Float32Array(labelIds.length * numLabels);
  for (let p = 0; p < labelIds.length; p++) {
    const row = p * numLabels;
    let count = 0;
    for (let k = 0; k < numLabels; k++) count += allowed ? (allowed[row + k] as number) : 1;
    for (let k = 0; k < numLabels; k++) {
      const share = !allowed || allowed[row + k] ? epsilon / Math.max(1, count) : 0;
      targets[row + k] = share + (k === labelIds[p] ? 1 - epsilon : 0);
    }
  }
  return targets;
}

/**
 * The type-only term (`TrainOptions.typeLossWeight`): over the gold-related pairs, the mean of
 * −log softmax over the type logits alone (None left out) at the gold type, so telling the types
 * apart is trained without competing with the None decision of the ~85 % unrelated pairs. 0 when
 * the batch holds no related pair. Type-masked logits (finite, `MASKED_LOGIT`) get ~0 weight.
 */
export function typeOnlyLoss(logits: tf.Tensor2D, labelIds: Int32Array): tf.Scalar {
  const rows: number[] = [];
  const types: number[] = [];
  labelIds.forEach((id, p) => {
    if (id !== 0) {
      rows.push(p);
      types.push(id - 1);
    }
  });
  if (rows.length === 0) return tf.scalar(0);
  const related = tf.gather(logits, tf.tensor1d(rows, "int32"));
  const typeLogits = tf.slice(related, [0, 1], [rows.length, logits.shape[1] - 1]);
  // the softmax loss over the type columns alone, with type k + 1 as label k
  return tf.mean(relationPairLoss(typeLogits, Int32Array.from(types), "softmax")) as tf.Scalar;
}
