/**
 * Dot products and squared distances between rows of one flat row-major
 * array, for the host (plain JS) math that packages need outside tfjs kernels.
 * The four-row forms load each value of row `a` once per four results; the
 * sums run in column order, so every form gives the same float64 result.
 */

/** a·b for rows starting at offsets `a` and `b`, `dim` values each. */
export function dot(data: ArrayLike<number>, a: number, b: number, dim: number): number {
  let acc = 0;
  for (let c = 0; c < dim; c++) acc += data[a + c]! * data[b + c]!;
  return acc;
}

/** |a − b|² for rows starting at offsets `a` and `b`. */
export function squaredDistance(
  data: ArrayLike<number>,
  a: number,
  b: number,
  dim: number,
): number {
  let acc = 0;
  for (let c = 0; c < dim; c++) {
    const d = data[a + c]! - data[b + c]!;
    acc += d * d;
  }
  return acc;
}

/** a·b for the four consecutive rows starting at `b` (stride `dim`), into out[0..3]. */
export function dot4(
  data: ArrayLike<number>,
  a: number,
  b: number,
  dim: number,
  out: Float64Array,
): void {
  const b1 = b + dim;
  const b2 = b1 + dim;
  const b3 = b2 + dim;
  let s0 = 0;
  let s1 = 0;
  let s2 = 0;
  let s3 = 0;
  for (let c = 0; c < dim; c++) {
    const x = data[a + c]!;
    s0 += x * data[b + c]!;
    s1 += x * data[b1 + c]!;
    s2 += x * data[b2 + c]!;
    s3 += x * data[b3 + c]!;
  }
  out[0] = s0;
  out[1] = s1;
  out[2] = s2;
  out[3] = s3;
}

/** |a − b|² for the four consecutive rows starting at `b` (stride `dim`), into out[0..3]. */
export function squaredDistance4(
  data: ArrayLike<number>,
  a: number,
  b: number,
  dim: number,
  out: Float64Array,
): void {
  const b1 = b + dim;
  const b2 = b1 + dim;
  const b3 = b2 + dim;
  let s0 = 0;
  let s1 = 0;
  let s2 = 0;
  let s3 = 0;
  for (let c = 0; c < dim; c++) {
    const x = data[a + c]!;
    const d0 = x - data[b + c]!;
    const d1 = x - data[b1 + c]!;
    const d2 = x - data[b2 + c]!;
    const d3 = x - data[b3 + c]!;
    s0 += d0 * d0;
    s1 += d1 * d1;
    s2 += d2 * d2;
    s3 += d3 * d3;
  }
  out[0] = s0;
  out[1] = s1;
  out[2] = s2;
  out[3] = s3;
}
