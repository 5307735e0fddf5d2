import * as tf from "@tensorflow/tfjs-core";

/**
 * Distance matrices computed with plain loops on host arrays, for mining on the cpu backend:
 * tfjs-cpu's matMul reads one operand down its columns and is several times slower than
 * contiguous row-by-row dot products. Values only, no gradients (miners never need them).
 */

/** Row-normalized copy (norm floored at 1e-12, as the tensor path). */
export function normalizeHostRows(x: Float32Array, rows: number, d: number): Float32Array {
  const out = new Float32Array(rows * d);
  for (let i = 0; i < rows; i++) {
    let s = 0;
    for (let k = 0; k < d; k++) s += x[i * d + k]! * x[i * d + k]!;
    const inv = 1 / Math.max(Math.sqrt(s), 1e-12);
    for (let k = 0; k < d; k++) out[i * d + k] = x[i * d + k]! * inv;
  }
  return out;
}

/** How one pair of rows is compared. */
export type HostKernel = (
  q: Float32Array,
  qOff: number,
  r: Float32Array,
  rOff: number,
  d: number,
) => number;

/** Dot product of two rows. */
export const hostDot: HostKernel = (q, qo, r, ro, d) => {
  let s = 0;
  for (let k = 0; k < d; k++) s += q[qo + k]! * r[ro + k]!;
  return s;
};

/** Minkowski distance of order p (1, 2, any p >= 1, or Infinity) between two rows, before any power. */
export function hostLp(p: number): HostKernel {
  if (p === 2) {
    return (q, qo, r, ro, d) => {
      let s = 0;
      for (let k = 0; k < d; k++) {
        const diff = q[qo + k]! - r[ro + k]!;
        s += diff * diff;
      }
      return Math.sqrt(s);
    };
  }
  if (p === 1) {
    return (q, qo, r, ro, d) => {
      let s = 0;
      for (let k = 0; k < d; k++) s += Math.abs(q[qo + k]! - r[ro + k]!);
      return s;
    };
  }
  if (p === Infinity) {
    return (q, qo, r, ro, d) => {
      let s = 0;
      for (let k = 0; k < d; k++) s = Math.max(s, Math.abs(q[qo + k]! - r[ro + k]!));
      return s;
    };
  }
  return (q, qo, r, ro, d) => {
    let s = 0;
    for (let k = 0; k < d; k++) s += Math.abs(q[qo + k]! - r[ro + k]!) ** p;
    return s ** (1 / p);
  };
}

/** The [N, M] matrix of `kernel` over rows of q [N, d] and r [M, d]; symmetric fill when q is r. */
export function hostMatrix(
  q: Float32Array,
  r: Float32Array,
  n: number,
  m: number,
  d: number,
  kernel: HostKernel,
  power: number,
): Float32Array {
  const out = new Float32Array(n * m);
  const same = q === r;
  for (let i = 0; i < n; i++) {
    for (let j = same ? i : 0; j < m; j++) {
      let v = kernel(q, i * d, r, j * d, d);
      if (power !== 1) v **= power;
      out[i * m + j] = v;
      if (same) out[j * m + i] = v;
    }
  }
  return out;
}

/** `q r^T` [N, M] as host values, through the cpu backend's (fast, when installed) matMul. */
export function hostGram(
  q: Float32Array,
  r: Float32Array,
  n: number,
  m: number,
  d: number,
): Float32Array {
  const gram = tf.tidy(() =>
    tf.matMul(
      tf.tensor2d(q, [n, d]),
      q === r ? tf.tensor2d(q, [n, d]) : tf.tensor2d(r, [m, d]),
      false,
      true,
    ),
  );
  const values = gram.dataSync() as Float32Array;
  gram.dispose();
  return values;
}

/** Squared L2 norm of each row of x [rows, d]. */
export function hostSquaredNorms(x: Float32Array, rows: number, d: number): Float64Array {
  const out = new Float64Array(rows);
  for (let i = 0; i < rows; i++) {
    let s = 0;
    for (let k = 0; k < d; k++) s += x[i * d + k]! * x[i * d + k]!;
    out[i] = s;
  }
  return out;
}
