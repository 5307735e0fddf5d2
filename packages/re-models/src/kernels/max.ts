import { type KernelFunc, util } from "@tensorflow/tfjs-core";
import { type FastKernel, cpuBackend, float32Values, input } from "./cpu-backend.js";
import { reducedShape } from "./reduce-sum.js";

/**
 * One-pass replacement for the cpu `Max` on float32 (log-sum-exp shifts over tokens and mentions).
 * tfjs first transposes the reduced axes to the end, element by element, whenever they are not
 * innermost. NaN wins as in tfjs. Other dtypes go to the original.
 */
export const maxKernel: FastKernel = {
  kernelName: "Max",
  build(original: KernelFunc): KernelFunc {
    return (args) => {
      const x = input(args, "x");
      if (x.dtype !== "float32") return original(args);
      const backend = cpuBackend(args);
      const attrs = args.attrs ?? {};
      const axes = util.parseAxisParam(attrs.reductionIndices as number | number[], x.shape);
      return backend.makeTensorInfo(
        reducedShape(x.shape, axes, Boolean(attrs.keepDims)),
        "float32",
        maxOverAxes(float32Values(backend, x), x.shape, axes),
      );
    };
  },
};

/** Maximum of `values` (row-major, `shape`) over `axes`, walking the input once in order. */
export function maxOverAxes(
  values: Float32Array,
  shape: readonly number[],
  axes: readonly number[],
): Float32Array {
  const rank = shape.length;
  const reduced = new Set(axes);
  const out = new Float32Array(util.sizeFromShape(shape.filter((_, d) => !reduced.has(d))));
  out.fill(Number.NEGATIVE_INFINITY);
  if (values.length === 0) return out;
  if (rank === 0) {
    out[0] = values[0] as number;
    return out;
  }
  // Stride of each input axis in the output (0 for reduced axes).
  const outStrides = new Array<number>(rank).fill(0);
  let stride = 1;
  for (let d = rank - 1; d >= 0; d--) {
    if (reduced.has(d)) continue;
    outStrides[d] = stride;
    stride *= shape[d] as number;
  }
  const last = rank - 1;
  const n = shape[last] as number;
  const step = outStrides[last] as number;
  const index = new Array<number>(last).fill(0);
  const rows = values.length / n;
  let outOffset = 0;
  for (let r = 0; r < rows; r++) {
    const from = r * n;
    for (let k = 0; k < n; k++) {
      const v = values[from + k] as number;
      const o = outOffset + k * step;
      // `v > max` is false against NaN, so a NaN, once in, stays (tfjs's rule).
      if (v > (out[o] as number) || Number.isNaN(v)) out[o] = v;
    }
    for (let d = last - 1; d >= 0; d--) {
      const next = (index[d] as number) + 1;
      if (next < (shape[d] as number)) {
        index[d] = next;
        outOffset += outStrides[d] as number;
        break;
      }
      index[d] = 0;
      outOffset -= (next - 1) * (outStrides[d] as number);
    }
  }
  return out;
}
