import * as tf from "@tensorflow/tfjs-core";
import type { ReductionInput, Reducer } from "./base-reducer.js";

/** The mean of all element losses (PML's MeanReducer). */
export class MeanReducer implements Reducer {
  reduce({ losses, valid }: ReductionInput): tf.Scalar {
    if (!valid) return tf.mean(losses);
    return tf.div(tf.sum(losses), tf.maximum(tf.sum(valid), 1)) as tf.Scalar;
  }
}
