import * as tf from "@tensorflow/tfjs-core";
import { MetricLearningError } from "../errors.js";
import type { ReductionInput, Reducer } from "./base-reducer.js";

/**
 * The mean of element losses, each multiplied by the weight of its anchor's class
 * (PML's ClassWeightedReducer). `weights[c]` is class c's weight; a label without one is an
 * `INVALID_OPTION` error (it used to weigh 1 silently).
 */
export class ClassWeightedReducer implements Reducer {
  /** Per-class weights, indexed by label. */
  readonly weights: Float32Array;

  constructor(weights: ArrayLike<number>) {
    if (weights === null || typeof weights !== "object" || typeof weights.length !== "number") {
      throw new MetricLearningError(
        "INVALID_OPTION",
        "weights",
        "expected an array of per-class weights",
      );
    }
    if (weights.length === 0) {
      throw new MetricLearningError(
        "INVALID_OPTION",
        "weights",
        "expected at least one class weight",
      );
    }
    this.weights = Float32Array.from(weights);
    this.weights.forEach((w, c) => {
      if (!Number.isFinite(w) || w < 0) {
        throw new MetricLearningError("INVALID_OPTION", "weights", `weight of class ${c} is ${w}`);
      }
    });
  }

  reduce({ losses, anchors, labels, valid }: ReductionInput): tf.Scalar {
    return tf.tidy(() => {
      const w = new Float32Array(anchors.length);
      for (let i = 0; i < anchors.length; i++) {
        const label = labels[anchors[i]!]!;
        // a class without a weight is a caller's mistake, not weight 1
        if (!(label >= 0 && label < this.weights.length)) {
          throw new MetricLearningError(
            "INVALID_OPTION",
            "weights",
            `${this.weights.length} class weights, but label ${label} occurs; give one weight per class`,
          );
        }
        w[i] = this.weights[label]!;
      }
      const weighted = tf.mul(losses, tf.tensor1d(w));
      if (!valid) return tf.mean(weighted) as tf.Scalar;
      return tf.div(tf.sum(weighted), tf.maximum(tf.sum(valid), 1)) as tf.Scalar;
    });
  }
}
