import * as tf from "@tensorflow/tfjs-core";
import type { ReductionInput, Reducer } from "./base-reducer.js";

/** The mean of all element losses (PML's MeanReducer). */
export class MeanReducer implements Reducer {
  reduce({ losses }: ReductionInput): tf.Scalar {
    return tf.mean(losses);
  }
}
