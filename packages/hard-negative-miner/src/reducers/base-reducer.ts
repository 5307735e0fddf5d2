import type * as tf from "@tensorflow/tfjs-core";

/** What a loss hands to its reducer: one loss per element (row, pair or triplet). */
export interface ReductionInput {
  /** One loss value per element, 1-D, length >= 1. */
  readonly losses: tf.Tensor1D;
  /** The anchor (query row) each element belongs to, same length as `losses`. */
  readonly anchors: Int32Array;
  /** Labels of the query rows (so `labels[anchors[i]]` is element i's class). */
  readonly labels: Int32Array;
  /**
   * On the device path, element counts are fixed by [N, M] masks: `valid` is 1 for elements
   * that exist and 0 for padding (whose losses are 0). A reducer that averages must count only
   * valid elements; absent, every element is real.
   */
  readonly valid?: tf.Tensor1D;
}

/** Turns many per-element losses into one scalar (PML's reducers). */
export interface Reducer {
  /** Reduces a non-empty set of element losses to a scalar. */
  reduce(input: ReductionInput): tf.Scalar;
}
