import { gatherRows } from "@biore/tfjs-kernels";
import * as tf from "@tensorflow/tfjs-core";

/**
 * Wraps `fn` so that it is not differentiated: its ops are not recorded on the gradient tape
 * (tfjs has no gradient for comparisons such as Greater) and its gradient is zero.
 */
export function nonDifferentiable<T extends tf.Tensor>(
  fn: (x: tf.Tensor) => T,
): (x: tf.Tensor) => T {
  const wrapped = tf.customGrad(((x: tf.Tensor, save: (t: tf.Tensor[]) => void) => {
    save([x]);
    return {
      value: fn(x),
      gradFunc: (_dy: tf.Tensor, saved: tf.Tensor[]) => tf.zerosLike(saved[0]!),
    };
  }) as unknown as Parameters<typeof tf.customGrad>[0]);
  return wrapped as unknown as (x: tf.Tensor) => T;
}

const identityNoGrad = nonDifferentiable((x) => tf.clone(x));

/** Identity in the forward pass, zero gradient in the backward pass. */
export function stopGradient<T extends tf.Tensor>(x: T): T {
  return identityNoGrad(x) as T;
}

/** Rows divided by their L2 norm (norm floored at 1e-12 as in torch's `normalize`), safe to differentiate at zero. */
export function l2Normalize(x: tf.Tensor2D): tf.Tensor2D {
  return tf.tidy(() => {
    const sq = tf.sum(tf.square(x), 1, true);
    const norm = tf.sqrt(tf.maximum(sq, 1e-24));
    return tf.div(x, norm) as tf.Tensor2D;
  });
}

/** sqrt with input floored at 1e-30: ~0 with zero gradient at zero distance (self-pairs) instead of NaN. */
export function safeSqrt<T extends tf.Tensor>(x: T): T {
  return tf.tidy(() => tf.sqrt(tf.maximum(x, 1e-30)) as T);
}

/** A float32 [rows, cols] tensor from a host array. */
export function matrixTensor(data: Float32Array, rows: number, cols: number): tf.Tensor2D {
  return tf.tensor2d(data, [rows, cols], "float32");
}

/** Row lookup with a scatter-add gradient (tfjs-cpu's own gather gradient takes minutes on N×M). */
export { gatherRows };

/** Values of `mat` [N, M] at flat positions `rows[i] * M + cols[i]`, as a 1-D tensor. */
export function gatherPairs(mat: tf.Tensor2D, rows: Int32Array, cols: Int32Array): tf.Tensor1D {
  return tf.tidy(() => {
    const m = mat.shape[1];
    const flat = new Int32Array(rows.length);
    for (let i = 0; i < rows.length; i++) flat[i] = rows[i]! * m + cols[i]!;
    return gatherRows(tf.reshape(mat, [-1]) as tf.Tensor1D, flat);
  });
}

/**
 * log(sum over the row's masked entries of exp(x)), plus exp(0) when `addOne`;
 * rows with no masked entry give 0 (pytorch-metric-learning's `logsumexp`). Gradient-safe.
 */
export function maskedLogSumExp(x: tf.Tensor2D, mask: tf.Tensor2D, addOne: boolean): tf.Tensor1D {
  return tf.tidy(() => {
    const keep = tf.cast(mask, "bool");
    const masked = tf.where(keep, x, tf.fill(x.shape, -1e30));
    const rowAny = tf.any(keep, 1);
    let rowMax = stopGradient(tf.max(masked, 1));
    rowMax = tf.where(rowAny, rowMax, tf.zerosLike(rowMax));
    if (addOne) rowMax = tf.maximum(rowMax, 0);
    const shifted = tf.sub(masked, tf.expandDims(rowMax, 1));
    let total = tf.sum(tf.where(keep, tf.exp(shifted), tf.zerosLike(shifted)), 1);
    if (addOne) total = tf.add(total, tf.exp(tf.neg(rowMax)));
    const safeTotal = tf.where(rowAny, total, tf.onesLike(total));
    const out = tf.add(tf.log(safeTotal), rowMax);
    return (addOne ? out : tf.where(rowAny, out, tf.zerosLike(out))) as tf.Tensor1D;
  });
}
