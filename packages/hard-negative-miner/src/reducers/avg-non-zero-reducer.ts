import * as tf from "@tensorflow/tfjs-core";
import { nonDifferentiable } from "../utils/tensor-ops.js";
import type { ReductionInput, Reducer } from "./base-reducer.js";

const countPositive = nonDifferentiable((x) => tf.sum(tf.cast(tf.greater(x, 0), "float32")));

/** The mean over element losses greater than 0; 0 when none is (PML's AvgNonZeroReducer). */
export class AvgNonZeroReducer implements Reducer {
  reduce({ losses }: ReductionInput): tf.Scalar {
    return tf.tidy(() => {
      const count = countPositive(losses);
      return tf.div(tf.sum(losses), tf.maximum(count, 1)) as tf.Scalar;
    });
  }
}
