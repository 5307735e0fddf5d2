import * as tf from "@tensorflow/tfjs-core";
import { KernelError } from "../errors.js";

/** Options of {@link maskedSoftmaxCrossEntropy}. */
export interface MaskedSoftmaxCrossEntropyOptions {
  /** The logits are `scale * x` (e.g. `1 / temperature`, negative for distances). Default 1. */
  scale?: number;
}

/**
 * Per row i of `x` [N, M]: `-Σ_j targets[i,j] · log softmax(scale · x[i])_j`, the softmax taken
 * over the row's valid entries only (`valid[i*M+j] != 0`; others are ignored, targets included).
 * Rows with no valid entry give 0. Differentiable in `x`.
 *
 * One fused pass over the rows forward and one backward, on host arrays: the same loss written
 * with tfjs ops (scale, max, subtract, mask, exp, sum, log, multiply, sum, and their gradients)
 * makes about twenty full [N, M] temporaries, which dominate contrastive losses on the cpu and
 * wasm backends once the matmul is fast. `targets` and `valid` are row-major host arrays.
 */
export function maskedSoftmaxCrossEntropy(
  x: tf.Tensor2D,
  targets: Float32Array,
  valid: ArrayLike<number>,
  options: MaskedSoftmaxCrossEntropyOptions = {},
): tf.Tensor1D {
  const scale = options.scale ?? 1;
  const [n, m] = x.shape;
  if (x.rank !== 2 || targets.length !== n * m || valid.length !== n * m) {
    throw new KernelError(
      "INVALID_ATTRIBUTE",
      "maskedSoftmaxCrossEntropy",
      `x must be [N, M] with N*M targets and valid flags; got x [${x.shape}], ${targets.length} targets, ${valid.length} flags`,
    );
  }
  if (!Number.isFinite(scale)) {
    throw new KernelError("INVALID_OPTION", "scale", `expected a finite number, got ${scale}`);
  }
  const op = tf.customGrad(((input: tf.Tensor, save: (t: tf.Tensor[]) => void) => {
    save([]);
    const values = input.dataSync() as Float32Array;
    const { loss, exps, rowFactors } = forward(values, targets, valid, n, m, scale);
    return {
      value: tf.tensor1d(loss),
      gradFunc: (dy: tf.Tensor) => {
        const dLoss = dy.dataSync() as Float32Array;
        return tf.tensor2d(backward(exps, targets, valid, rowFactors, dLoss, n, m, scale), [n, m]);
      },
    };
  }) as unknown as Parameters<typeof tf.customGrad>[0]) as unknown as (t: tf.Tensor) => tf.Tensor1D;
  return op(x);
}

/**
 * Row losses; per entry `exp(z - max)` on valid entries (0 elsewhere) and per row the factor
 * `Σ_k t_ik / Σ_valid exp(z - max)` that turns them into the softmax times the target sum.
 */
function forward(
  x: Float32Array,
  targets: Float32Array,
  valid: ArrayLike<number>,
  n: number,
  m: number,
  scale: number,
): { loss: Float32Array; exps: Float32Array; rowFactors: Float64Array } {
  const loss = new Float32Array(n);
  const exps = new Float32Array(n * m);
  const rowFactors = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const row = i * m;
    let max = Number.NEGATIVE_INFINITY;
    for (let j = row; j < row + m; j++) {
      if (valid[j] !== 0) {
        const z = scale * (x[j] as number);
        if (z > max) max = z;
      }
    }
    if (max === Number.NEGATIVE_INFINITY) continue; // no valid entry: loss 0, gradient 0
    let sum = 0;
    let tSum = 0;
    let tz = 0;
    for (let j = row; j < row + m; j++) {
      if (valid[j] === 0) continue;
      const z = scale * (x[j] as number) - max;
      const e = Math.exp(z);
      exps[j] = e;
      sum += e;
      const t = targets[j] as number;
      tSum += t;
      tz += t * z;
    }
    // Σ_j t_j (lse - z_j) with lse = max + log(sum), z_j = max + (z_j - max)
    loss[i] = tSum * Math.log(sum) - tz;
    rowFactors[i] = tSum / sum;
  }
  return { loss, exps, rowFactors };
}

/** d loss_i / d x_ij = dy_i · scale · (softmax_ij · Σ_k t_ik − t_ij) on valid entries, 0 elsewhere. */
function backward(
  exps: Float32Array,
  targets: Float32Array,
  valid: ArrayLike<number>,
  rowFactors: Float64Array,
  dLoss: Float32Array,
  n: number,
  m: number,
  scale: number,
): Float32Array {
  const dx = new Float32Array(n * m);
  for (let i = 0; i < n; i++) {
    const g = (dLoss[i] as number) * scale;
    const factor = rowFactors[i] as number;
    if (g === 0 || factor === 0) continue;
    const row = i * m;
    for (let j = row; j < row + m; j++) {
      if (valid[j] !== 0) dx[j] = g * ((exps[j] as number) * factor - (targets[j] as number));
    }
  }
  return dx;
}
