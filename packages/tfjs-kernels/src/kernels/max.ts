import { forEachReducedRow, reducedSize, reductionKernel } from "./reduce-sum.js";

/**
 * One-pass replacement for the cpu `Max` on float32 (log-sum-exp shifts over tokens and mentions).
 * tfjs first transposes the reduced axes to the end, element by element, whenever they are not
 * innermost. NaN wins as in tfjs. Other dtypes go to the original.
 */
export const maxKernel = reductionKernel("Max", "reductionIndices", maxOverAxes);

/** Maximum of `values` (row-major, `shape`) over `axes`, walking the input once in order. */
export function maxOverAxes(
  values: Float32Array,
  shape: readonly number[],
  axes: readonly number[],
): Float32Array {
  const out = new Float32Array(reducedSize(shape, axes)).fill(Number.NEGATIVE_INFINITY);
  if (values.length === 0) return out;
  if (shape.length === 0) {
    out[0] = values[0] as number;
    return out;
  }
  forEachReducedRow(shape, axes, (from, n, outOffset, step) => {
    for (let k = 0; k < n; k++) {
      const v = values[from + k] as number;
      const o = outOffset + k * step;
      // `v > max` is false against NaN, so a NaN, once in, stays (tfjs's rule).
      if (v > (out[o] as number) || Number.isNaN(v)) out[o] = v;
    }
  });
  return out;
}
