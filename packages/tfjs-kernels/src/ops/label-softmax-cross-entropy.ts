import * as tf from "@tensorflow/tfjs-core";
import { KernelError } from "../errors.js";
import { fastExp } from "./fast-exp.js";

/** Options of {@link labelSoftmaxCrossEntropy}. */
export interface LabelSoftmaxCrossEntropyOptions {
  /** The logits are `scale * x` (e.g. `1 / temperature`, negative for distances). Default 1. */
  scale?: number;
  /**
   * `exclude[i]` is a column row i never sees (its own copy in a self-similarity matrix), or -1.
   * Default: none excluded.
   */
  exclude?: Int32Array | null;
}

/**
 * Per row i of `x` [N, M]: `-(1/P_i) Σ_{j: colLabels[j] = rowLabels[i]} log softmax(scale · x[i])_j`,
 * the softmax over every column but `exclude[i]`, P_i the number of same-label columns (rows
 * with none give 0). This is the supervised contrastive loss (Khosla et al. 2020) of a
 * similarity matrix; differentiable in `x`.
 *
 * The same as {@link maskedSoftmaxCrossEntropy} with targets spread over same-label columns,
 * but the masks are never built: labels are compared inside the row pass, and the forward pass
 * keeps its exps for the backward pass, which turns them into the gradient in place: one
 * [N, M] host array in all, instead of four masks, the softmax and the gradient.
 */
export function labelSoftmaxCrossEntropy(
  x: tf.Tensor2D,
  rowLabels: Int32Array,
  colLabels: Int32Array,
  options: LabelSoftmaxCrossEntropyOptions = {},
): tf.Tensor1D {
  const scale = options.scale ?? 1;
  const exclude = options.exclude ?? null;
  const [n, m] = x.shape;
  if (
    x.rank !== 2 ||
    rowLabels.length !== n ||
    colLabels.length !== m ||
    (exclude !== null && exclude.length !== n)
  ) {
    throw new KernelError(
      "INVALID_ATTRIBUTE",
      "labelSoftmaxCrossEntropy",
      `x must be [N, M] with N row labels, M column labels and N exclusions; got x [${x.shape}], ${rowLabels.length} row labels, ${colLabels.length} column labels${exclude ? `, ${exclude.length} exclusions` : ""}`,
    );
  }
  if (!Number.isFinite(scale)) {
    throw new KernelError("INVALID_OPTION", "scale", `expected a finite number, got ${scale}`);
  }
  const op = tf.customGrad(((input: tf.Tensor, save: (t: tf.Tensor[]) => void) => {
    save([]);
    const values = input.dataSync() as Float32Array;
    const exps = new Float32Array(n * m);
    const rows = labelSoftmaxRows(values, rowLabels, colLabels, exclude, m, scale, exps);
    return {
      value: tf.tensor1d(rows.loss),
      gradFunc: (dy: tf.Tensor) =>
        tf.tensor2d(
          backward(rows, dy.dataSync() as Float32Array, rowLabels, colLabels, exclude, m, scale),
          [n, m],
        ),
    };
  }) as unknown as Parameters<typeof tf.customGrad>[0]) as unknown as (t: tf.Tensor) => tf.Tensor1D;
  return op(x);
}

/** What the forward pass leaves for the backward pass. */
export interface LabelSoftmaxRows {
  readonly loss: Float32Array;
  /** `exp(z − max)` per seen entry (0 on the excluded one and on rows without targets). */
  readonly exps: Float32Array;
  /** Per row: 1 / Σ exps, and 1 / P (0 when the row has no same-label column). */
  readonly invSum: Float64Array;
  readonly share: Float64Array;
}

/**
 * Row losses of {@link labelSoftmaxCrossEntropy} with z = scale · x [N, M], the exps written
 * to `exps` (which may be `x` itself: each entry is read before it is overwritten); the
 * softmax itself is finished in the backward pass.
 */
export function labelSoftmaxRows(
  x: Float32Array,
  rowLabels: Int32Array,
  colLabels: Int32Array,
  exclude: Int32Array | null,
  m: number,
  scale: number,
  exps: Float32Array,
): LabelSoftmaxRows {
  const n = rowLabels.length;
  const loss = new Float32Array(n);
  const invSum = new Float64Array(n);
  const share = new Float64Array(n);
  const columnsOf = columnsByLabel(colLabels);
  const none = new Int32Array(0);
  for (let i = 0; i < n; i++) {
    const row = i * m;
    const end = row + m;
    const label = rowLabels[i] as number;
    const same = columnsOf.get(label) ?? none;
    const skipColumn = exclude === null ? -1 : (exclude[i] as number);
    // the row runs in two stretches around its excluded entry: no per-entry test for it
    const skip = skipColumn < 0 ? end : row + skipColumn;
    const count = same.length - (skipColumn >= 0 && colLabels[skipColumn] === label ? 1 : 0);
    if (count === 0) {
      exps.fill(0, row, end); // no target: loss 0, gradient 0
      continue;
    }
    let max = Number.NEGATIVE_INFINITY;
    for (let k = row; k < skip; k++) {
      const z = scale * (x[k] as number);
      if (z > max) max = z;
    }
    for (let k = skip + 1; k < end; k++) {
      const z = scale * (x[k] as number);
      if (z > max) max = z;
    }
    // the same-label logits, read before the exps overwrite x when they share its buffer
    let posZ = 0;
    for (let c = 0; c < same.length; c++) {
      const k = row + (same[c] as number);
      if (k !== skip) posZ += scale * (x[k] as number) - max;
    }
    let sum = 0;
    for (let k = row; k < skip; k++) {
      const e = fastExp(scale * (x[k] as number) - max);
      exps[k] = e;
      sum += e;
    }
    if (skip < end) exps[skip] = 0;
    for (let k = skip + 1; k < end; k++) {
      const e = fastExp(scale * (x[k] as number) - max);
      exps[k] = e;
      sum += e;
    }
    // Σ_j t_j (lse − z_j) with t_j = 1/P on same-label columns and lse = log(sum) after the shift
    loss[i] = Math.log(sum) - posZ / count;
    invSum[i] = 1 / sum;
    share[i] = 1 / count;
  }
  return { loss, exps, invSum, share };
}

/** The columns of each label, ascending. */
export function columnsByLabel(labels: Int32Array): Map<number, Int32Array> {
  const counts = new Map<number, number>();
  for (let j = 0; j < labels.length; j++) counts.set(labels[j]!, (counts.get(labels[j]!) ?? 0) + 1);
  const columns = new Map<number, Int32Array>();
  for (const [label, count] of counts) columns.set(label, new Int32Array(count));
  const filled = new Map<number, number>();
  for (let j = 0; j < labels.length; j++) {
    const at = filled.get(labels[j]!) ?? 0;
    columns.get(labels[j]!)![at] = j;
    filled.set(labels[j]!, at + 1);
  }
  return columns;
}

/**
 * d loss_i / d x_ij = dy_i · scale · (softmax_ij − [same label, seen]/P_i), written over the
 * forward pass's exps (tfjs runs a backward pass once, so the buffer is free to reuse).
 */
function backward(
  rows: LabelSoftmaxRows,
  dLoss: Float32Array,
  rowLabels: Int32Array,
  colLabels: Int32Array,
  exclude: Int32Array | null,
  m: number,
  scale: number,
): Float32Array {
  const { exps: dx, invSum, share } = rows;
  for (let i = 0; i < dLoss.length; i++) {
    const row = i * m;
    const g = (dLoss[i] as number) * scale;
    const p = g * (invSum[i] as number);
    const t = g * (share[i] as number);
    const label = rowLabels[i] as number;
    const skip = exclude === null || (exclude[i] as number) < 0 ? -1 : row + (exclude[i] as number);
    for (let k = row, j = 0; j < m; j++, k++) {
      const v = p * (dx[k] as number);
      dx[k] = colLabels[j] === label && k !== skip ? v - t : v;
    }
  }
  return dx;
}
