import * as tf from "@tensorflow/tfjs-core";
import { KernelError } from "../errors.js";

/** Row norms below this are raised to it (as torch's `normalize`), so zero rows stay finite. */
const MIN_NORM = 1e-12;

/**
 * Each row of `x` [N, D] divided by its L2 norm (floored at 1e-12), differentiable: one host
 * pass forward and one backward, instead of square, sum, max, sqrt, divide and their five
 * gradients as tfjs ops (each a full [N, D] temporary on the cpu backend). Same values and
 * gradient as `x / sqrt(max(Σ x², 1e-24))`. Reads `x` on the host: for the cpu backend.
 */
export function l2NormalizeRows(x: tf.Tensor2D): tf.Tensor2D {
  if (x.rank !== 2) {
    throw new KernelError(
      "INVALID_ATTRIBUTE",
      "l2NormalizeRows",
      `x must be [N, D]; got [${x.shape}]`,
    );
  }
  const [n, d] = x.shape;
  const op = tf.customGrad(((input: tf.Tensor, save: (t: tf.Tensor[]) => void) => {
    save([]);
    const values = input.dataSync() as Float32Array;
    const out = new Float32Array(n * d);
    const inv = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      let s = 0;
      for (let k = i * d, end = k + d; k < end; k++) s += (values[k] as number) ** 2;
      inv[i] = 1 / Math.max(Math.sqrt(s), MIN_NORM);
      for (let k = i * d, end = k + d; k < end; k++) out[k] = (values[k] as number) * inv[i]!;
    }
    return {
      value: tf.tensor2d(out, [n, d]),
      // d/dx of x/|x| applied to g: (g − y (y·g)) / |x|; a floored norm is a constant: g / 1e-12
      gradFunc: (dy: tf.Tensor) => {
        const g = dy.dataSync() as Float32Array;
        const dx = new Float32Array(n * d);
        for (let i = 0; i < n; i++) {
          const scale = inv[i] as number;
          const floored = scale === 1 / MIN_NORM;
          let dot = 0;
          if (!floored)
            for (let k = i * d, end = k + d; k < end; k++)
              dot += (out[k] as number) * (g[k] as number);
          for (let k = i * d, end = k + d; k < end; k++)
            dx[k] = ((g[k] as number) - (out[k] as number) * dot) * scale;
        }
        return tf.tensor2d(dx, [n, d]);
      },
    };
  }) as unknown as Parameters<typeof tf.customGrad>[0]) as unknown as (t: tf.Tensor) => tf.Tensor2D;
  return op(x);
}
