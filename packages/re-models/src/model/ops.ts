import * as tf from "@tensorflow/tfjs-core";

import {
  denseRelu,
  dropout,
  residualLayerNorm as fusedResidualLayerNorm,
  shiftTime,
} from "@biore/tfjs-kernels";

/**
 * Row lookup `table[ids]` with a scatter-add gradient (one op shared with hard-negative-miner),
 * and the zero-filling shift of a [B, T, H] tensor along T (positive = later).
 */
export { gatherRows, shiftTime } from "@biore/tfjs-kernels";

/**
 * `x @ w + b` over the last axis of a 2-D input, then `activation` (default none): one fused
 * kernel (one onnxruntime graph on the `ort` path), not a matMul, an add and a relu over the
 * whole output, in training too (tfjs unfuses `fused.matMul` with relu while recording a
 * gradient; tfjs-kernels' `denseRelu` does not, and masks the gradient in one host pass).
 */
export function dense(
  x: tf.Tensor2D,
  w: tf.Tensor,
  b: tf.Tensor,
  activation?: "relu",
): tf.Tensor2D {
  if (activation === "relu") return denseRelu(x, w as tf.Tensor2D, b);
  return tf.fused.matMul({ a: x, b: w as tf.Tensor2D, bias: b }) as tf.Tensor2D;
}

/**
 * A residual block's end, `layerNorm(x + residual) * rowMask` (epsilon 1e-5; the mask zeroes
 * padding rows): one fused host pass forward and backward on the cpu backend, giving the same
 * numbers as the three ops it replaces; tfjs ops elsewhere.
 */
export function residualLayerNorm(
  x: tf.Tensor,
  residual: tf.Tensor,
  gamma: tf.Tensor,
  beta: tf.Tensor,
  rowMask: tf.Tensor,
): tf.Tensor {
  return fusedResidualLayerNorm(x, residual, gamma, beta, rowMask, 1e-5);
}

/**
 * Dilated convolution with kernel 3 written as one matMul plus shifts:
 * `y[t] = x[t-d] W0 + x[t] W1 + x[t+d] W2 + b`. Its gradients are matMuls,
 * pads and slices, which are fast on every backend (tfjs's conv1d filter
 * gradient is not, on cpu).
 */
export function dilatedConv3(
  x: tf.Tensor3D,
  w: tf.Tensor,
  b: tf.Tensor,
  dilation: number,
): tf.Tensor3D {
  const [batch, time, width] = x.shape;
  const out = (w.shape[1] as number) / 3;
  const projected = tf.matMul(tf.reshape(x, [batch * time, width]), w as tf.Tensor2D);
  const [before, here, after] = tf.split(tf.reshape(projected, [batch, time, 3 * out]), 3, 2) as [
    tf.Tensor3D,
    tf.Tensor3D,
    tf.Tensor3D,
  ];
  return tf.add(
    tf.add(tf.add(shiftTime(before, dilation), here), shiftTime(after, -dilation)),
    b,
  ) as tf.Tensor3D;
}

/**
 * Dropout that is the identity outside training or at rate 0; seeded so runs repeat. `tf.dropout`
 * bit for bit (tfjs-kernels' `dropout`: one host pass each way on the cpu backend).
 */
export function maybeDropout(x: tf.Tensor, rate: number, seed: number | undefined): tf.Tensor {
  if (seed === undefined || rate <= 0) return x;
  return dropout(x, rate, seed);
}
