import * as tf from "@tensorflow/tfjs-core";
import type { MetricContext } from "../utils/context.js";

/**
 * Boolean [N, M] masks of positive pairs (same label, not the row's own copy) and negative
 * pairs (different labels), made on the device from the labels: an upload of N + M integers,
 * no host read and no host-built [N, M] array.
 */
export function deviceLabelMasks(ctx: MetricContext): { pos: tf.Tensor2D; neg: tf.Tensor2D } {
  return tf.tidy(() => {
    const n = ctx.labels.length;
    const m = ctx.refLabels.length;
    const rows = tf.tensor2d(ctx.labels, [n, 1], "int32");
    const cols = tf.tensor2d(ctx.refLabels, [1, m], "int32");
    const same = tf.equal(rows, cols) as tf.Tensor2D;
    const neg = tf.logicalNot(same) as tf.Tensor2D;
    if (ctx.selfIndex === null) return { pos: same, neg };
    const self = tf.cast(tf.oneHot(tf.tensor1d(ctx.selfIndex, "int32"), m), "bool");
    return { pos: tf.logicalAnd(same, tf.logicalNot(self)) as tf.Tensor2D, neg };
  });
}

/** Per row: whether a boolean [N, M] mask has any entry, as a float 0/1 [N]. */
export function rowAny(mask: tf.Tensor2D): tf.Tensor1D {
  return tf.cast(tf.any(tf.cast(mask, "bool"), 1), "float32") as tf.Tensor1D;
}

/** 1 when a 0/1 mask has any non-zero entry, else 0, as a float scalar. */
export function anyEntry(mask: tf.Tensor): tf.Scalar {
  return tf.cast(tf.any(tf.cast(mask, "bool")), "float32") as tf.Scalar;
}
