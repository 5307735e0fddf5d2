import * as tf from "@tensorflow/tfjs-core";
import { KernelError } from "../errors.js";
import { float32Of } from "./host-path.js";
import { type LabelSoftmaxRows, labelSoftmaxRows } from "./label-softmax-cross-entropy.js";

/** Options of {@link selfSimilaritySoftmaxCrossEntropy}. */
export interface SelfSimilaritySoftmaxCrossEntropyOptions {
  /** The logits are `scale · x xᵀ` (e.g. `1 / temperature`). Default 1. */
  scale?: number;
}

/** Side of the square tiles the backward pass symmetrizes at a time (two 16 KB tiles). */
const TILE = 64;

/**
 * The supervised contrastive (SupCon) rows of a batch against itself:
 * `labelSoftmaxCrossEntropy(x xᵀ, labels, labels, { scale, exclude: i ↦ i })` (each row's own
 * column excluded), differentiable in `x` [N, D] (e.g. L2-normalized embeddings).
 *
 * Faster than that composition because the similarity matrix S = x xᵀ is symmetric: its
 * gradient dS reaches x as (dS + dSᵀ) x, one matMul instead of the two (and the sum) of
 * matMul's own gradient, and dS + dSᵀ is written tile by tile over the forward pass's buffer.
 * S itself is computed with `tf.matMul` (onnxruntime's when registered), read once and turned
 * into the softmax's exps in place: one [N, N] host array in all, forward and backward.
 */
export function selfSimilaritySoftmaxCrossEntropy(
  x: tf.Tensor2D,
  labels: Int32Array,
  options: SelfSimilaritySoftmaxCrossEntropyOptions = {},
): tf.Tensor1D {
  const scale = options.scale ?? 1;
  const n = x.shape[0];
  if (x.rank !== 2 || labels.length !== n) {
    throw new KernelError(
      "INVALID_ATTRIBUTE",
      "selfSimilaritySoftmaxCrossEntropy",
      `x must be [N, D] with N labels; got x [${x.shape}], ${labels.length} labels`,
    );
  }
  if (!Number.isFinite(scale)) {
    throw new KernelError("INVALID_OPTION", "scale", `expected a finite number, got ${scale}`);
  }
  const self = new Int32Array(n);
  for (let i = 0; i < n; i++) self[i] = i;
  const op = tf.customGrad(((input: tf.Tensor2D, save: (t: tf.Tensor[]) => void) => {
    save([input]);
    const gram = tf.matMul(input, input, false, true);
    // a fresh product that nothing else holds: its values become the exps, then the gradient
    const values = float32Of(gram);
    gram.dispose();
    const rows = labelSoftmaxRows(values, labels, labels, self, n, scale, values);
    return {
      value: tf.tensor1d(rows.loss),
      gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
        const g = symmetricGradient(rows, dy.dataSync() as Float32Array, labels, scale);
        return tf.tidy(() => tf.matMul(tf.tensor2d(g, [n, n]), saved[0] as tf.Tensor2D));
      },
    };
  }) as unknown as Parameters<typeof tf.customGrad>[0]) as unknown as (
    t: tf.Tensor2D,
  ) => tf.Tensor1D;
  return op(x);
}

/**
 * dS + dSᵀ over the exps, in place, with dS_ij = dy_i · scale · (softmax_ij − [same label,
 * i ≠ j] / P_i) (the diagonal's exps are 0: it was excluded). Tiles (I, J) and (J, I) are
 * read and written together, so the transposed reads stay in cache.
 */
function symmetricGradient(
  rows: LabelSoftmaxRows,
  dLoss: Float32Array,
  labels: Int32Array,
  scale: number,
): Float32Array {
  const { exps: e, invSum, share } = rows;
  const n = labels.length;
  const p = new Float64Array(n); // dy_i · scale / Σ exps
  const t = new Float64Array(n); // dy_i · scale / P_i
  for (let i = 0; i < n; i++) {
    const g = (dLoss[i] as number) * scale;
    p[i] = g * (invSum[i] as number);
    t[i] = g * (share[i] as number);
  }
  for (let i0 = 0; i0 < n; i0 += TILE) {
    const i1 = Math.min(i0 + TILE, n);
    for (let j0 = i0; j0 < n; j0 += TILE) {
      const j1 = Math.min(j0 + TILE, n);
      for (let i = i0; i < i1; i++) {
        const pi = p[i] as number;
        const ti = t[i] as number;
        const li = labels[i] as number;
        // on a diagonal tile only j ≥ i: each pair once, (i, i) included (twice its 0)
        for (let j = j0 === i0 ? i : j0; j < j1; j++) {
          const ij = i * n + j;
          const ji = j * n + i;
          let a = pi * (e[ij] as number);
          let b = (p[j] as number) * (e[ji] as number);
          if (labels[j] === li && i !== j) {
            a -= ti;
            b -= t[j] as number;
          }
          const sum = a + b;
          e[ij] = sum;
          e[ji] = sum;
        }
      }
    }
  }
  return e;
}
