import * as tf from "@tensorflow/tfjs-core";
import { KernelError } from "../errors.js";

/**
 * Rows `x[indices]` along axis 0, whose gradient is a scatter-add into a zero tensor of `x`'s
 * shape (`scatterND` sums duplicate indices). tfjs's own gather gradient goes through
 * `UnsortedSegmentSum`, which tfjs's pure-JS cpu backend runs as one whole-tensor pass per
 * segment (minutes for an N×M matrix); `scatterND` is one linear pass there and native elsewhere.
 * Works on every backend. `indices` may be an int32 tensor (not disposed here) or an Int32Array.
 */
export function gatherRows<T extends tf.Tensor>(x: T, indices: tf.Tensor1D | Int32Array): T {
  const rows = x.shape[0];
  if (x.rank < 1 || rows === undefined) {
    throw new KernelError("INVALID_INDICES", "gatherRows", "x must have at least one axis");
  }
  const owned = indices instanceof Int32Array;
  if (owned) checkRange(indices, rows);
  else if (indices.dtype !== "int32" || indices.rank !== 1) {
    throw new KernelError(
      "INVALID_INDICES",
      "gatherRows",
      `indices must be a 1-D int32 tensor, got ${indices.rank}-D ${indices.dtype}`,
    );
  }
  const idx = owned ? tf.tensor1d(indices, "int32") : indices;
  const shape = x.shape;
  const gathered = tf.customGrad(((source: tf.Tensor, save: (t: tf.Tensor[]) => void) => {
    // the engine keeps saved tensors alive until backprop, so `idx` may be disposed below
    save([idx]);
    return {
      value: tf.gather(source, idx),
      gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) =>
        tf.scatterND(tf.reshape(saved[0] as tf.Tensor, [-1, 1]), dy, shape),
    };
  }) as unknown as Parameters<typeof tf.customGrad>[0]) as unknown as (s: tf.Tensor) => T;
  const out = gathered(x);
  if (owned) idx.dispose();
  return out;
}

/** Throws INVALID_INDICES naming the first index outside [0, rows). */
function checkRange(indices: Int32Array, rows: number): void {
  for (let i = 0; i < indices.length; i++) {
    const v = indices[i] as number;
    if (v < 0 || v >= rows) {
      throw new KernelError(
        "INVALID_INDICES",
        "gatherRows",
        `indices[${i}] = ${v} is outside [0, ${rows})`,
      );
    }
  }
}
