import { type KernelFunc, backend_util, util } from "@tensorflow/tfjs-core";
import { type FastKernel, cpuBackend, float32Values, input } from "./cpu-backend.js";

/** Reduces float32 `values` (row-major, `shape`) over `axes` into the kept elements, in order. */
type Reduce = (
  values: Float32Array,
  shape: readonly number[],
  axes: readonly number[],
) => Float32Array;

/**
 * A one-pass replacement for a cpu reduction kernel on float32: reads the axes
 * from the attribute tfjs names them by (`axis` or `reductionIndices`), reduces
 * with `reduce` and keeps size-1 axes when asked. Other dtypes go to the original.
 */
export function reductionKernel(
  kernelName: string,
  axisAttr: "axis" | "reductionIndices",
  reduce: Reduce,
): FastKernel {
  return {
    kernelName,
    build(original: KernelFunc): KernelFunc {
      return (args) => {
        const x = input(args, "x");
        if (x.dtype !== "float32") return original(args);
        const backend = cpuBackend(args);
        const attrs = args.attrs ?? {};
        const axes = util.parseAxisParam(attrs[axisAttr] as number | number[], x.shape);
        return backend.makeTensorInfo(
          reducedShape(x.shape, axes, Boolean(attrs.keepDims)),
          "float32",
          reduce(float32Values(backend, x), x.shape, axes),
        );
      };
    },
  };
}

/** Output shape of a reduction over `axes` of `shape` (size-1 axes kept when `keepDims`). */
export function reducedShape(
  shape: readonly number[],
  axes: readonly number[],
  keepDims: boolean,
): number[] {
  const [outShape] = backend_util.computeOutAndReduceShapes(shape as number[], axes as number[]);
  return keepDims ? backend_util.expandShapeToKeepDim(outShape, axes as number[]) : outShape;
}

/**
 * Walks a row-major tensor of `shape` once, in order, one innermost row at a
 * time, and tells `visit` where that row's elements land in the reduction
 * over `axes`: element k of the row (input index `from + k`) goes to output
 * index `outOffset + k * step`. Shared by the one-pass Sum, Mean and Max.
 */
export function forEachReducedRow(
  shape: readonly number[],
  axes: readonly number[],
  visit: (from: number, n: number, outOffset: number, step: number) => void,
): void {
  const rank = shape.length;
  const reduced = new Set(axes);
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
  const rows = util.sizeFromShape(shape as number[]) / n;
  let outOffset = 0;
  for (let r = 0; r < rows; r++) {
    visit(r * n, n, outOffset, step);
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
}

/** Number of elements a reduction of `shape` over `axes` outputs. */
export function reducedSize(shape: readonly number[], axes: readonly number[]): number {
  const reduced = new Set(axes);
  return util.sizeFromShape(shape.filter((_, d) => !reduced.has(d)));
}

/**
 * Sums `values` (row-major, `shape`) over `axes` in one pass, without the transpose tfjs does
 * first. Each output element adds its inputs in the same row-major order as tfjs's Sum, in
 * float64, so results are identical. With `divisor`, each input is first rounded to float32 after
 * dividing by it, which is exactly what tfjs's Mean computes (`sum(x / n)`).
 */
export function sumOverAxes(
  values: Float32Array,
  shape: readonly number[],
  axes: readonly number[],
  divisor?: number,
): Float64Array {
  const acc = new Float64Array(reducedSize(shape, axes));
  if (values.length === 0) return acc;
  if (shape.length === 0) {
    acc[0] =
      divisor === undefined ? (values[0] as number) : Math.fround((values[0] as number) / divisor);
    return acc;
  }
  forEachReducedRow(shape, axes, (from, n, outOffset, step) => {
    if (divisor === undefined) {
      for (let k = 0; k < n; k++)
        acc[outOffset + k * step] =
          (acc[outOffset + k * step] as number) + (values[from + k] as number);
    } else {
      for (let k = 0; k < n; k++) {
        acc[outOffset + k * step] =
          (acc[outOffset + k * step] as number) +
          Math.fround((values[from + k] as number) / divisor);
      }
    }
  });
  return acc;
}
