import * as tf from "@tensorflow/tfjs-core";
import type { ReductionInput, Reducer } from "./base-reducer.js";

/** The sum of all element losses (PML's SumReducer). */
export class SumReducer implements Reducer {
  reduce({ losses }: ReductionInput): tf.Scalar {
    return tf.sum(losses);
  }
}
