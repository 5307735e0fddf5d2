import * as tf from "@tensorflow/tfjs-core";
import { KernelError } from "../errors.js";

/** Options of {@link gatheredRowDistances}. */
export interface GatheredRowDistancesOptions {
  /** Compare the rows after dividing each by its L2 norm (floored at 1e-12). Default false. */
  normalize?: boolean;
  /** Squared distances (no square root). Default false. */
  squared?: boolean;
}

/** Squared distances below this count as 0 under the root (zero gradient there, not NaN). */
const MIN_SQUARED = 1e-30;
const MIN_NORM = 1e-12;

/**
 * `‖x[rows[k]] − y[cols[k]]‖₂` for every k (squared with `squared`, of normalized rows with
 * `normalize`), differentiable in `x` and `y` (pass the same tensor twice for distances within
 * one set). One host pass over the K pairs forward and one backward scatter-adding into the
 * rows, O(K·D), where the same written with tfjs ops (two gathers, subtract, square, sum, sqrt
 * and their gradients, with a scatter per gather) makes a dozen [K, D] temporaries. Reads its
 * inputs on the host: for the cpu backend.
 */
export function gatheredRowDistances(
  x: tf.Tensor2D,
  y: tf.Tensor2D,
  rows: Int32Array,
  cols: Int32Array,
  options: GatheredRowDistancesOptions = {},
): tf.Tensor1D {
  const normalize = options.normalize ?? false;
  const squared = options.squared ?? false;
  if (x.rank !== 2 || y.rank !== 2 || x.shape[1] !== y.shape[1] || rows.length !== cols.length) {
    throw new KernelError(
      "INVALID_ATTRIBUTE",
      "gatheredRowDistances",
      `x [N, D] and y [M, D] with as many rows as cols; got x [${x.shape}], y [${y.shape}], ${rows.length} rows, ${cols.length} cols`,
    );
  }
  const [n, d] = x.shape;
  const m = y.shape[0];
  checkIndices(rows, n, "rows");
  checkIndices(cols, m, "cols");
  const same = x === y;
  // one set (x is y): one input, so the gradient is scatter-added into one buffer instead of
  // two that tfjs would then add
  const body = (a: tf.Tensor, b: tf.Tensor, save: (t: tf.Tensor[]) => void) => {
    save([]);
    const xv = a.dataSync() as Float32Array;
    const yv = same ? xv : (b.dataSync() as Float32Array);
    const xInv = normalize ? inverseNorms(xv, n, d) : null;
    const yInv = same ? xInv : normalize ? inverseNorms(yv, m, d) : null;
    const k = rows.length;
    const dist = new Float32Array(k);
    const sq = new Float64Array(k);
    for (let t = 0; t < k; t++) {
      const xo = rows[t]! * d;
      const yo = cols[t]! * d;
      const sx = xInv ? xInv[rows[t]!]! : 1;
      const sy = yInv ? yInv[cols[t]!]! : 1;
      let s = 0;
      for (let c = 0; c < d; c++) {
        const diff = xv[xo + c]! * sx - yv[yo + c]! * sy;
        s += diff * diff;
      }
      sq[t] = s;
      dist[t] = squared ? s : Math.sqrt(Math.max(s, MIN_SQUARED));
    }
    return {
      value: tf.tensor1d(dist),
      gradFunc: (dy: tf.Tensor) => {
        const g = dy.dataSync() as Float32Array;
        // gradients with respect to the (normalized) rows, scatter-added
        const gx = new Float32Array(n * d);
        const gy = same ? gx : new Float32Array(m * d);
        for (let t = 0; t < k; t++) {
          const s = sq[t]!;
          const coef = squared ? 2 * g[t]! : s > MIN_SQUARED ? g[t]! / Math.sqrt(s) : 0;
          if (coef === 0) continue;
          const xo = rows[t]! * d;
          const yo = cols[t]! * d;
          const sx = xInv ? xInv[rows[t]!]! : 1;
          const sy = yInv ? yInv[cols[t]!]! : 1;
          for (let c = 0; c < d; c++) {
            const diff = coef * (xv[xo + c]! * sx - yv[yo + c]! * sy);
            gx[xo + c]! += diff;
            gy[yo + c]! -= diff;
          }
        }
        if (xInv) throughNormalization(gx, xv, xInv, n, d);
        if (same) return [tf.tensor2d(gx, [n, d])];
        if (yInv) throughNormalization(gy, yv, yInv, m, d);
        return [tf.tensor2d(gx, [n, d]), tf.tensor2d(gy, [m, d])];
      },
    };
  };
  if (same) {
    const one = tf.customGrad(((a: tf.Tensor, save: (t: tf.Tensor[]) => void) =>
      body(a, a, save)) as unknown as Parameters<typeof tf.customGrad>[0]) as unknown as (
      a: tf.Tensor,
    ) => tf.Tensor1D;
    return one(x);
  }
  const two = tf.customGrad(body as unknown as Parameters<typeof tf.customGrad>[0]) as unknown as (
    a: tf.Tensor,
    b: tf.Tensor,
  ) => tf.Tensor1D;
  return two(x, y);
}

function checkIndices(indices: Int32Array, limit: number, name: string): void {
  for (let i = 0; i < indices.length; i++) {
    const v = indices[i]!;
    if (!(v >= 0 && v < limit)) {
      throw new KernelError("INVALID_INDICES", name, `index ${v} at ${i} outside [0, ${limit})`);
    }
  }
}

function inverseNorms(v: Float32Array, rows: number, d: number): Float64Array {
  const inv = new Float64Array(rows);
  for (let i = 0; i < rows; i++) {
    let s = 0;
    for (let c = i * d, end = c + d; c < end; c++) s += v[c]! * v[c]!;
    inv[i] = 1 / Math.max(Math.sqrt(s), MIN_NORM);
  }
  return inv;
}

/** In place: g (with respect to x/|x|) becomes the gradient with respect to x. */
function throughNormalization(
  g: Float32Array,
  v: Float32Array,
  inv: Float64Array,
  rows: number,
  d: number,
): void {
  for (let i = 0; i < rows; i++) {
    const scale = inv[i]!;
    const o = i * d;
    let dot = 0;
    // a floored norm is a constant: only the division's gradient remains
    if (scale !== 1 / MIN_NORM) for (let c = 0; c < d; c++) dot += v[o + c]! * scale * g[o + c]!;
    if (dot === 0 && scale === 1) continue;
    for (let c = 0; c < d; c++) g[o + c] = (g[o + c]! - v[o + c]! * scale * dot) * scale;
  }
}
