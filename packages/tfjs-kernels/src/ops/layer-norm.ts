import * as tf from "@tensorflow/tfjs-core";
import { KernelError } from "../errors.js";
import { float32Of, useHostLoops } from "./host-path.js";

/**
 * Layer normalization over the last axis: `(x - mean) / sqrt(variance + epsilon) * gamma + beta`,
 * with `gamma` and `beta` of the last axis's size. Differentiable in all three.
 *
 * On the cpu backend it is one host pass forward and one backward; written with tfjs ops it is
 * about eight kernels forward and twenty backward over the whole `x` (moments, broadcasts and
 * the reductions of their gradients), which dominate a small model's step there. Other backends
 * run {@link layerNormReference}.
 */
export function layerNorm<T extends tf.Tensor>(
  x: T,
  gamma: tf.Tensor,
  beta: tf.Tensor,
  epsilon = 1e-5,
): T {
  const width = x.shape[x.rank - 1] as number;
  if (x.rank < 1 || gamma.size !== width || beta.size !== width) {
    throw new KernelError(
      "INVALID_ATTRIBUTE",
      "layerNorm",
      `gamma and beta must have the last axis's size ${width}; got x [${x.shape}], gamma [${gamma.shape}], beta [${beta.shape}]`,
    );
  }
  if (!useHostLoops()) return layerNormReference(x, gamma, beta, epsilon);
  const op = tf.customGrad(((
    input: tf.Tensor,
    g: tf.Tensor,
    b: tf.Tensor,
    save: (t: tf.Tensor[]) => void,
  ) => {
    save([]);
    const xValues = float32Of(input);
    const gammaValues = float32Of(g);
    const { y, mean, inverseStd } = layerNormRows(
      xValues,
      gammaValues,
      float32Of(b),
      width,
      epsilon,
    );
    return {
      value: tf.tensor(y, input.shape, "float32"),
      gradFunc: (dy: tf.Tensor) => {
        const grads = layerNormRowsBackward(
          float32Of(dy),
          xValues,
          mean,
          inverseStd,
          gammaValues,
          width,
        );
        return [
          tf.tensor(grads.dx, input.shape, "float32"),
          tf.tensor(grads.dGamma, g.shape, "float32"),
          tf.tensor(grads.dBeta, b.shape, "float32"),
        ];
      },
    };
  }) as unknown as Parameters<typeof tf.customGrad>[0]) as unknown as (
    a: tf.Tensor,
    g: tf.Tensor,
    b: tf.Tensor,
  ) => T;
  return op(x, gamma, beta);
}

/** The same normalization written with tfjs ops (what non-cpu backends run; the tests' reference). */
export function layerNormReference<T extends tf.Tensor>(
  x: T,
  gamma: tf.Tensor,
  beta: tf.Tensor,
  epsilon = 1e-5,
): T {
  return tf.tidy(() => {
    const { mean, variance } = tf.moments(x, -1, true);
    return tf.add(
      tf.mul(tf.div(tf.sub(x, mean), tf.sqrt(tf.add(variance, epsilon))), gamma),
      beta,
    ) as T;
  });
}

/** y per row, and each row's mean and 1/std (the backward pass recomputes the normalized x). */
export function layerNormRows(
  x: Float32Array,
  gamma: Float32Array,
  beta: Float32Array,
  width: number,
  epsilon: number,
): { y: Float32Array; mean: Float64Array; inverseStd: Float64Array } {
  const rows = x.length / width;
  const y = new Float32Array(x.length);
  const means = new Float64Array(rows);
  const inverseStd = new Float64Array(rows);
  for (let r = 0; r < rows; r++) {
    const start = r * width;
    const end = start + width;
    let sum = 0;
    for (let i = start; i < end; i++) sum += x[i] as number;
    const mean = sum / width;
    let squares = 0;
    for (let i = start; i < end; i++) {
      const d = (x[i] as number) - mean;
      squares += d * d;
    }
    const inv = 1 / Math.sqrt(squares / width + epsilon);
    means[r] = mean;
    inverseStd[r] = inv;
    for (let i = start, c = 0; i < end; i++, c++) {
      y[i] = ((x[i] as number) - mean) * inv * (gamma[c] as number) + (beta[c] as number);
    }
  }
  return { y, mean: means, inverseStd };
}

/**
 * With n = normalized x and g = dy * gamma per row: dx = inv * (g - mean(g) - n * mean(g * n));
 * dGamma = Σ_rows dy * n; dBeta = Σ_rows dy.
 */
export function layerNormRowsBackward(
  dy: Float32Array,
  x: Float32Array,
  means: Float64Array,
  inverseStd: Float64Array,
  gamma: Float32Array,
  width: number,
): { dx: Float32Array; dGamma: Float32Array; dBeta: Float32Array } {
  const rows = dy.length / width;
  const dx = new Float32Array(dy.length);
  const dGamma = new Float64Array(width);
  const dBeta = new Float64Array(width);
  for (let r = 0; r < rows; r++) {
    const start = r * width;
    const end = start + width;
    const mean = means[r] as number;
    const inv = inverseStd[r] as number;
    let sumG = 0;
    let sumGn = 0;
    for (let i = start, c = 0; i < end; i++, c++) {
      const d = dy[i] as number;
      const n = ((x[i] as number) - mean) * inv;
      dGamma[c] = (dGamma[c] as number) + d * n;
      dBeta[c] = (dBeta[c] as number) + d;
      const g = d * (gamma[c] as number);
      sumG += g;
      sumGn += g * n;
    }
    const meanG = sumG / width;
    const meanGn = sumGn / width;
    for (let i = start, c = 0; i < end; i++, c++) {
      const n = ((x[i] as number) - mean) * inv;
      dx[i] = inv * ((dy[i] as number) * (gamma[c] as number) - meanG - n * meanGn);
    }
  }
  return { dx, dGamma: Float32Array.from(dGamma), dBeta: Float32Array.from(dBeta) };
}
