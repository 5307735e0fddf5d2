import * as tf from "@tensorflow/tfjs-core";
import { KernelError } from "../errors.js";
import { float32Of } from "./host-path.js";
import { fastExp } from "./fast-exp.js";
import {
  columnsByLabel,
  type LabelSoftmaxRows,
  labelSoftmaxRows,
} from "./label-softmax-cross-entropy.js";

/**
 * The forward pass's rows. With `upper`, the exps are symmetric (one shift for every row) and
 * only the upper triangle holds them; without, every row holds its own.
 */
interface SelfSoftmaxRows extends LabelSoftmaxRows {
  readonly upper: boolean;
}

/** Options of {@link selfSimilaritySoftmaxCrossEntropy}. */
export interface SelfSimilaritySoftmaxCrossEntropyOptions {
  /** The logits are `scale · x xᵀ` (e.g. `1 / temperature`). Default 1. */
  scale?: number;
}

/** Side of the square tiles both passes take at a time (two 16 KB tiles, in cache together). */
const TILE = 64;
/**
 * Largest gap between the shared shift and a row's maximum for the symmetric exps: a softmax
 * entry above 1e-12 then comes from a stored exp above e^-50 · 1e-12 ≈ 2e-34, a normal float32
 * (no precision lost to denormals).
 */
const MAX_SHIFT_GAP = 50;

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
    const rows = symmetricSoftmaxRows(values, float32Of(input), labels, scale) ?? {
      ...labelSoftmaxRows(values, labels, labels, self, n, scale, values),
      upper: false,
    };
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
 * {@link labelSoftmaxRows} of the symmetric S = x xᵀ (values, [N, N], overwritten) with half the
 * exps and no pass for the row maxima: the softmax shift may be any constant per row, so every
 * row takes the same one, a bound on every logit (|S_ij| ≤ max_k S_kk, Cauchy–Schwarz). The
 * exps are then symmetric: one per pair {i, j}, kept in the upper triangle only. Row j reads S_ij
 * for S_ji: the same bits from tfjs's, the JS and onnxruntime's matMul (x xᵀ measured bitwise
 * symmetric at 1024 × 128), float rounding at worst elsewhere. Null (nothing written) when some
 * row's logits may sit too far below the bound (checked against the row mean, which the maximum
 * is at least), or are not finite: the row-by-row pass then takes its own maxima.
 */
function symmetricSoftmaxRows(
  values: Float32Array,
  x: Float32Array,
  labels: Int32Array,
  scale: number,
): SelfSoftmaxRows | null {
  const n = labels.length;
  const d = x.length / n;
  if (n < 2) return null;
  let diagonal = 0;
  for (let i = 0; i < n; i++) diagonal = Math.max(diagonal, values[i * n + i] as number);
  const shift = Math.abs(scale) * diagonal;
  // row i's mean logit: scale · (x_i · Σ_j x_j − S_ii) / (N − 1), in O(N·D)
  const total = new Float64Array(d);
  for (let i = 0; i < n; i++) for (let c = 0; c < d; c++) total[c]! += x[i * d + c] as number;
  for (let i = 0; i < n; i++) {
    let dot = 0;
    for (let c = 0; c < d; c++) dot += (x[i * d + c] as number) * (total[c] as number);
    const mean = (scale * (dot - (values[i * n + i] as number))) / (n - 1);
    if (!(shift - mean <= MAX_SHIFT_GAP)) return null;
  }
  const columnsOf = columnsByLabel(labels);
  const loss = new Float32Array(n);
  const invSum = new Float64Array(n);
  const share = new Float64Array(n);
  const count = new Int32Array(n);
  const posZ = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const same = columnsOf.get(labels[i] as number) as Int32Array;
    count[i] = same.length - 1; // its own column is always a same-label one
    if (count[i] === 0) continue; // no positive: loss 0, gradient 0 (share stays 0)
    let p = 0;
    for (let c = 0; c < same.length; c++) {
      const j = same[c] as number;
      if (j !== i) p += scale * (values[i * n + j] as number) - shift;
    }
    posZ[i] = p;
    share[i] = 1 / (count[i] as number);
  }
  const sum = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let rowSum = 0;
    for (let j = i + 1, k = i * n + i + 1; j < n; j++, k++) {
      const e = fastExp(scale * (values[k] as number) - shift);
      values[k] = e;
      rowSum += e;
      sum[j]! += e;
    }
    sum[i]! += rowSum;
  }
  for (let i = 0; i < n; i++) {
    if (share[i] === 0) continue;
    const s = sum[i] as number;
    loss[i] = Math.log(s) - (posZ[i] as number) / (count[i] as number);
    invSum[i] = 1 / s;
  }
  return { loss, exps: values, invSum, share, upper: true };
}

/**
 * dS + dSᵀ over the exps, in place, with dS_ij = dy_i · scale · (softmax_ij − [same label,
 * i ≠ j] / P_i) (the diagonal was excluded: 0). Each pair {i, j} is read once and written to
 * both places, tiles (I, J) and (J, I) together so that the transposed writes stay in cache.
 */
function symmetricGradient(
  rows: SelfSoftmaxRows,
  dLoss: Float32Array,
  labels: Int32Array,
  scale: number,
): Float32Array {
  const { exps: e, invSum, share, upper } = rows;
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
        const start = j0 === i0 ? i + 1 : j0;
        for (let j = start, ij = i * n + start, ji = start * n + i; j < j1; j++, ij++, ji += n) {
          const eij = e[ij] as number;
          // row j's exp at column i: its own, or the same as row i's (symmetric exps)
          let b = (p[j] as number) * (upper ? eij : (e[ji] as number));
          let a = pi * eij;
          if (labels[j] === li) {
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
  for (let i = 0; i < n; i++) e[i * n + i] = 0;
  return e;
}
