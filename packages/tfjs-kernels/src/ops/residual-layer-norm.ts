import * as tf from "@tensorflow/tfjs-core";
import { KernelError } from "../errors.js";
import { onnxRuntimeInForce } from "../kernels/register.js";
import type { OnnxRuntime } from "../ort/runtime.js";
import {
  MIN_ORT_ELEMENTS,
  residualLayerNormBackwardGraph,
  residualLayerNormGraph,
} from "../ort/training-graphs.js";
import { float32Of, recordingGradients, useHostLoops } from "./host-path.js";
import { layerNormReference, layerNormRows, layerNormRowsBackward } from "./layer-norm.js";

/**
 * A residual block's closing step: `layerNorm(x + residual) * rowMask` over the last axis
 * (epsilon default 1e-5), with `rowMask` one value per row (shape `[...x.shape[:-1], 1]`, e.g. 1
 * on real tokens and 0 on padding) or absent. Differentiable in `x`, `residual`, `gamma` and
 * `beta`; the mask is a constant (no gradient flows to it).
 *
 * On the cpu backend it is one host pass forward and one backward, rounding as the three ops
 * would (the float32 sum, then {@link layerNorm}'s pass, then the float32 product); as tfjs ops
 * it is an `Add`, the normalization and a `Multiply` forward and the product's gradient backward,
 * each a full-size kernel and array. While a gradient is recorded with onnxruntime in force
 * (`registerFastCpuKernels`), the forward and backward passes are onnxruntime graphs instead
 * (LayerNormalization and vectorized elementwise ops; equal to float32 rounding). Other backends
 * run {@link residualLayerNormReference}.
 */
export function residualLayerNorm<T extends tf.Tensor>(
  x: T,
  residual: tf.Tensor,
  gamma: tf.Tensor,
  beta: tf.Tensor,
  rowMask?: tf.Tensor,
  epsilon = 1e-5,
): T {
  const width = x.shape[x.rank - 1] as number;
  const rows = x.size / Math.max(width, 1);
  if (!tf.util.arraysEqual(x.shape, residual.shape)) {
    throw new KernelError(
      "INVALID_ATTRIBUTE",
      "residualLayerNorm",
      `residual must have x's shape [${x.shape}]; got [${residual.shape}]`,
    );
  }
  if (x.rank < 1 || gamma.size !== width || beta.size !== width) {
    throw new KernelError(
      "INVALID_ATTRIBUTE",
      "residualLayerNorm",
      `gamma and beta must have the last axis's size ${width}; got x [${x.shape}], gamma [${gamma.shape}], beta [${beta.shape}]`,
    );
  }
  if (rowMask && (rowMask.size !== rows || rowMask.shape[rowMask.rank - 1] !== 1)) {
    throw new KernelError(
      "INVALID_ATTRIBUTE",
      "residualLayerNorm",
      `rowMask must hold one value per row of x [${x.shape}] (last axis 1); got [${rowMask.shape}]`,
    );
  }
  if (!useHostLoops())
    return residualLayerNormReference(x, residual, gamma, beta, rowMask, epsilon);
  const mask = rowMask ? float32Of(rowMask) : null;
  if (!recordingGradients()) {
    // inference: one pass, nothing kept for a backward pass
    const y = residualLayerNormRows(
      float32Of(x),
      float32Of(residual),
      float32Of(gamma),
      float32Of(beta),
      mask,
      width,
      epsilon,
    );
    return tf.tensor(y, x.shape, "float32") as T;
  }
  const runtime = onnxRuntimeInForce();
  const op = tf.customGrad(((
    input: tf.Tensor,
    added: tf.Tensor,
    g: tf.Tensor,
    b: tf.Tensor,
    save: (t: tf.Tensor[]) => void,
  ) => {
    save([]);
    const xs = float32Of(input);
    const rs = float32Of(added);
    if (runtime && input.size >= MIN_ORT_ELEMENTS) {
      return residualLayerNormOnnx(runtime, xs, rs, g, b, mask, width, epsilon, input.shape);
    }
    const mixed = new Float32Array(xs.length);
    for (let i = 0; i < xs.length; i++) mixed[i] = (xs[i] as number) + (rs[i] as number);
    const gammaValues = float32Of(g);
    const { y, mean, inverseStd } = layerNormRows(mixed, gammaValues, float32Of(b), width, epsilon);
    if (mask) scaleRows(y, mask, width);
    return {
      value: tf.tensor(y, input.shape, "float32"),
      gradFunc: (dy: tf.Tensor) => {
        let dyValues = float32Of(dy);
        if (mask) {
          dyValues = Float32Array.from(dyValues);
          scaleRows(dyValues, mask, width);
        }
        const grads = layerNormRowsBackward(dyValues, mixed, mean, inverseStd, gammaValues, width);
        const dx = tf.tensor(grads.dx, input.shape, "float32");
        // the sum's gradient reaches both terms unchanged (a clone shares the array)
        return [
          dx,
          tf.clone(dx),
          tf.tensor(grads.dGamma, g.shape, "float32"),
          tf.tensor(grads.dBeta, b.shape, "float32"),
        ];
      },
    };
  }) as unknown as Parameters<typeof tf.customGrad>[0]) as unknown as (
    a: tf.Tensor,
    r: tf.Tensor,
    g: tf.Tensor,
    b: tf.Tensor,
  ) => T;
  return op(x, residual, gamma, beta);
}

/**
 * The recorded op as two onnxruntime graphs (the registration's engine): forward the sum,
 * LayerNormalization and mask, keeping each row's mean and 1/std; backward the gradients from
 * x, residual and those statistics (the sum is recomputed, not kept). Float32 arithmetic
 * throughout, so it matches the host pass to float rounding rather than bit for bit.
 */
function residualLayerNormOnnx(
  runtime: OnnxRuntime,
  xs: Float32Array,
  rs: Float32Array,
  g: tf.Tensor,
  b: tf.Tensor,
  mask: Float32Array | null,
  width: number,
  epsilon: number,
  shape: number[],
): { value: tf.Tensor; gradFunc: (dy: tf.Tensor) => tf.Tensor[] } {
  const rows = xs.length / width;
  const masked = mask !== null;
  const matrix = (data: Float32Array, columns: number) => ({ data, dims: [rows, columns] });
  const gammaValues = float32Of(g);
  const maskFeed: Record<string, { data: Float32Array; dims: number[] }> = mask
    ? { mask: matrix(mask, 1) }
    : {};
  const forward = runtime.runMany(
    `residualLayerNorm masked=${masked} epsilon=${epsilon}`,
    () => residualLayerNormGraph(masked, epsilon),
    {
      x: matrix(xs, width),
      residual: matrix(rs, width),
      gamma: { data: gammaValues, dims: [width] },
      beta: { data: float32Of(b), dims: [width] },
      ...maskFeed,
    },
    { y: null, mean: null, inverse_std: null },
  );
  return {
    value: tf.tensor(forward.y as Float32Array, shape, "float32"),
    gradFunc: (dy: tf.Tensor) => {
      const grads = runtime.runMany(
        `residualLayerNorm backward masked=${masked}`,
        () => residualLayerNormBackwardGraph(masked),
        {
          dy: matrix(float32Of(dy), width),
          x: matrix(xs, width),
          residual: matrix(rs, width),
          mean: matrix(forward.mean as Float32Array, 1),
          inverse_std: matrix(forward.inverse_std as Float32Array, 1),
          gamma: { data: gammaValues, dims: [width] },
          ...maskFeed,
        },
        { dx: null, d_gamma: null, d_beta: null },
      );
      const dx = tf.tensor(grads.dx as Float32Array, shape, "float32");
      return [
        dx,
        tf.clone(dx),
        tf.tensor(grads.d_gamma as Float32Array, g.shape, "float32"),
        tf.tensor(grads.d_beta as Float32Array, b.shape, "float32"),
      ];
    },
  };
}

/** The same block as tfjs ops: add, {@link layerNormReference}, multiply (the tests' reference). */
export function residualLayerNormReference<T extends tf.Tensor>(
  x: T,
  residual: tf.Tensor,
  gamma: tf.Tensor,
  beta: tf.Tensor,
  rowMask?: tf.Tensor,
  epsilon = 1e-5,
): T {
  return tf.tidy(() => {
    const y = layerNormReference(tf.add(x, residual), gamma, beta, epsilon);
    return (rowMask ? tf.mul(y, rowMask) : y) as T;
  });
}

/**
 * The forward pass alone, row by row through one row of scratch: the float32 sum, the same
 * arithmetic as {@link layerNormRows}, then the float32 product by the row's mask value (the
 * numbers of the gradient path, bit for bit, without its full-size sum, mean and 1/std arrays).
 */
export function residualLayerNormRows(
  x: Float32Array,
  residual: Float32Array,
  gamma: Float32Array,
  beta: Float32Array,
  mask: Float32Array | null,
  width: number,
  epsilon: number,
): Float32Array {
  const y = new Float32Array(x.length);
  const mixed = new Float32Array(width);
  const rows = width === 0 ? 0 : x.length / width;
  for (let r = 0; r < rows; r++) {
    const start = r * width;
    let sum = 0;
    for (let c = 0; c < width; c++) {
      const v = Math.fround((x[start + c] as number) + (residual[start + c] as number));
      mixed[c] = v;
      sum += v;
    }
    const mean = sum / width;
    let squares = 0;
    for (let c = 0; c < width; c++) {
      const d = (mixed[c] as number) - mean;
      squares += d * d;
    }
    const inv = 1 / Math.sqrt(squares / width + epsilon);
    const m = mask ? (mask[r] as number) : 1;
    for (let c = 0; c < width; c++) {
      const v = ((mixed[c] as number) - mean) * inv * (gamma[c] as number) + (beta[c] as number);
      y[start + c] = m === 1 ? v : Math.fround(v) * m;
    }
  }
  return y;
}

/** values[r, :] *= mask[r], rounded to float32 as a float32 product is. */
function scaleRows(values: Float32Array, mask: Float32Array, width: number): void {
  for (let r = 0; r < mask.length; r++) {
    const m = mask[r] as number;
    if (m === 1) continue;
    for (let i = r * width; i < (r + 1) * width; i++) values[i] = (values[i] as number) * m;
  }
}
