import * as tf from "@tensorflow/tfjs-core";
import { MetricLearningError } from "../errors.js";
import type { ReductionInput, Reducer } from "./base-reducer.js";

/**
 * The mean of element losses, each multiplied by the weight of its anchor's class
 * (PML's ClassWeightedReducer). `weights[c]` is class c's weight; missing classes weigh 1.
 */
export class ClassWeightedReducer implements Reducer {
  /** Per-class weights, indexed by label. */
  readonly weights: Float32Array;

  constructor(weights: ArrayLike<number>) {
    this.weights = Float32Array.from(weights);
    this.weights.forEach((w, c) => {
      if (!Number.isFinite(w) || w < 0) {
        throw new MetricLearningError("INVALID_OPTION", "weights", `weight of class ${c} is ${w}`);
      }
    });
  }

  reduce({ losses, anchors, labels }: ReductionInput): tf.Scalar {
    return tf.tidy(() => {
      const w = new Float32Array(anchors.length);
      for (let i = 0; i < anchors.length; i++) {
        const label = labels[anchors[i]!]!;
        w[i] = label >= 0 && label < this.weights.length ? this.weights[label]! : 1;
      }
      return tf.mean(tf.mul(losses, tf.tensor1d(w))) as tf.Scalar;
    });
  }
}
